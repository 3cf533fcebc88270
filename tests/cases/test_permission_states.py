"""Every access decision in the states a real case goes through: open and closed, a person
with cases at two institutions, the former lead after a handover, an inactive account and an
inactive institution; and each prerequisite at, below and above its threshold."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import permissions, services
from cases.models import CEFR, Case, Literacy, Scope
from tests.factories import (
    CaseFactory,
    HandoverFactory,
    MeasureTypeFactory,
    assess,
    give_consent,
)

pytestmark = pytest.mark.django_db

ALL = dict.fromkeys(
    [
        "view",
        "edit",
        "view_assessment",
        "view_plan",
        "view_notes",
        "view_health",
        "add_note",
        "add_follow_up",
        "upload_document",
        "manage_consent",
        "propose_handover",
        "view_handover_summary",
        "reopen",
        "view_residence",
        "record_residence",
        "decide_eligibility",
        "edit_recognition",
    ],
    False,
)
LEAD_OPEN = dict.fromkeys(ALL, True) | {"reopen": False}
LEAD_CLOSED = ALL | dict.fromkeys(
    [
        "view",
        "view_assessment",
        "view_plan",
        "view_notes",
        "view_health",
        "manage_consent",
        "view_handover_summary",
        "reopen",
        "view_residence",
    ],
    True,
)
READER_CLOSED = ALL | dict.fromkeys(
    ["view", "view_assessment", "view_plan", "view_notes", "view_handover_summary"], True
)
READER_OPEN = READER_CLOSED | {"add_note": True, "add_follow_up": True}


def granted(user, case) -> dict[str, bool]:
    return ALL | {k: v for k, v in permissions.abilities(user, case).items() if v}


def close(case, by):
    return services.close_case(case, closed_on=timezone.localdate(), reason="other", note="", by=by)


@pytest.fixture
def shared_case(sozialamt_case, jobcenter):
    give_consent(
        sozialamt_case, jobcenter, [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES]
    )
    return sozialamt_case


def test_every_decision_on_an_open_and_on_a_closed_case(
    shared_case, sozialamt_case_manager, jobcenter_case_manager, unconsented_outsider
):
    assert permissions.abilities(sozialamt_case_manager, shared_case).keys() == ALL.keys()
    assert granted(sozialamt_case_manager, shared_case) == LEAD_OPEN
    assert granted(jobcenter_case_manager, shared_case) == READER_OPEN
    assert granted(unconsented_outsider, shared_case) == ALL

    close(shared_case, sozialamt_case_manager)
    shared_case.refresh_from_db()
    assert granted(sozialamt_case_manager, shared_case) == LEAD_CLOSED
    assert granted(jobcenter_case_manager, shared_case) == READER_CLOSED
    assert granted(unconsented_outsider, shared_case) == ALL


def test_a_person_with_cases_at_two_institutions_each_sees_its_own(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager
):
    earlier = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    close(earlier, sozialamt_case_manager)
    later = CaseFactory(
        person=earlier.person, lead_institution=jobcenter, case_manager=jobcenter_case_manager
    )
    permissions.sync_person_access(earlier.person)
    earlier.refresh_from_db()
    assert granted(sozialamt_case_manager, earlier) == LEAD_CLOSED
    assert granted(sozialamt_case_manager, later) == ALL
    assert granted(jobcenter_case_manager, later) == LEAD_OPEN
    assert granted(jobcenter_case_manager, earlier) == ALL
    client.force_login(sozialamt_case_manager)
    assert client.get(reverse("cases:detail", args=[later.pk])).status_code == 404
    listed = client.get(reverse("cases:list"), {"status": "closed"}).content.decode()
    assert earlier.reference in listed and later.reference not in listed

    # One consent of the person reaches both cases, each for the other institution.
    give_consent(later, sozialamt, [Scope.BASIC])
    give_consent(earlier, jobcenter, [Scope.BASIC])
    later.refresh_from_db()
    assert granted(sozialamt_case_manager, later)["view"] is True
    assert granted(sozialamt_case_manager, later)["edit"] is False
    assert granted(jobcenter_case_manager, earlier)["view"] is True


def test_the_former_lead_keeps_only_what_the_consent_gives_after_a_handover(
    client, sozialamt_case, sozialamt, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    give_consent(sozialamt_case, jobcenter, [Scope.BASIC])
    handover = HandoverFactory(case=sozialamt_case, to_institution=jobcenter)
    services.accept_handover(handover, by=jobcenter_case_manager)
    case = Case.objects.get(pk=sozialamt_case.pk)
    assert granted(jobcenter_case_manager, case) == LEAD_OPEN
    assert granted(sozialamt_case_manager, case) == ALL
    with pytest.raises(Http404):
        permissions.get_case_for(sozialamt_case_manager, case.pk, action="edit")
    client.force_login(sozialamt_case_manager)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404

    give_consent(case, sozialamt, [Scope.BASIC, Scope.NOTES])  # the person lets it read on
    assert granted(sozialamt_case_manager, case) == ALL | {
        "view": True,
        "view_notes": True,
        "view_handover_summary": True,
        "add_note": True,
        "add_follow_up": True,
    }


def test_an_inactive_account_opens_nothing(client, shared_case, jobcenter_case_manager):
    jobcenter_case_manager.is_active = False
    jobcenter_case_manager.save()
    client.force_login(jobcenter_case_manager)
    response = client.get(reverse("cases:detail", args=[shared_case.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    assert client.get(reverse("cases:list")).status_code == 302


def test_an_inactive_institution_sees_no_case_any_more(
    client, shared_case, jobcenter, jobcenter_case_manager
):
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[shared_case.pk])).status_code == 200
    jobcenter.is_active = False
    jobcenter.save()
    jobcenter_case_manager.refresh_from_db()
    assert granted(jobcenter_case_manager, shared_case) == ALL
    assert not permissions.visible_cases(jobcenter_case_manager).exists()
    assert client.get(reverse("cases:detail", args=[shared_case.pk])).status_code == 404
    assert shared_case.reference not in client.get(reverse("cases:list")).content.decode()


@pytest.mark.parametrize(
    ("literacy", "refused"),
    [(Literacy.NONE, True), (Literacy.OTHER_SCRIPT, False), (Literacy.LATIN, False)],
)
def test_the_literacy_prerequisite_at_below_and_above_its_threshold(
    sozialamt_case, sozialamt_case_manager, literacy, refused
):
    course = MeasureTypeFactory(name="Zweitschriftkurs", min_literacy=Literacy.OTHER_SCRIPT)
    assess(sozialamt_case, sozialamt_case_manager, level=CEFR.A1, literacy=literacy)
    missing = services.check_measure(sozialamt_case, course)
    assert bool(missing) is refused
    if refused:
        assert "Voraussetzung Alphabetisierung" in str(missing[0])


@pytest.mark.parametrize(
    ("level", "refused"), [(CEFR.A2, True), (CEFR.B1, False), (CEFR.B2, False)]
)
def test_the_german_prerequisite_at_below_and_above_b1(
    sozialamt_case, sozialamt_case_manager, level, refused
):
    course = MeasureTypeFactory(name="Berufssprachkurs B1", min_german_level=CEFR.B1)
    assess(sozialamt_case, sozialamt_case_manager, level=level, literacy=Literacy.LATIN)
    assert bool(services.check_measure(sozialamt_case, course)) is refused
