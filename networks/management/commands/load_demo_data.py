"""``python manage.py load_demo_data``: the network of Vorlage 199/17 with fictitious people.

Idempotent: master data is matched on its natural key and written only when it differs, demo
persons are matched on name and birth year and skipped when they exist, so a second run
changes nothing. Cases are created through cases.services, the same path the views take.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import models, transaction
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
from networks.models import (
    FieldOfAction,
    Institution,
    LegalDomain,
    Membership,
    Role,
    User,
    WorkingGroup,
)
from steering.models import SteeringGroup, SteeringGroupMember

# Only for the demo; documented in the README. Never use demo data in production.
DEMO_PASSWORD = "Rheine-Demo-2026!"  # noqa: S105  # nosec B105 - public demo password, see README

K = Institution.Kind
INSTITUTIONS = [
    # short name, name, kind, legal domain
    (
        "Fachstelle",
        "Fachstelle Migration und Integration der Stadt Rheine",
        K.MUNICIPAL_OFFICE,
        LegalDomain.ASYLBLG,
    ),
    ("Sozialamt", "Sozialamt der Stadt Rheine", K.SOCIAL_WELFARE_OFFICE, LegalDomain.ASYLBLG),
    ("ABH", "Ausländerbehörde Kreis Steinfurt", K.IMMIGRATION_OFFICE, LegalDomain.RESIDENCE_LAW),
    ("Jobcenter", "Jobcenter Kreis Steinfurt – Standort Rheine", K.JOBCENTER, LegalDomain.SGB_II),
    (
        "Agentur",
        "Agentur für Arbeit Rheine / Integration Point",
        K.EMPLOYMENT_AGENCY,
        LegalDomain.SGB_III,
    ),
    ("IA", "Integrationsagentur Rheine", K.INTEGRATION_AGENCY, LegalDomain.NONE),
    ("Berufskolleg", "Berufskolleg am Emsufer Rheine", K.SCHOOL, LegalDomain.EDUCATION),
    ("KHS", "Kreishandwerkerschaft Steinfurt-Warendorf", K.CHAMBER, LegalDomain.TRAINING_WORK),
    (
        "Beratung",
        "Beratungsstelle für Migrantinnen und Migranten am Thie",
        K.COUNSELLING,
        LegalDomain.NONE,
    ),
    ("Elektro Emsland", "Elektro Emsland GmbH", K.EMPLOYER, LegalDomain.TRAINING_WORK),
    ("Ehrenamt", "Ehrenamtsinitiative Willkommen in Rheine", K.VOLUNTEERS, LegalDomain.NONE),
    # Course providers (issue 22): their staff keep offers and see only consented participants.
    ("VHS", "Volkshochschule Rheine", K.ADULT_EDUCATION, LegalDomain.EDUCATION),
    ("Bildungswerk", "Bildungswerk Emsland gGmbH", K.EDUCATION_PROVIDER, LegalDomain.EDUCATION),
]

# The offices that register persons, and so run the duplicate check across institutions.
REGISTERING = {"Fachstelle", "Sozialamt", "ABH", "Jobcenter", "Agentur"}

CM, CO, WG, ST, CR, AD = (
    Role.CASE_MANAGER,
    Role.COORDINATOR,
    Role.WORKING_GROUP_MEMBER,
    Role.STEERING_MEMBER,
    Role.COMMITTEE_READER,
    Role.ADMINISTRATOR,
)
# username, first name, last name, institution short name, roles, function
USERS = [
    ("fm.fachstelle", "Frieda", "Fachmann", "Fachstelle", [CM], "Fallmanagement"),
    ("fm.sozialamt", "Sabine", "Sommer", "Sozialamt", [CM], "Fallmanagement AsylbLG"),
    ("fm.abh", "Anton", "Albers", "ABH", [CM], "Sachbearbeitung Aufenthalt"),
    ("fm.jobcenter", "Jana", "Jansen", "Jobcenter", [CM], "Integrationsfachkraft"),
    ("fm.agentur", "Arne", "Arnold", "Agentur", [CM], "Beratung Integration Point"),
    ("fm.ia", "Ines", "Imholt", "IA", [CM], "Migrationsberatung"),
    (
        "fm.berufskolleg",
        "Bernd",
        "Brink",
        "Berufskolleg",
        [CM],
        "Bildungsgangleitung Internationale Förderklasse",
    ),
    ("fm.khs", "Karin", "Kemper", "KHS", [CM], "Ausbildungsberatung"),
    ("fm.beratung", "Mona", "Merschformann", "Beratung", [CM], "Sozialberatung"),
    ("fm.elektro", "Egon", "Ellermann", "Elektro Emsland", [CM], "Ausbildungsleitung"),
    ("fm.ehrenamt", "Edith", "Eilers", "Ehrenamt", [CM], "Koordination Ehrenamt"),
    (
        "koordination",
        "Carla",
        "Conrad",
        "Fachstelle",
        [CO],
        "Projektkoordination Einwanderung gestalten",
    ),
    ("arbeitskreis", "Arnd", "Kreisler", "IA", [WG], "Mitglied der Arbeitskreise"),
    ("lenkung", "Lars", "Lenz", "Jobcenter", [ST], "Geschäftsführung"),
    ("lenkung.stadt", "Stefanie", "Stadtler", "Fachstelle", [ST], "Fachbereichsleitung Soziales"),
    ("lenkung.agentur", "Achim", "Amtmann", "Agentur", [ST], "Bereichsleitung"),
    ("lenkung.kreis", "Kira", "Kreismann", "ABH", [ST], "Leitung Ausländerbehörde"),
    (
        "ausschuss",
        "Agnes",
        "Ausschussmann",
        "Fachstelle",
        [CR],
        "Mitglied des Sozialausschusses (lesend)",
    ),
    ("admin", "Adrian", "Admin", "Fachstelle", [AD], "Verwaltung der Stammdaten"),
    ("kurse.vhs", "Vera", "Hollmann", "VHS", [Role.COURSE_PROVIDER], "Fachbereich Deutsch"),
    (
        "kurse.bildungswerk",
        "Bodo",
        "Wessels",
        "Bildungswerk",
        [Role.COURSE_PROVIDER],
        "Kursorganisation",
    ),
]

STEERING_GROUP = ("Lenkungsgruppe Einwanderung gestalten", datetime.date(2017, 6, 23))
# member, institution, function, deputy
SEATS = [
    ("lenkung.stadt", "Fachstelle", "Fachbereichsleitung Soziales (Vorsitz)", "koordination"),
    ("lenkung", "Jobcenter", "Geschäftsführung Jobcenter Kreis Steinfurt", "fm.jobcenter"),
    ("lenkung.agentur", "Agentur", "Bereichsleitung Agentur für Arbeit Rheine", "fm.agentur"),
    ("lenkung.kreis", "ABH", "Leitung Ausländerbehörde", "fm.abh"),
]

WORKING_GROUPS = [
    (
        "Sprachförderung",
        [FieldOfAction.LANGUAGE],
        "Sprachkurse vom Alphabetisierungskurs bis zum Berufssprachkurs: Angebote, Wartezeiten, "
        "Übergänge.",
        ["arbeitskreis", "koordination", "fm.ia", "fm.beratung", "fm.ehrenamt"],
    ),
    (
        "Ausbildungs- und Arbeitsmarktzugang und Wirtschaft",
        [FieldOfAction.TRAINING, FieldOfAction.WORK],
        "Wege in Ausbildung und Arbeit: Einstiegsqualifizierung, Anerkennung, Betriebe.",
        [
            "arbeitskreis",
            "koordination",
            "fm.jobcenter",
            "fm.agentur",
            "fm.khs",
            "fm.elektro",
            "fm.berufskolleg",
        ],
    ),
]

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


def sync(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """update_or_create that writes only when something differs (a second run stays silent)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
    return obj


