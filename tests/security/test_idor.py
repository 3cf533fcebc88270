"""IDOR sweep: users without (full) consent request every case-related URL with the ids of
every existing object. Nothing leaks: 404 (or a harmless redirect), no personal data of the
case in any response, nothing changed."""

import itertools

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import CaseInquiry, Consent, FollowUp, Handover, Notification
from networks.models import AccountChange
from tests.security.conftest import SECRETS

pytestmark = pytest.mark.django_db

# Views that answer with a redirect to a list whatever the id (they act only on own rows).
REDIRECT_OK = {"cases:notification_read", "cases:follow_up_done", "cases:inquiry_done"}
# Not case data: the measure catalogue and the project budget's years (their own 403 for
# everyone but coordinators: URL matrix).
NOT_CASE_RELATED = {"cases:measure_type_edit", "steering:budget_year_edit"}


def id_urls():
    """(name, [int kwarg names]) of every URL pattern that takes object ids."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
                ints = [k for k, c in pattern.pattern.converters.items() if c.regex == "[0-9]+"]
                name = namespace + (pattern.name or "")
                # networks' pages hold no case data: tests/networks/test_access.py sweeps them.
                if (
                    ints
                    and not namespace.startswith(("admin:", "networks:"))
                    and name not in NOT_CASE_RELATED
                ):
                    yield name, ints

    return sorted(walk(get_resolver().url_patterns))


def _sweep(client, world, secrets):
    ids = sorted({obj.pk for obj in world.values()} | {1, 2})
    leaks, statuses = [], set()
    urls = id_urls()
    assert any(name == "cases:document_download" for name, _ in urls)
    for name, kwargs in urls:
        for values in itertools.product(ids, repeat=len(kwargs)):
            url = reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = b"".join(response) if response.streaming else response.content
                text = body.decode("utf-8", "replace")
                statuses.add(response.status_code)
                ok = response.status_code in (404, 405) or (
                    response.status_code == 302 and name in REDIRECT_OK
                )
                if not ok:
                    leaks.append(f"{method.upper()} {url} -> {response.status_code}")
                leaks += [f"{method.upper()} {url} shows {s}" for s in secrets if s in text]
    return leaks


def _unchanged(world):
    assert AccountChange.objects.get(pk=world["account_change"].pk).undone_at is None
    assert Notification.objects.get(pk=world["notification"].pk).read_at is None
    assert FollowUp.objects.get(pk=world["follow_up"].pk).done_at is None
    assert CaseInquiry.objects.get(pk=world["inquiry"].pk).answered_at is None
    assert Handover.objects.get(pk=world["handover"].pk).status == "requested"
    assert Consent.objects.get(pk=world["consent"].pk).withdrawn_on is None


def test_case_manager_of_an_unconsented_institution_gets_nothing_for_any_id(
    client, unconsented_outsider, world
):
    client.force_login(unconsented_outsider)
    assert _sweep(client, world, SECRETS) == []
    _unchanged(world)


def test_institution_with_consent_for_the_basics_gets_no_assessment_plan_notes_or_documents(
    client, jobcenter_case_manager, world
):
    """The Jobcenter may see the basics (names) and answer the handover offered to it; nothing
    else: the sweep skips the pages the basics scope opens and looks for the other markers."""
    client.force_login(jobcenter_case_manager)
    case = world["case"]
    basics = {
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:history", args=[case.pk]),
        reverse("cases:follow_up_add", args=[case.pk]),
        reverse("cases:handover_answer", args=[world["handover"].pk]),
    }
    hidden = [s for s in SECRETS if s.startswith("MARKER") and s != "MARKER-UEBERGABE"]
    for url in basics:
        text = client.get(url).content.decode()
        assert [s for s in hidden if s in text] == []
    for name in ("cases:assessment_detail", "cases:plan_detail"):
        assert client.get(reverse(name, args=[case.pk, 1])).status_code == 404
    document_url = reverse("cases:document_download", args=[case.pk, world["document"].pk])
    assert client.get(document_url).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "steering_member", "administrator"])
def test_roles_without_case_content_get_nothing_for_any_id(client, request, role, world):
    client.force_login(request.getfixturevalue(role))
    assert _sweep(client, world, SECRETS) == []
    _unchanged(world)


@pytest.mark.parametrize("role", ["unconsented_outsider", "jobcenter_case_manager"])
def test_the_sent_handovers_list_shows_no_other_institutions_handover(client, request, role, world):
    """The list takes no id: an institution sees only the handovers it proposed itself."""
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("cases:sent_handovers")).content.decode()
    assert world["case"].reference not in page
    assert [s for s in SECRETS if s in page] == []


def test_the_senders_own_list_holds_the_record_but_no_case_content(
    client, sozialamt_case_manager, world
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:sent_handovers")).content.decode()
    assert world["case"].reference in page
    assert [s for s in SECRETS if s in page] == []
