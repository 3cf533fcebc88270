"""The accessibility statement (BITV 2.0) and the endpoint that extends a session (WCAG 2.2.1)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_statement_is_linked_in_the_footer_and_readable_without_login(client):
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in login_page
    page = client.get(reverse("accessibility")).content.decode()
    for part in (
        "Erklärung zur Barrierefreiheit",
        "teilweise mit den Anforderungen vereinbar",
        "Nicht barrierefreie Inhalte",
        "Letzte Prüfung:",
        "Barrieren melden",
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        "Überwachungsstelle für barrierefreie Informationstechnik",
    ):
        assert part in page, part


def test_extending_saves_the_session_with_a_new_expiry(client, steering_member, settings):
    settings.SESSION_REFRESH_SECONDS = 3600  # plain activity would not save it again
    client.force_login(steering_member)
    client.get(reverse("home"))
    session = Session.objects.get(session_key=client.session.session_key)
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    response = client.post(reverse("session_extend"))
    assert response.json() == {"seconds_left": settings.SESSION_COOKIE_AGE}
    extended = Session.objects.get(pk=session.pk).expire_date
    assert extended >= soon + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
