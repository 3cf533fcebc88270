"""Residence-status history: derivation rules, validation, eligibility re-check (issue 19)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from cases import residence, residence_services
from cases.models import (
    AuditEntry,
    EligibilityReview,
    LegalDomainChange,
    Measure,
    Notification,
    ResidenceRecord,
    ResidenceStatus,
)
from networks.models import Institution, LegalDomain
from tests.factories import (
    InstitutionFactory,
    MeasureFactory,
    MeasureTypeFactory,
    PlanFactory,
    assess,
    give_consent,
    make_user,
)

TODAY = timezone.localdate()
S = ResidenceStatus
D = LegalDomain


@pytest.mark.parametrize(
    ("basis", "status", "domain"),
    [
        ("55_asylg", S.PERMISSION_TO_REMAIN, D.ASYLBLG),
        ("60a_aufenthg", S.TOLERATION, D.ASYLBLG),
        ("25_1", S.HUMANITARIAN, D.SGB_II),
        ("25_2", S.HUMANITARIAN, D.SGB_II),
        ("25_3", S.HUMANITARIAN, D.SGB_II),
        ("25_5", S.HUMANITARIAN, D.ASYLBLG),
        ("24_aufenthg", S.TEMPORARY_PROTECTION, D.SGB_II),
        ("28_36_aufenthg", S.FAMILY, D.SGB_II),
        ("16a_aufenthg", S.EMPLOYMENT, D.NONE),
        ("18a_aufenthg", S.EMPLOYMENT, D.NONE),
        ("18b_aufenthg", S.EMPLOYMENT, D.NONE),
        ("9_aufenthg", S.SETTLEMENT, D.SGB_II),
        ("26_3_aufenthg", S.SETTLEMENT, D.SGB_II),
        ("2_freizuegg", S.EU_FREE_MOVEMENT, D.SGB_II),
        ("german", S.GERMAN, D.SGB_II),
        ("unclear", S.UNCLEAR, D.NONE),
    ],
)
def test_each_legal_basis_gives_its_status_and_legal_domain(basis, status, domain):
    assert residence.fits(status, basis)
    assert residence.legal_domain_for(basis, birth_year=1990, on=TODAY) == domain


def test_every_status_has_a_default_basis_that_fits_it():
    assert set(residence.DEFAULT_BASIS) == set(S.values)
    assert all(residence.fits(s, b) for s, b in residence.DEFAULT_BASIS.items())


def test_past_the_retirement_age_sgb_ii_becomes_sgb_xii():
    assert residence.legal_domain_for("25_2", birth_year=TODAY.year - 70, on=TODAY) == D.SGB_XII


@pytest.fixture
def auslaenderbehoerde(db):
    return InstitutionFactory(
        name="Ausländerbehörde Kreis Steinfurt",
        short_name="ABH",
        kind=Institution.Kind.IMMIGRATION_OFFICE,
        legal_domain=D.RESIDENCE_LAW,
    )


@pytest.fixture
def abh_case_manager(auslaenderbehoerde):
    return make_user("abh.fm", auslaenderbehoerde, first_name="Anna", last_name="Albers")


@pytest.fixture
def world(sozialamt_case, sozialamt_case_manager, auslaenderbehoerde, abh_case_manager):
    """A Gestattung since arrival; a literacy course paid under AsylbLG running; a Jobcenter
    instrument in the catalogue; the Ausländerbehörde may see the residence part."""
    case = sozialamt_case
    residence_services.record_status(
        person=case.person,
        record=ResidenceRecord(
            status=S.PERMISSION_TO_REMAIN,
            legal_basis="55_asylg",
            valid_from=TODAY - datetime.timedelta(days=300),
            decided_on=TODAY - datetime.timedelta(days=300),
            authority="BAMF",
        ),
        by=sozialamt_case_manager,
    )
    asylblg_course = MeasureTypeFactory(
        name="Alphabetisierungskurs (AsylbLG)",
        field_of_action="language",
        allowed_legal_domains=[D.ASYLBLG],
    )
    jobcenter_tool = MeasureTypeFactory(
        name="Maßnahme zur Aktivierung (§ 45 SGB III i. V. m. § 16 SGB II)",
        field_of_action="work",
        allowed_legal_domains=[D.SGB_II],
    )
    measure = MeasureFactory(
        case=case,
        measure_type=asylblg_course,
        status=Measure.Status.RUNNING,
        actual_start=TODAY - datetime.timedelta(days=30),
    )
    give_consent(case, auslaenderbehoerde, ["basic", "residence"])
    case.refresh_from_db()
    return {"case": case, "measure": measure, "jobcenter_tool": jobcenter_tool}


def recognition(**overrides):
    values = {
        "status": S.HUMANITARIAN,
        "legal_basis": "25_2",
        "valid_from": TODAY,
        "valid_until": TODAY + datetime.timedelta(days=3 * 365),
        "decided_on": TODAY,
        "authority": "Ausländerbehörde Kreis Steinfurt",
    }
    return {**values, **overrides}


def test_a_recognition_moves_the_person_to_sgb_ii_and_records_the_domain_change(
    world, abh_case_manager
):
    person = world["case"].person
    residence_services.record_status(
        person=person, record=ResidenceRecord(**recognition()), by=abh_case_manager
    )
    person.refresh_from_db()
    assert (person.residence_status, person.legal_domain) == (S.HUMANITARIAN, D.SGB_II)
    change = LegalDomainChange.objects.get(person=person)
    assert (change.from_domain, change.to_domain, change.changed_on) == (D.ASYLBLG, D.SGB_II, TODAY)
    gestattung = person.residence_records.get(status=S.PERMISSION_TO_REMAIN)
    assert gestattung.valid_until == TODAY - datetime.timedelta(days=1)


def test_a_recognition_makes_the_sgb_ii_measure_possible_and_the_asylblg_one_lose_its_basis(
    world, abh_case_manager, sozialamt_case_manager, client
):
    case, measure = world["case"], world["measure"]
    residence_services.record_status(
        person=case.person, record=ResidenceRecord(**recognition()), by=abh_case_manager
    )
    record = case.person.residence_records.first()
    assert world["jobcenter_tool"].name in record.became_possible
    review = EligibilityReview.objects.get(measure=measure)
    assert review.is_open and "AsylbLG" in review.missing[0]
    # Nothing changed without a decision.
    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING
    # Notified ...
    assert Notification.objects.filter(
        user=sozialamt_case_manager, kind="eligibility_changed", case=case
    ).exists()
    # ... and shown on the case page.
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Jetzt möglich:" in page and world["jobcenter_tool"].name in page
    assert "Nicht mehr möglich:" in page and "Alphabetisierungskurs (AsylbLG)" in page
    assert reverse("cases:eligibility_decide", args=[case.pk, review.pk]) in page


def test_continuing_a_measure_that_lost_its_basis_needs_a_justification(
    world, abh_case_manager, sozialamt_case_manager, client
):
    case, measure = world["case"], world["measure"]
    residence_services.record_status(
        person=case.person, record=ResidenceRecord(**recognition()), by=abh_case_manager
    )
    review = EligibilityReview.objects.get(measure=measure)
    client.force_login(sozialamt_case_manager)
    url = reverse("cases:eligibility_decide", args=[case.pk, review.pk])
    answer = client.post(url, {"decision": "continue", "justification": ""})
    assert "Bitte begründen" in answer.content.decode()
    review.refresh_from_db()
    assert review.is_open
    answer = client.post(
        url, {"decision": "continue", "justification": "Kurs endet in zwei Wochen."}
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    measure.refresh_from_db()
    assert review.decision == "continue" and measure.status == Measure.Status.RUNNING
    assert measure.justification == "Kurs endet in zwei Wochen." and measure.overrode_prerequisites
    assert AuditEntry.objects.filter(
        object_type="eligibilityreview", detail="decision=continue"
    ).exists()


def test_ending_or_replacing_a_measure_that_lost_its_basis(
    world, abh_case_manager, sozialamt_case_manager
):
    case, measure = world["case"], world["measure"]
    residence_services.record_status(
        person=case.person, record=ResidenceRecord(**recognition()), by=abh_case_manager
    )
    review = EligibilityReview.objects.get(measure=measure)
    residence_services.decide_review(
        review,
        decision="replace",
        justification="",
        replacement_type=world["jobcenter_tool"],
        by=sozialamt_case_manager,
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ABORTED and measure.abort_reason
    assert case.measures.filter(measure_type=world["jobcenter_tool"], status="planned").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"valid_until": TODAY - datetime.timedelta(days=5)},
            "valid_until",
            "Das Ende der Gültigkeit liegt vor ihrem Beginn.",
        ),
        ({"legal_basis": "60a_aufenthg"}, "legal_basis", "passt nicht zum Status"),
        (
            {
                "valid_from": TODAY - datetime.timedelta(days=400),
                "valid_until": TODAY - datetime.timedelta(days=200),
            },
            "valid_from",
            "überschneidet sich",
        ),
    ],
)
def test_bad_status_input_gets_a_german_message_and_keeps_the_input(
    world, abh_case_manager, client, overrides, field, message
):
    case = world["case"]
    client.force_login(abh_case_manager)
    data = recognition(**overrides)
    data = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
    answer = client.post(reverse("cases:residence_add", args=[case.pk]), data)
    assert answer.status_code == 200
    form = answer.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="Ausländerbehörde Kreis Steinfurt"' in answer.content.decode()
    assert case.person.residence_records.count() == 1


def test_the_auslaenderbehoerde_records_a_status_through_the_page(world, abh_case_manager, client):
    case = world["case"]
    client.force_login(abh_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Aufenthaltsstatus (Verlauf)" in page and "Aufenthaltsgestattung" in page
    data = {
        k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in recognition().items()
    }
    answer = client.post(reverse("cases:residence_add", args=[case.pk]), data)
    assert answer.status_code == 302
    assert case.person.residence_records.count() == 2
    # It decides on residence, not on the Sozialamt's measures.
    review = EligibilityReview.objects.get()
    assert (
        client.get(reverse("cases:eligibility_decide", args=[case.pk, review.pk])).status_code
        == 404
    )


def test_an_institution_without_the_residence_scope_sees_nothing_of_the_history(
    world, jobcenter, jobcenter_case_manager, client
):
    case = world["case"]
    give_consent(case, jobcenter, ["basic", "plan"])
    client.force_login(jobcenter_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Aufenthaltsstatus (Verlauf)" not in page and "§ 55 AsylG" not in page
    assert client.get(reverse("cases:residence_add", args=[case.pk])).status_code == 404


def test_the_person_form_no_longer_takes_the_status_or_the_legal_domain(
    world, sozialamt_case_manager, client
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:person_edit", args=[world["case"].pk])).content.decode()
    assert 'name="residence_status"' not in page and 'name="legal_domain"' not in page


def test_the_migration_takes_the_old_single_field_into_the_history_without_loss(
    audit_log_truncatable,
):
    before = [("cases", "0017_notification_handover_answers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        # Only the cases app goes back: the institution is made with today's model, as its
        # table still has today's columns.
        institution = Institution.objects.create(
            name="Sozialamt", short_name="SA", kind="social_welfare", legal_domain="asylblg"
        )
        Person_ = executor.loader.project_state(before).apps.get_model("cases", "Person")
        duldung = Person_.objects.create(
            given_names="A",
            family_name="B",
            registered_by_id=institution.pk,
            residence_status="duldung",
            residence_expires_on=datetime.date(2026, 3, 31),
            legal_domain="asylblg",
            arrival_date=datetime.date(2025, 1, 10),
        )
        settled = Person_.objects.create(
            given_names="C",
            family_name="D",
            registered_by_id=institution.pk,
            residence_status="settlement",
            legal_domain="sgb2",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    first = ResidenceRecord.objects.get(person_id=duldung.pk)
    assert (
        first.status,
        first.legal_basis,
        first.valid_from,
        first.valid_until,
        first.legal_domain,
        first.migrated,
    ) == (
        "duldung",
        "60a_aufenthg",
        datetime.date(2025, 1, 10),
        datetime.date(2026, 3, 31),
        "asylblg",
        True,
    )
    second = ResidenceRecord.objects.get(person_id=settled.pk)
    assert (second.status, second.legal_basis, second.valid_until, second.legal_domain) == (
        "settlement",
        "9_aufenthg",
        None,
        "sgb2",
    )


# --- The prepared handover ----------------------------------------------------------------


@pytest.fixture
def recognised(world, abh_case_manager, sozialamt_case_manager):
    case = world["case"]
    assess(case, sozialamt_case_manager, own_goals="Elektriker")
    PlanFactory(case=case, goal="Ausbildung zum Elektroniker")
    residence_services.record_status(
        person=case.person, record=ResidenceRecord(**recognition()), by=abh_case_manager
    )
    case.refresh_from_db()
    return world


def test_without_a_consent_for_the_jobcenter_the_handover_asks_for_one_first(
    recognised, jobcenter, sozialamt_case_manager, client
):
    case = recognised["case"]
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    prepare_url = reverse("cases:handover_prepare", args=[case.pk])
    assert prepare_url in page
    answer = client.get(prepare_url, follow=True)
    assert answer.redirect_chain[-1][0] == reverse("cases:consent_add", args=[case.pk])
    assert "keine gültige Einwilligung" in answer.content.decode()
    assert not case.handovers.exists()


def test_the_prepared_handover_carries_exactly_what_the_consent_allows(
    recognised, jobcenter, sozialamt_case_manager, client
):
    case = recognised["case"]
    give_consent(case, jobcenter, ["basic", "plan"])
    client.force_login(sozialamt_case_manager)
    url = reverse("cases:handover_prepare", args=[case.pk])
    form = client.get(url).context["form"]
    draft = form.initial["summary"]
    assert "AsylbLG (Asylbewerberleistungen) → SGB II" in draft
    assert "Ausbildung zum Elektroniker" in draft and "Alphabetisierungskurs (AsylbLG)" in draft
    assert "Kompetenzfeststellung" not in draft  # not consented
    assert "§ 25 Abs. 2" not in draft  # residence not consented
    answer = client.post(
        url, {"to_institution": jobcenter.pk, "summary": draft + "Termin vereinbart."}
    )
    assert answer.status_code == 302
    handover = case.handovers.get()
    assert (handover.to_institution, handover.reason) == (jobcenter, "legal_domain")
    assert handover.summary.endswith("Termin vereinbart.")


def test_with_the_assessment_and_residence_consented_the_draft_carries_them(
    recognised, jobcenter, sozialamt_case_manager, client
):
    case = recognised["case"]
    give_consent(case, jobcenter, ["basic", "assessment", "residence"])
    client.force_login(sozialamt_case_manager)
    draft = (
        client.get(reverse("cases:handover_prepare", args=[case.pk]))
        .context["form"]
        .initial["summary"]
    )
    assert "Kompetenzfeststellung (Version 1)" in draft and "§ 25 Abs. 2" in draft
    assert "Ausbildung zum Elektroniker" not in draft


def test_status_change_eligibility_decision_and_recognition_appear_in_the_timeline(
    recognised, sozialamt_case_manager, client
):
    case = recognised["case"]
    review = EligibilityReview.objects.get()
    residence_services.decide_review(
        review, decision="end", justification="Kurs wird beendet.", by=sozialamt_case_manager
    )
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Aufenthaltsstatus: Aufenthaltserlaubnis aus humanitären Gründen" in page
    assert "Rechtskreis gewechselt: AsylbLG (Asylbewerberleistungen) → SGB II" in page
    assert "Voraussetzungen entfallen: Alphabetisierungskurs (AsylbLG)" in page
    assert "Entscheidung zu Alphabetisierungskurs (AsylbLG): beenden" in page
    assert AuditEntry.objects.filter(object_type="legaldomainchange", case_id=case.pk).exists()
    assert AuditEntry.objects.filter(object_type="residencerecord", case_id=case.pk).exists()


def test_a_status_recorded_ahead_takes_effect_on_its_first_day_through_the_nightly_job(
    world, abh_case_manager
):
    case = world["case"]
    start = TODAY + datetime.timedelta(days=5)
    residence_services.record_status(
        person=case.person,
        record=ResidenceRecord(**recognition(valid_from=start, decided_on=TODAY)),
        by=abh_case_manager,
    )
    case.person.refresh_from_db()
    assert case.person.legal_domain == D.ASYLBLG  # not yet
    assert not EligibilityReview.objects.exists()
    assert residence_services.refresh_statuses(today=start) == 1
    case.person.refresh_from_db()
    assert (case.person.residence_status, case.person.legal_domain) == (S.HUMANITARIAN, D.SGB_II)
    assert LegalDomainChange.objects.get(person=case.person).changed_on == start
    assert EligibilityReview.objects.filter(measure=world["measure"], decision="").exists()
    residence_services.refresh_statuses(today=start)  # twice: nothing more
    assert LegalDomainChange.objects.count() == 1 and EligibilityReview.objects.count() == 1
