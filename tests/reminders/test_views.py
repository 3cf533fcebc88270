"""The bell, the list and the preferences, as the case manager sees them."""

import pytest
from django.urls import reverse

from cases import notifications
from cases.models import Notification, NotificationKind
from tests.factories import CaseFactory, FollowUpFactory
from tests.reminders.conftest import WEDNESDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified_case(sozialamt_case):
    FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY)
    CaseFactory(
        lead_institution=sozialamt_case.lead_institution,
        case_manager=sozialamt_case.case_manager,
        person__residence_expires_on=WEDNESDAY,
    )
    notifications.run_finders(today=WEDNESDAY)
    return sozialamt_case


def test_the_list_shows_case_references_and_kinds_but_no_names(client, notified_case):
    client.force_login(notified_case.case_manager)

    page = client.get(reverse("cases:notifications")).content.decode()

    assert f"F-{notified_case.pk:06d}" in page
    assert "Wiedervorlage fällig" in page
    assert "Aufenthaltstitel läuft ab" in page
    assert notified_case.person.family_name not in page
    assert 'data-unread="2"' in page


def test_marking_one_as_read_lowers_the_count_of_the_bell(client, notified_case):
    user = notified_case.case_manager
    client.force_login(user)
    first = Notification.objects.filter(user=user).first()

    response = client.post(reverse("cases:notification_read", args=[first.pk]), follow=True)

    assert 'data-unread="1"' in response.content.decode()
    assert Notification.objects.get(pk=first.pk).read_at is not None


def test_marking_all_as_read_empties_the_bell(client, notified_case):
    client.force_login(notified_case.case_manager)

    response = client.post(reverse("cases:notifications_read_all"), follow=True)

    assert "data-unread" not in response.content.decode()
    assert not Notification.objects.unread().filter(user=notified_case.case_manager).exists()


def test_nobody_can_mark_the_notifications_of_another_user(
    client, notified_case, jobcenter_case_manager
):
    client.force_login(jobcenter_case_manager)
    other = Notification.objects.filter(user=notified_case.case_manager).first()

    client.post(reverse("cases:notification_read", args=[other.pk]))
    client.post(reverse("cases:notifications_read_all"))

    assert Notification.objects.get(pk=other.pk).read_at is None


def test_the_preferences_switch_off_follow_up_emails_but_not_legal_deadlines(
    client, sozialamt_case_manager
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:notification_preferences")).content.decode()
    assert "können" in page and "abgeschaltet werden" in page
    assert 'value="consent_expiring" id="kind-consent_expiring" checked disabled' in page

    client.post(
        reverse("cases:notification_preferences"),
        {"email_kinds": [NotificationKind.MEASURE_ENDING]},
    )

    preferences = notifications.settings_for(sozialamt_case_manager)
    assert not preferences.wants_email(NotificationKind.FOLLOW_UP_DUE)
    assert preferences.wants_email(NotificationKind.MEASURE_ENDING)
    assert preferences.wants_email(NotificationKind.RESIDENCE_EXPIRING)
    assert preferences.wants_email(NotificationKind.CONSENT_EXPIRED)


def test_the_beat_schedule_is_seeded_as_data(db):
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    seed = import_module("cases.migrations.0005_reminder_schedule").seed
    seed(apps, None)
    seed(apps, None)  # idempotent

    tasks = {t.task: t for t in PeriodicTask.objects.filter(task__startswith="cases.tasks.")}
    assert set(tasks) == {
        "cases.tasks.find_reminders",
        "cases.tasks.send_digests",
        "cases.tasks.revoke_expired_consents",
    }
    digest = tasks["cases.tasks.send_digests"].crontab
    assert (digest.hour, digest.minute, str(digest.timezone)) == ("7", "0", "Europe/Berlin")
