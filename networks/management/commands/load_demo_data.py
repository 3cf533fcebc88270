"""``python manage.py load_demo_data``: the network of Vorlage 199/17 with fictitious people.

Idempotent: master data is matched on its natural key and written only when it differs, demo
persons are matched on name and birth year and skipped when they exist, so a second run
changes nothing. Cases are created through cases.services, the same path the views take.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone

from cases import services
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
]

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
                }
                | LEADS_TO.get(name, {}),
            )
            for name, field, german, literacy, weeks, description in MEASURE_TYPES
        }
        created = self._cases(users, institutions, catalogue)
        self._steering_figures(institutions)
        self._report(created)

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
        return created

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