# Enough for a trend in every chart and a few suppressed cells per institution and month.
DEMO_GENERATED_CASES = 4000
DEMO_GOALS = [
    # (goal, indicator, series, target, direction, tolerance for amber)
    ("Übergaben zügig annehmen", "handover_acceptance", "", 5, "lower", 3),
    (
        "Planung nach Übergabe fortführen statt neu beginnen",
        "planning_restart",
        "",
        20,
        "lower",
        10,
    ),
]


class Command(BaseCommand):
    help = "Lädt Demodaten: Institutionen, Benutzerkonten, Arbeitskreise, Lenkungsgruppe, Katalog, Fälle."

    @transaction.atomic
    def handle(self, *args, **options):
        institutions = {
            short: sync(
                Institution,
                {"short_name": short},
                {
                    "name": name,
                    "kind": kind,
                    "legal_domain": domain,
                    "is_active": True,
                    "registers_persons": short in REGISTERING,
                },
            )
            for short, name, kind, domain in INSTITUTIONS
        }
        users = {row[0]: self._user(row, institutions) for row in USERS}
        self._admin_permissions(users["admin"])
        for name, fields, description, members in WORKING_GROUPS:
            group = sync(
                WorkingGroup,
                {"name": name},
                {"field_of_action": fields, "description": description},
            )
            group.members.add(*(users[m] for m in members))
        steering = sync(
            SteeringGroup, {"name": STEERING_GROUP[0]}, {"constituted_on": STEERING_GROUP[1]}
        )
        for member, institution, function, deputy in SEATS:
            sync(
                SteeringGroupMember,
                {"steering_group": steering, "member": users[member]},
                {
                    "institution": institutions[institution],
                    "function": function,
                    "deputy": users[deputy],
                },
            )
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
        created = self._cases(users, institutions, catalogue)
        self._working_groups(users, institutions, catalogue)
        load_course_demo(users, catalogue, today=timezone.localdate())
        self._steering_figures(institutions)
        self._report(created)

    def _working_groups(self, users, institutions, catalogue) -> None:
        """Issue 20: meetings, trajectories, strategies, observed paths (its own module)."""
        from networks import demo_working_groups

        demo_working_groups.load(users=users, institutions=institutions, catalogue=catalogue)

    def _user(self, row, institutions) -> User:
        username, first, last, short, roles, function = row
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@rheine.example",
                "is_staff": Role.ADMINISTRATOR in roles,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        sync(
            Membership,
            {"user": user},
            {
                "institution": institutions[short],
                "roles": [str(r) for r in roles],
                "function": function,
            },
        )
        return User.objects.select_related("membership__institution").get(pk=user.pk)

    def _admin_permissions(self, admin: User) -> None:
        """Master data only: no permission on any case model (administrators see no case content)."""
        permissions = Permission.objects.filter(
            models.Q(content_type__app_label__in=["networks", "steering"])
            | models.Q(content_type__app_label="cases", content_type__model="measuretype")
        )
        admin.user_permissions.add(*permissions)

    def _cases(self, users, institutions, catalogue) -> int:
        today = timezone.localdate()
        sozialamt, jobcenter = users["fm.sozialamt"], users["fm.jobcenter"]
        created = 0

        # The paper's classic: no literacy yet, so the literacy course comes first; the consent
        # to the Jobcenter is there for the handover after recognition.
        case = self._register(
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
            self._consent(case, institutions["Jobcenter"], list(Scope.values), sozialamt, today)
            self._assess(case, sozialamt, CEFR.NONE, Literacy.NONE, "Pflegefachassistentin werden")
            self._plan(case, sozialamt, "Ausbildung zur Pflegefachassistentin", today)
            self._measure(case, sozialamt, catalogue["Alphabetisierungskurs"], "VHS Rheine", today)
            services.add_follow_up(
                case=case,
                by=sozialamt,
                follow_up=FollowUp(
                    due_on=today,
                    assignee=sozialamt,
                    description="Kursbeginn Alphabetisierung prüfen",
                ),
            )

        case = self._register(
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
            self._consent(case, institutions["KHS"], [Scope.BASIC, Scope.PLAN], jobcenter, today)
            self._assess(case, jobcenter, CEFR.A2, Literacy.LATIN, "als Elektriker arbeiten")
            self._plan(case, jobcenter, "Ausbildung zum Elektroniker", today)
            self._measure(
                case, jobcenter, catalogue["Einstiegsqualifizierung"], "Elektro Emsland GmbH", today
            )

        case = self._register(
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
            self._assess(case, jobcenter, CEFR.B1, Literacy.LATIN, "wieder als Lehrerin arbeiten")
            self._plan(case, jobcenter, "Anerkennung als Lehrerin für Mathematik", today)
            self._measure(
                case, jobcenter, catalogue["Anerkennungsberatung"], "IQ Netzwerk NRW", today
            )
            self._measure(
                case, jobcenter, catalogue["Berufssprachkurs B2"], "Bildungsträger Rheine", today
            )

        # Recognised: the Sozialamt offers the case to the Jobcenter (a warm handover to accept).
        case = self._register(
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
            self._consent(case, institutions["Jobcenter"], list(Scope.values), sozialamt, today)
            self._assess(case, sozialamt, CEFR.A1, Literacy.LATIN, "schnell Geld verdienen")
            services.propose_handover(
                case=case,
                to_institution=institutions["Jobcenter"],
                reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
                summary="Anerkennung als Flüchtling erfolgt; Wechsel vom AsylbLG in das SGB II. "
                "Kompetenzfeststellung liegt vor, Integrationskurs ist als nächster Schritt sinnvoll.",
                by=sozialamt,
            )
        created += self._recognised_electrician(users, institutions, catalogue, today)
        return created

    def _recognised_electrician(self, users, institutions, catalogue, today) -> int:
        """The paper's story (issue 19): a Syrian electrician with Aufenthaltsgestattung in the
        Sozialamt's courses is recognised (§ 25 Abs. 2 AufenthG) during the demo period; the
        re-check asks a decision on his Erstorientierungskurs, the prepared handover to the
        Jobcenter waits, and his qualification has a partial equivalence decision with an
        Anpassungsqualifizierung planned."""
        sozialamt, abh = users["fm.sozialamt"], users["fm.abh"]
        case = self._register(
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
        self._plan(
            case, sozialamt, "Arbeit als Elektroniker für Energie- und Gebäudetechnik", today
        )
        self._measure(case, sozialamt, catalogue["Alphabetisierungskurs"], "VHS Rheine", today)
        self._measure(case, sozialamt, catalogue["Erstorientierungskurs"], "Caritas Rheine", today)
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

    def _register(self, person: Person, fields: list[str], by: User):
        if Person.objects.filter(
            given_names=person.given_names,
            family_name=person.family_name,
            birth_year=person.birth_year,
        ).exists():
            return None
        return services.register_person(person=person, fields_of_action=fields, by=by)

    def _consent(self, case, institution, scopes, by, today):
        services.record_consent(
            case=case,
            signed_on=today - datetime.timedelta(days=30),
            valid_until=today + datetime.timedelta(days=700),
            grants={institution.pk: [str(s) for s in scopes]},
            by=by,
        )

    def _assess(self, case, by, german, literacy, goals):
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

    def _plan(self, case, by, goal, today):
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

    def _measure(self, case, by, measure_type, provider, today):
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

    def _steering_figures(self, institutions) -> None:
        """The dashboard's material: fictitious cases over the last 24 months from the benchmark
        generator at a small size (its own institutions G000..., nobody of the demo accounts
        sees them), two goals, the figures computed once, and the paper's budget."""
        from cases.benchmarking.generator import Generator
        from steering import figures
        from steering.models import FigureRun, Goal, GoalIndicator
        from steering.paper_budget import create_paper_budget

        create_paper_budget()
        today = timezone.localdate()
        if not Institution.objects.filter(short_name="G000").exists():
            Generator(cases=DEMO_GENERATED_CASES, institutions=6, seed=21, today=today).run()
        for title, code, series, target, direction, tolerance in DEMO_GOALS:
            goal = sync(
                Goal, {"title": title}, {"responsible_institution": institutions["Fachstelle"]}
            )
            sync(
                GoalIndicator,
                {"goal": goal, "indicator": code, "series": series},
                {"target": target, "direction": direction, "tolerance": tolerance},
            )
        if not FigureRun.objects.filter(finished_at__isnull=False).exists():
            figures.refresh_figures(run=FigureRun.objects.create(), today=today)

    def _report(self, created: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demodaten geladen ({created} neue Fälle)."))
        self.stdout.write("")
        self.stdout.write(f"Adresse: {settings.SITE_URL}")
        self.stdout.write(f"Passwort für alle Demo-Konten: {DEMO_PASSWORD}")
        self.stdout.write("")
        width = max(len(row[0]) for row in USERS)
        self.stdout.write(f"{'Benutzername'.ljust(width)}  Institution / Rollen")
        for username, _first, _last, short, roles, _function in USERS:
            labels = ", ".join(str(Role(r).label) for r in roles)
            self.stdout.write(f"{username.ljust(width)}  {short}: {labels}")


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
