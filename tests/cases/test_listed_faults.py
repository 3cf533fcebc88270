"""The faults a review planted on purpose (issue 26), each caught by what a user would notice:
a person's other case still open to a withdrawn institution, a measure refused at exactly the
required level, a stale assessment deciding, a duplicate missed, filters lost on the next
page, a closed case reopened or edited by the wrong institution, health data on the version
page of an institution that may not see it."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import permissions, services
from cases.duplicates import find_likely_duplicates
from cases.models import CEFR, Case, Literacy, Measure, Scope
from tests.factories import CaseFactory, MeasureTypeFactory, PersonFactory, assess, give_consent
from tests.forms import rendered_form

pytestmark = pytest.mark.django_db


def close(case, by):
    return services.close_case(case, closed_on=timezone.localdate(), reason="other", note="", by=by)


# --- Consent withdrawal reaches every case of the person ---------------------------------------


def test_a_withdrawn_consent_ends_the_access_to_every_case_of_the_person(
    client, sozialamt, sozialamt_case_manager, jobcenter, jobcenter_case_manager, yesterday
):
    earlier = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    close(earlier, sozialamt_case_manager)
    current = services.open_new_case(
        earlier.person, fields_of_action=["language"], by=sozialamt_case_manager
    )
    consent = services.record_consent(
        case=current,
        signed_on=yesterday,
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC]},
        by=sozialamt_case_manager,
    )
    client.force_login(jobcenter_case_manager)
    for case in (earlier, current):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200

    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:consent_withdraw", args=[current.pk, consent.pk]),
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302

    client.force_login(jobcenter_case_manager)
    for case in (earlier, current):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert (
        not permissions.visible_cases(jobcenter_case_manager).filter(person=earlier.person).exists()
    )


# --- Prerequisites: the threshold itself, and the newest assessment ----------------------------


@pytest.fixture
def a2_course(db):
    return MeasureTypeFactory(name="Berufssprachkurs A2", min_german_level=CEFR.A2)


@pytest.mark.parametrize(
    ("level", "refused"), [(CEFR.A1, True), (CEFR.A2, False), (CEFR.B1, False)]
)
def test_the_german_level_admits_at_and_above_the_threshold_and_refuses_below(
    sozialamt_case, sozialamt_case_manager, a2_course, level, refused
):
    assess(sozialamt_case, sozialamt_case_manager, level=level, literacy=Literacy.LATIN)
    missing = services.check_measure(sozialamt_case, a2_course)
    assert bool(missing) is refused
    if refused:
        assert "Deutsch mindestens A2" in str(missing[0])


@pytest.mark.parametrize(
    ("levels", "refused"), [((CEFR.A1, CEFR.A2), False), ((CEFR.A2, CEFR.A1), True)]
)
def test_the_newest_assessment_decides_on_the_prerequisites(
    client, sozialamt_case, sozialamt_case_manager, a2_course, levels, refused
):
    for level in levels:
        assess(sozialamt_case, sozialamt_case_manager, level=level, literacy=Literacy.LATIN)
    measure = Measure(
        measure_type=a2_course, responsible_institution=sozialamt_case.lead_institution
    )
    if refused:
        with pytest.raises(services.PrerequisitesNotMet):
            services.plan_measure(
                case=sozialamt_case, measure=measure, justification="", by=sozialamt_case_manager
            )
    else:
        services.plan_measure(
            case=sozialamt_case, measure=measure, justification="", by=sozialamt_case_manager
        )
        assert sozialamt_case.measures.get().unmet_prerequisites == []


# --- Duplicate check with an unknown birth year ------------------------------------------------


def test_a_person_whose_birth_year_is_unknown_is_a_likely_duplicate_of_any_year(
    jobcenter, sozialamt_case_manager
):
    unknown = CaseFactory(
        lead_institution=jobcenter,
        person=PersonFactory(
            given_names="Tesfay",
            family_name="Gebremedhin",
            birth_year=None,
            registered_by=jobcenter,
        ),
    )
    known = CaseFactory(
        lead_institution=jobcenter,
        person=PersonFactory(
            given_names="Tesfay",
            family_name="Gebremedhin",
            birth_year=1980,
            registered_by=jobcenter,
        ),
    )

    def found(birth_year):
        hits = find_likely_duplicates(
            given_names="Tesfay",
            family_name="Gebremedin",
            birth_year=birth_year,
            visible=Case.objects.all(),
            asked_by=sozialamt_case_manager,
        )
        return {hit.visible_case for hit in hits}

    assert found(1994) == {unknown}  # the other Tesfay was born in 1980: no duplicate
    assert found(1980) == {unknown, known}
    assert found(None) == {unknown, known}


# --- "ältere Fälle" keeps the filters ----------------------------------------------------------


def test_the_older_cases_link_keeps_the_filters_of_the_form(
    client, monkeypatch, sozialamt, sozialamt_case_manager, sozialamt_colleague
):
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 2)
    mine = CaseFactory.create_batch(
        3, lead_institution=sozialamt, case_manager=sozialamt_case_manager
    )
    colleagues = CaseFactory.create_batch(
        3, lead_institution=sozialamt, case_manager=sozialamt_colleague
    )
    for case in [*mine, *colleagues]:
        services.touch(case)  # the colleague's cases are the newest
    client.force_login(sozialamt_case_manager)
    form = rendered_form(client.get(reverse("cases:list")), having="case_manager")
    form.set("case_manager", sozialamt_case_manager.pk)  # the user picks a case manager

    first = form.submit(client).content.decode()
    assert "3 Fälle" in first
    query = html.unescape(first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0])
    older = client.get(reverse("cases:list") + query).content.decode()
    assert "3 Fälle" in older
    body = older[older.index("<tbody") : older.index("</tbody>")]
    assert mine[0].reference in body
    assert not any(case.reference in body for case in colleagues)
    assert first[first.index("<tbody") : first.index("</tbody>")].count("<tr") == 2


# --- Closed cases: only the lead opens a new case, nobody edits the closed one -----------------


@pytest.fixture
def closed_shared_case(sozialamt_case, sozialamt_case_manager, jobcenter):
    give_consent(sozialamt_case, jobcenter, [Scope.BASIC, Scope.NOTES, Scope.PLAN])
    return close(sozialamt_case, sozialamt_case_manager)


def test_only_the_lead_opens_a_new_case_for_a_closed_one(
    client, closed_shared_case, sozialamt_case_manager, jobcenter_case_manager
):
    case = closed_shared_case
    url = reverse("cases:reopen", args=[case.pk])
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert url not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url, {"fields_of_action": ["language"]}).status_code == 404
    assert Case.objects.filter(person=case.person).count() == 1

    client.force_login(sozialamt_case_manager)
    assert url in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert client.post(url, {"fields_of_action": ["language"]}).status_code == 302
    assert Case.objects.filter(person=case.person, closed_on__isnull=True).count() == 1


def test_the_lead_does_not_edit_a_closed_case(client, closed_shared_case, sozialamt_case_manager):
    case = closed_shared_case
    client.force_login(sozialamt_case_manager)
    url = reverse("cases:edit", args=[case.pk])
    assert url not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "version": case.version,
            "case_manager": sozialamt_case_manager.pk,
            "fields_of_action": ["work"],
            "phase": Case.Phase.PLANNING,
        },
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.phase == Case.Phase.CLOSED
    assert case.fields_of_action == ["language", "work"]


# --- Health constraints on the assessment's version page ---------------------------------------


def test_the_assessment_version_page_shows_health_constraints_to_the_lead_only(
    client, sozialamt_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    assessment = assess(
        sozialamt_case,
        sozialamt_case_manager,
        own_goals="MARKER-ZIEL Elektriker werden",
        health_constraints="MARKER-GESUNDHEIT Rückenleiden",
    )
    give_consent(sozialamt_case, jobcenter, [Scope.ASSESSMENT])
    url = reverse("cases:assessment_detail", args=[sozialamt_case.pk, assessment.version])

    client.force_login(jobcenter_case_manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "MARKER-ZIEL" in page.content.decode()
    assert "MARKER-GESUNDHEIT" not in page.content.decode()

    client.force_login(sozialamt_case_manager)
    assert "MARKER-GESUNDHEIT" in client.get(url).content.decode()
