"""No page or PDF of the working groups names a person: every networks page, with the ids of
every demo object, is searched for the names of all demo persons."""

import io
import itertools
import subprocess

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Person
from networks.models import AgendaItem, Meeting, Strategy, Trajectory, User, WorkingGroup

pytestmark = pytest.mark.django_db


def _networks_urls():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespace == "networks:":
                yield namespace + pattern.name, list(pattern.pattern.converters)

    return sorted(walk(get_resolver().url_patterns))


@pytest.mark.parametrize("username", ["koordination", "arbeitskreis"])
def test_no_networks_page_or_pdf_shows_a_demo_persons_name(client, settings, username):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_data", stdout=io.StringIO())
    names = set()
    for person in Person.objects.all():
        names |= {person.family_name, f"{person.given_names} {person.family_name}"}
    assert "Verlaufsdemo" in names
    ids = {
        "pk": sorted(
            {
                *WorkingGroup.objects.values_list("pk", flat=True),
                *Meeting.objects.values_list("pk", flat=True),
                *Trajectory.objects.values_list("pk", flat=True),
                *Strategy.objects.values_list("pk", flat=True),
            }
        ),
        "item_pk": list(AgendaItem.objects.values_list("pk", flat=True)),
        "position": [1, 2],
        "version": [1, 2],
    }
    client.force_login(User.objects.get(username=username))
    seen, leaks = 0, []
    for name, kwargs in _networks_urls():
        for values in itertools.product(*(ids[k] for k in kwargs)):
            url = reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))
            response = client.get(url)
            if response.status_code != 200:
                continue
            seen += 1
            body = response.content
            if response["Content-Type"] == "application/pdf":
                body = subprocess.run(
                    ["pdftotext", "-", "-"], input=body, capture_output=True, check=True
                ).stdout
            text = body.decode("utf-8", "replace")
            leaks += [f"{url}: {n}" for n in names if n in text]
    assert seen > 30
    assert leaks == []
