"""The case core's demo data: the measure catalogue and demo cases, created through
cases.services, the same path the views take (load_demo_data calls load)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases import handover_preparation, recognition_services, residence_services, services
from cases.models import (
    CEFR,
    Assessment,
    FollowUp,
    Handover,
    IntegrationPlan,
    Language,
    Literacy,
    Measure,
    MeasureType,
    Person,
    RecognitionProcedure,
    ResidenceRecord,
    ResidenceStatus,
    SchoolLevel,
    Scope,
)
from networks.models import FieldOfAction, LegalDomain, User
from rheine_integration.base.demo import sync

F = FieldOfAction
# name, field of action, min German, min literacy, typical weeks, description
MEASURE_TYPES = [
    (
        "Alphabetisierungskurs",
        F.LANGUAGE,
        None,
        None,
        40,
        "Integrationskurs mit Alphabetisierung (BAMF).",
    ),
    (
        "Integrationskurs",
        F.LANGUAGE,
        None,
        Literacy.LATIN,
        30,
        "Allgemeiner Integrationskurs bis B1 (BAMF).",
    ),
    (
        "Berufssprachkurs B2",
        F.LANGUAGE,
        CEFR.B1,
        Literacy.LATIN,
        20,
        "Berufsbezogene Deutschsprachförderung (DeuFöV).",
    ),
    (
        "Anerkennungsberatung",
        F.QUALIFICATION,
        None,
        None,
        4,
        "Beratung zur Anerkennung ausländischer Berufsabschlüsse.",
    ),
    (
        "Einstiegsqualifizierung",
        F.TRAINING,
        CEFR.A2,
        None,
        26,
        "Betriebliches Langzeitpraktikum als Brücke in die Ausbildung.",
    ),
    ("Berufsvorbereitung", F.TRAINING, None, None, 40, "Berufsvorbereitende Bildungsmaßnahme."),
    (
        "Ausbildung",
        F.TRAINING,
        CEFR.B1,
        Literacy.LATIN,
        156,
        "Duale oder schulische Berufsausbildung.",
    ),
    ("Studium", F.QUALIFICATION, CEFR.C1, Literacy.LATIN, None, "Studium an einer Hochschule."),
    ("Weiterbildung", F.QUALIFICATION, None, None, None, "Berufliche Weiterbildung."),
    ("Praktikum", F.WORK, None, None, 6, "Betriebspraktikum zur Orientierung."),
    ("Arbeit", F.WORK, None, None, None, "Aufnahme einer Beschäftigung."),
    ("Beratung", F.WORK, None, None, None, "Beratung durch eine Stelle des Netzwerks."),
    (
        "Qualifizierungsmaßnahme",
        F.QUALIFICATION,
        CEFR.A2,
        Literacy.LATIN,
        12,
        "Berufliche Qualifizierung, z. B. Lager und Logistik.",
    ),
    (
        "Erstorientierungskurs",
        F.LANGUAGE,
        None,
        None,
        12,
        "Erstorientierung für Asylsuchende (BAMF).",
    ),
    (
        "Anpassungsqualifizierung",
        F.QUALIFICATION,
        None,
        None,
        26,
        "Ausgleichsmaßnahme nach teilweiser Gleichwertigkeit (§ 11 BQFG).",
    ),
    (
        "Maßnahme zur Aktivierung und beruflichen Eingliederung",
        F.WORK,
        None,
        None,
        12,
        "Instrument des Jobcenters (§ 16 SGB II i. V. m. § 45 SGB III).",
    ),
]
# Access rules beyond language and literacy: who may take part by status or legal domain.
MEASURE_ACCESS = {
    "Erstorientierungskurs": {"allowed_residence_statuses": ["gestattung", "duldung"]},
    "Maßnahme zur Aktivierung und beruflichen Eingliederung": {
        "allowed_legal_domains": [LegalDomain.SGB_II]
    },
}

# What completing a measure gives, from which the prerequisite engine derives the way to a
# measure still out of reach (BAMF: the literacy course mostly ends at A2, the general course
# aims at B1).
LEADS_TO = {
    "Alphabetisierungskurs": {
        "leads_to_literacy": Literacy.LATIN,
        "leads_to_german_level": CEFR.A2,
    },
    "Integrationskurs": {"leads_to_german_level": CEFR.B1},
    "Berufssprachkurs B2": {"leads_to_german_level": CEFR.B2},
}


def load(*, users: dict, institutions: dict) -> int:
    """The catalogue and the demo cases; returns how many cases are new."""
    catalogue = {
        name: sync(
            MeasureType,
            {"name": name},
            {
                "field_of_action": field,
                "min_german_level": german,
                "min_literacy": literacy,
                "typical_duration_weeks": weeks,
                "description": description,
                "leads_to_literacy": None,
                "leads_to_german_level": None,
                "allowed_residence_statuses": [],
                "allowed_legal_domains": [],
            }
            | LEADS_TO.get(name, {})
            | MEASURE_ACCESS.get(name, {}),
        )
        for name, field, german, literacy, weeks, description in MEASURE_TYPES
    }
    created = _cases(users, institutions, catalogue)
    load_course_demo(users, catalogue, today=timezone.localdate())
    return created


def _cases(users, institutions, catalogue) -> int:
    today = timezone.localdate()
    sozialamt, jobcenter = users["fm.sozialamt"], users["fm.jobcenter"]
    created = 0

    # The paper's classic: no literacy yet, so the literacy course comes first; the consent
    # to the Jobcenter is there for the handover after recognition.
    case = _register(
        Person(
            given_names="Amina",
            family_name="Beispiel",
            birth_year=1994,
            gender="f",
            nationality="SY",
            languages=[Language.ARABIC],
            residence_status=ResidenceStatus.PERMISSION_TO_REMAIN,
            legal_domain=LegalDomain.ASYLBLG,
            arrival_date=today - datetime.timedelta(days=200),
            interpreter_needed=True,
            interpreter_language=Language.ARABIC,
        ),
        [F.LANGUAGE, F.TRAINING],
        sozialamt,
    )
    if case:
        created += 1
        _consent(case, institutions["Jobcenter"], list(Scope.values), sozialamt, today)
        _assess(case, sozialamt, CEFR.NONE, Literacy.NONE, "Pflegefachassistentin werden")
        _plan(case, sozialamt, "Ausbildung zur Pflegefachassistentin", today)
        _measure(case, sozialamt, catalogue["Alphabetisierungskurs"], "VHS Rheine", today)
        services.add_follow_up(
            case=case,
            by=sozialamt,
            follow_up=FollowUp(
                due_on=today,
                assignee=sozialamt,
                description="Kursbeginn Alphabetisierung prüfen",
            ),
        )

    case = _register(
        Person(
            given_names="Yusuf",
            family_name="Muster",
            birth_year=1990,
            gender="m",
            nationality="AF",
            languages=[Language.DARI, Language.ENGLISH],
            residence_status=ResidenceStatus.HUMANITARIAN,
            legal_domain=LegalDomain.SGB_II,
            arrival_date=today - datetime.timedelta(days=900),
        ),
        [F.TRAINING, F.WORK],
        jobcenter,
    )
    if case:
        created += 1
        _consent(case, institutions["KHS"], [Scope.BASIC, Scope.PLAN], jobcenter, today)
        _assess(case, jobcenter, CEFR.A2, Literacy.LATIN, "als Elektriker arbeiten")
        _plan(case, jobcenter, "Ausbildung zum Elektroniker", today)
        _measure(
            case, jobcenter, catalogue["Einstiegsqualifizierung"], "Elektro Emsland GmbH", today
        )

    case = _register(
        Person(
            given_names="Olena",
            family_name="Probe",
            birth_year=1985,
            gender="f",
            nationality="UA",
            languages=[Language.UKRAINIAN, Language.RUSSIAN],
            residence_status=ResidenceStatus.TEMPORARY_PROTECTION,
            legal_domain=LegalDomain.SGB_II,
            arrival_date=today - datetime.timedelta(days=600),
        ),
        [F.LANGUAGE, F.QUALIFICATION],
        jobcenter,
    )
    if case:
        created += 1
        _assess(case, jobcenter, CEFR.B1, Literacy.LATIN, "wieder als Lehrerin arbeiten")
        _plan(case, jobcenter, "Anerkennung als Lehrerin für Mathematik", today)
        _measure(case, jobcenter, catalogue["Anerkennungsberatung"], "IQ Netzwerk NRW", today)
        _measure(case, jobcenter, catalogue["Berufssprachkurs B2"], "Bildungsträger Rheine", today)

    # Recognised: the Sozialamt offers the case to the Jobcenter (a warm handover to accept).
    case = _register(
        Person(
            given_names="Farid",
            family_name="Testmann",
            birth_year=2001,
            gender="m",
            nationality="IQ",
            languages=[Language.KURMANJI, Language.ARABIC],
            residence_status=ResidenceStatus.HUMANITARIAN,
            legal_domain=LegalDomain.ASYLBLG,
            arrival_date=today - datetime.timedelta(days=400),
        ),
        [F.LANGUAGE, F.WORK],
        sozialamt,
    )
    if case:
        created += 1
        _consent(case, institutions["Jobcenter"], list(Scope.values), sozialamt, today)
        _assess(case, sozialamt, CEFR.A1, Literacy.LATIN, "schnell Geld verdienen")
        services.propose_handover(
            case=case,
            to_institution=institutions["Jobcenter"],
            reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
            summary="Anerkennung als Flüchtling erfolgt; Wechsel vom AsylbLG in das SGB II. "
            "Kompetenzfeststellung liegt vor, Integrationskurs ist als nächster Schritt sinnvoll.",
            by=sozialamt,
        )
    created += _recognised_electrician(users, institutions, catalogue, today)
    return created


def _recognised_electrician(users, institutions, catalogue, today) -> int:
    """The paper's story (issue 19): a Syrian electrician with Aufenthaltsgestattung in the
    Sozialamt's courses is recognised (§ 25 Abs. 2 AufenthG) during the demo period; the
    re-check asks a decision on his Erstorientierungskurs, the prepared handover to the
    Jobcenter waits, and his qualification has a partial equivalence decision with an
    Anpassungsqualifizierung planned."""
    sozialamt, abh = users["fm.sozialamt"], users["fm.abh"]
    case = _register(
        Person(
            given_names="Khaled",
            family_name="Beispielmann",
            birth_year=1988,
            gender="m",
            nationality="SY",
            languages=[Language.ARABIC],
            residence_status=ResidenceStatus.PERMISSION_TO_REMAIN,
            legal_domain=LegalDomain.ASYLBLG,
            arrival_date=today - datetime.timedelta(days=420),
        ),
        [F.LANGUAGE, F.QUALIFICATION, F.WORK],
        sozialamt,
    )
    if not case:
        return 0
    jobcenter = institutions["Jobcenter"]
    services.record_consent(
        case=case,
        signed_on=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=700),
        grants={
            # Notes too: a warm handover's summary is free text, shown only with them.
            jobcenter.pk: [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES],
            institutions["ABH"].pk: [Scope.BASIC, Scope.RESIDENCE],
        },
        by=sozialamt,
    )
    services.add_assessment(
        case=case,
        by=sozialamt,
        qualifications=[
            {"kind": "vocational", "title": "Elektriker", "country": "SY", "year": 2009}
        ],
        assessment=Assessment(
            assessed_on=today - datetime.timedelta(days=280),
            german_listening=CEFR.A1,
            german_reading=CEFR.NONE,
            german_writing=CEFR.NONE,
            german_speaking=CEFR.A1,
            literacy=Literacy.OTHER_SCRIPT,
            school_level=SchoolLevel.LOWER_SECONDARY,
            work_experience="12 Jahre Elektroinstallation in Aleppo",
            own_goals="wieder als Elektriker arbeiten",
        ),
    )
    _plan(case, sozialamt, "Arbeit als Elektroniker für Energie- und Gebäudetechnik", today)
    _measure(case, sozialamt, catalogue["Alphabetisierungskurs"], "VHS Rheine", today)
    _measure(case, sozialamt, catalogue["Erstorientierungskurs"], "Caritas Rheine", today)
    qualification = case.assessments.get().qualifications.get()
    procedure = recognition_services.save_procedure(
        case=case,
        by=sozialamt,
        procedure=RecognitionProcedure(
            qualification=qualification,
            reference_occupation="Elektroniker/in für Energie- und Gebäudetechnik",
            competent_body=RecognitionProcedure.Body.HWK,
            counselling_on=today - datetime.timedelta(days=250),
            counselling_by="IQ Netzwerk NRW, Anerkennungsberatung Münster",
            applied_on=today - datetime.timedelta(days=200),
            documents_submitted="Abschlusszeugnis mit Übersetzung, Arbeitsnachweise",
            fees=Decimal("480.00"),
            fees_paid_by=RecognitionProcedure.Payer.GRANT,
            decided_on=today - datetime.timedelta(days=40),
            outcome=RecognitionProcedure.Outcome.PARTIAL,
            missing_parts="VDE-Vorschriften, Gebäudesystemtechnik (KNX)",
            compensation=RecognitionProcedure.Compensation.ADAPTATION,
        ),
    )
    recognition_services.plan_compensation(
        procedure=procedure,
        measure_type=catalogue["Anpassungsqualifizierung"],
        justification="",
        by=sozialamt,
    )
    residence_services.record_status(
        person=case.person,
        record=ResidenceRecord(
            status=ResidenceStatus.HUMANITARIAN,
            legal_basis="25_2",
            valid_from=today - datetime.timedelta(days=10),
            valid_until=today + datetime.timedelta(days=3 * 365),
            decided_on=today - datetime.timedelta(days=10),
            authority="Ausländerbehörde Kreis Steinfurt",
        ),
        by=abh,
    )
    case.refresh_from_db()
    services.propose_handover(
        case=case,
        to_institution=jobcenter,
        reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
        summary=handover_preparation.summary(
            case, handover_preparation.consented_scopes(case, jobcenter) or set()
        )
        + "Anpassungsqualifizierung bei der HWK Münster ab dem nächsten Kurs.",
        by=sozialamt,
    )
    return 1


def _register(person: Person, fields: list[str], by: User):
    if Person.objects.filter(
        given_names=person.given_names,
        family_name=person.family_name,
        birth_year=person.birth_year,
    ).exists():
        return None
    return services.register_person(person=person, fields_of_action=fields, by=by)


def _consent(case, institution, scopes, by, today):
    services.record_consent(
        case=case,
        signed_on=today - datetime.timedelta(days=30),
        valid_until=today + datetime.timedelta(days=700),
        grants={institution.pk: [str(s) for s in scopes]},
        by=by,
    )


def _assess(case, by, german, literacy, goals):
    services.add_assessment(
        case=case,
        by=by,
        qualifications=[],
        assessment=Assessment(
            assessed_on=timezone.localdate(),
            german_listening=german,
            german_reading=german,
            german_writing=german,
            german_speaking=german,
            literacy=literacy,
            school_level=SchoolLevel.LOWER_SECONDARY,
            own_goals=goals,
        ),
    )


def _plan(case, by, goal, today):
    services.add_plan(
        case=case,
        by=by,
        plan=IntegrationPlan(goal=goal, agreed_on=today),
        sub_goals=[
            {
                "description": "Deutschkenntnisse verbessern",
                "target_date": today + datetime.timedelta(days=270),
            }
        ],
    )


def _measure(case, by, measure_type, provider, today):
    services.plan_measure(
        case=case,
        by=by,
        justification="",  # demo measures meet their prerequisites
        measure=Measure(
            measure_type=measure_type,
            provider=provider,
            responsible_institution=by.institution,
            planned_start=today + datetime.timedelta(days=14),
            planned_end=today
            + datetime.timedelta(days=14 + 7 * (measure_type.typical_duration_weeks or 12)),
        ),
    )


# --- Course offers (issue 22) -----------------------------------------------------------------

# Persons waiting for the full literacy course, each registered by another institution.
COURSE_WAITING = [
    ("fm.jobcenter", "Samir", "Wartemann", 1988),
    ("fm.fachstelle", "Hawa", "Kursfeld", 1999),
    ("fm.ia", "Dilan", "Platzhoff", 1985),
]
# Persons holding the full course's seats.
COURSE_HOLDERS = [("fm.sozialamt", "Rania", "Sitzmann", 1992), ("fm.abh", "Omid", "Stuhl", 1987)]


def load_course_demo(users: dict, catalogue: dict, *, today: datetime.date) -> None:
    """Two providers' literacy, integration and job-language courses: the VHS literacy course
    full with a waiting list from several institutions (the demo story's Amina Beispiel on it),
    an integration course starting next month with free seats. Skipped once loaded."""
    from cases import courses
    from cases.models import CourseOffer

    vhs, bildungswerk = users["kurse.vhs"], users["kurse.bildungswerk"]
    if CourseOffer.objects.filter(provider=vhs.institution).exists():
        return
    day = datetime.timedelta(days=1)

    def offer(by, measure_type, title, starts_in, weeks, seats, **extra):
        return courses.save_offer(
            offer=CourseOffer(
                measure_type=catalogue[measure_type],
                title=title,
                place=extra.pop("place", "Rheine, Bahnhofstraße 14"),
                starts_on=today + starts_in * day,
                ends_on=today + (starts_in + 7 * weeks) * day,
                days=extra.pop("days", "Mo, Di, Do"),
                times=extra.pop("times", "08:30–12:00"),
                hours_per_week=extra.pop("hours", 12),
                seats=seats,
                contact=f"{by.email}, 05971 123-40",
                costs=extra.pop("costs", "kostenfrei für Teilnehmende"),
                paid_by=extra.pop("paid_by", "BAMF"),
                **extra,
            ),
            by=by,
        )

    alpha = offer(vhs, "Alphabetisierungskurs", "Alpha-Kurs Vormittag", 21, 30, 2, childcare=True)
    offer(vhs, "Alphabetisierungskurs", "Alpha-Kurs Abend", 90, 30, 12, times="17:30–20:30")
    offer(
        bildungswerk,
        "Integrationskurs",
        "Integrationskurs B1 Rheine-Mitte",
        30,
        28,
        16,
        place="Rheine, Emsstraße 3",
        accessible=True,
    )
    offer(
        bildungswerk,
        "Berufssprachkurs B2",
        "Berufssprachkurs B2 Pflege",
        60,
        24,
        14,
        days="Mo–Fr",
        paid_by="BAMF (DeuFöV)",
    )
    for username, given, family, born in COURSE_HOLDERS + COURSE_WAITING:
        by = users[username]
        case = services.register_person(
            person=Person(
                given_names=given,
                family_name=family,
                birth_year=born,
                residence_status=ResidenceStatus.PERMISSION_TO_REMAIN,
                legal_domain=LegalDomain.ASYLBLG,
                phone="05971 55501",
            ),
            fields_of_action=[F.LANGUAGE],
            by=by,
        )
        measure = services.plan_measure(
            case=case,
            by=by,
            justification="",
            measure=Measure(
                measure_type=alpha.measure_type, responsible_institution=by.institution
            ),
        )
        courses.request_seat(measure=measure, offer=alpha, by=by, consent_signed_on=today - 2 * day)
    amina = Measure.objects.filter(
        case__person__given_names="Amina",
        case__person__family_name="Beispiel",
        measure_type=alpha.measure_type,
    ).first()
    if amina is not None:
        courses.request_seat(
            measure=amina, offer=alpha, by=users["fm.sozialamt"], consent_signed_on=today - day
        )
