"""Realistic generated data for benchmarks: persons with full case histories, written by COPY.

Reproducible from a seed (and the day it is generated for). Access rows (guardian's direct-FK
grants and the CaseAccess mirror) are computed with cases.permissions.access_from_consents and
codenames_for, the same functions sync_case_access uses, so the generated grants are exactly
what a re-sync would write (tests/benchmarks/test_generate_data.py compares them).

Only for a dedicated benchmark database: ids are taken from the tables' current maximum, which
assumes nobody else writes while it runs.
"""

import datetime
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.utils import timezone

from cases import permissions
from cases.benchmarking import names
from cases.models import (
    Assessment,
    Case,
    CaseAccess,
    CaseGroupObjectPermission,
    Consent,
    ConsentGrant,
    FollowUp,
    Handover,
    IntegrationPlan,
    LegalDomainChange,
    Measure,
    MeasureType,
    Note,
    Person,
    Qualification,
    RecognitionProcedure,
    ResidenceRecord,
    Scope,
    SubGoal,
)
from cases.models.person import search_text
from cases.residence import DEFAULT_BASIS
from networks.models import Institution, LegalDomain, Membership, Role, User

BENCHMARK_PASSWORD = "Benchmark-Rheine-2026!"  # noqa: S105 (generated benchmark accounts only)
LARGE_SHARE = 0.02  # the large institution leads about 2 % of all cases (20 000 at 1 M)
SMALL_SHARE = 0.001
CHUNK = 5_000  # persons per transaction

INSTITUTION_KINDS = [
    ("Jobcenter", Institution.Kind.JOBCENTER, LegalDomain.SGB_II),
    ("Sozialamt", Institution.Kind.SOCIAL_WELFARE_OFFICE, LegalDomain.ASYLBLG),
    ("Ausländerbehörde", Institution.Kind.IMMIGRATION_OFFICE, LegalDomain.RESIDENCE_LAW),
    ("Agentur für Arbeit", Institution.Kind.EMPLOYMENT_AGENCY, LegalDomain.SGB_III),
    ("Jugendamt", Institution.Kind.YOUTH_WELFARE_OFFICE, LegalDomain.SGB_VIII),
    ("Integrationsagentur", Institution.Kind.INTEGRATION_AGENCY, LegalDomain.NONE),
    ("Migrationsberatung", Institution.Kind.COUNSELLING, LegalDomain.NONE),
    ("Bildungsträger", Institution.Kind.EDUCATION_PROVIDER, LegalDomain.EDUCATION),
    ("Berufskolleg", Institution.Kind.SCHOOL, LegalDomain.EDUCATION),
    ("Kreishandwerkerschaft", Institution.Kind.CHAMBER, LegalDomain.TRAINING_WORK),
]

# The catalogue and plausible paths through it (prerequisites of the domain's literacy problem).
CATALOGUE = [
    # name, field of action, min German level, min literacy, typical weeks
    ("Alphabetisierungskurs", "language", None, None, 40),
    ("Integrationskurs", "language", None, 2, 30),
    ("Berufssprachkurs", "language", 3, 2, 20),
    ("Anerkennungsberatung", "qualification", None, None, 4),
    ("Einstiegsqualifizierung", "training", 2, 2, 40),
    ("Berufsvorbereitung", "training", 2, 2, 40),
    ("Ausbildung", "training", 3, 2, 150),
    ("Studium", "qualification", 4, 2, 150),
    ("Weiterbildung", "qualification", 3, 2, 30),
    ("Praktikum", "work", 1, None, 8),
    ("Arbeit", "work", None, None, 100),
    ("Beratung", "work", None, None, 4),
]
PATHS = [
    ["Alphabetisierungskurs", "Integrationskurs", "Berufssprachkurs", "Ausbildung"],
    ["Integrationskurs", "Berufssprachkurs", "Arbeit"],
    ["Integrationskurs", "Praktikum", "Einstiegsqualifizierung", "Ausbildung"],
    ["Anerkennungsberatung", "Berufssprachkurs", "Weiterbildung", "Arbeit"],
    ["Beratung", "Integrationskurs", "Berufsvorbereitung", "Ausbildung"],
    ["Integrationskurs", "Berufssprachkurs", "Studium"],
    ["Beratung", "Arbeit"],
]
GOALS = {
    "Ausbildung": "Ausbildung als Elektroniker/in",
    "Arbeit": "sozialversicherungspflichtige Beschäftigung",
    "Studium": "Studium an einer Hochschule",
}
NOTE_TEXTS = [
    "Gespräch zur Kursanmeldung geführt, Unterlagen mitgegeben.",
    "Telefonisch erreicht, Termin beim Träger bestätigt.",
    "Person war nicht zum Termin erschienen, neue Einladung verschickt.",
    "Fallkonferenz mit Jobcenter und Bildungsträger: nächste Schritte abgestimmt.",
    "Nachweise zur Anerkennung vorgelegt und kopiert.",
    "Kinderbetreuung ab Kursbeginn geklärt.",
    "Dolmetscher für das nächste Gespräch organisiert.",
    "Rückmeldung des Trägers: regelmäßige Teilnahme.",
]
ABORT_REASONS = ["Umzug", "Krankheit", "Arbeitsaufnahme", "Kinderbetreuung fehlt"]
PHASES_OPEN = [
    (Case.Phase.INTAKE, 10),
    (Case.Phase.ASSESSMENT, 15),
    (Case.Phase.PLANNING, 15),
    (Case.Phase.IMPLEMENTATION, 40),
    (Case.Phase.MONITORING, 20),
]
PHASE_RANK = {p: i for i, p in enumerate(Case.Phase.values)}
CLOSING = [c for c in Case.ClosingReason.values]
ALL_SCOPES = list(Scope.values)


@dataclass
class GrantRow:
    institution_id: int
    scopes: list[str]


@dataclass
class ConsentRow:
    signed_on: datetime.date
    valid_until: datetime.date | None
    withdrawn_on: datetime.date | None
    grants: list[GrantRow] = field(default_factory=list)


class Ids:
    """Next free ids per table (benchmark database: no concurrent writers)."""

    def __init__(self, models):
        self._next = {}
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608
                self._next[model] = cursor.fetchone()[0] + 1

    def take(self, model) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def reset_sequences(self):
        with connection.cursor() as cursor:
            for model in self._next:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'(SELECT GREATEST(COALESCE(MAX(id), 0), 1) FROM "{table}"))'
                )


COPY_MODELS = [
    Person,
    Case,
    CaseAccess,
    CaseGroupObjectPermission,
    Consent,
    ConsentGrant,
    Assessment,
    Qualification,
    IntegrationPlan,
    SubGoal,
    Measure,
    Note,
    FollowUp,
    Handover,
    ResidenceRecord,
    LegalDomainChange,
    RecognitionProcedure,
]
COLUMNS = {
    Person: "id given_names family_name name_variants birth_year birth_month birth_day gender "
    "nationality languages arrival_date residence_status residence_expires_on legal_domain phone "
    "email street postal_code city interpreter_needed interpreter_language created_at updated_at "
    "search_text registered_by_id",
    Case: "id person_id lead_institution_id case_manager_id fields_of_action phase opened_on "
    "closed_on closing_reason closing_note created_at updated_at version",
    CaseAccess: "id case_id institution_id is_lead scopes expires_on case_updated_at",
    CaseGroupObjectPermission: "id content_object_id group_id permission_id",
    Consent: "id person_id signed_on valid_until withdrawn_on withdrawal_recorded_by_id "
    "recorded_by_id recorded_by_institution_id created_at",
    ConsentGrant: "id consent_id institution_id scopes",
    Assessment: "id case_id version assessed_on author_id institution_id german_listening "
    "german_reading german_writing german_speaking literacy school_level school_years "
    "school_country work_experience own_goals childcare_needed other_constraints "
    "health_constraints created_at",
    Qualification: "id assessment_id kind title country year recognition",
    IntegrationPlan: "id case_id version goal agreed_on author_id institution_id created_at",
    SubGoal: "id plan_id description target_date achieved_on",
    Measure: "id case_id measure_type_id provider responsible_institution_id planned_start "
    "planned_end actual_start actual_end status abort_reason unmet_prerequisites justification "
    "created_by_id institution_id created_at updated_at version",
    Note: "id case_id kind channel occurred_on text confidential author_id institution_id "
    "created_at",
    FollowUp: "id case_id due_on assignee_id description created_by_id institution_id "
    "created_at done_at done_by_id",
    Handover: "id case_id from_institution_id to_institution_id reason summary status "
    "requested_by_id requested_at answered_by_id answered_at decline_reason",
    ResidenceRecord: "id person_id status legal_basis valid_from valid_until decided_on "
    "authority legal_domain migrated created_at",
    LegalDomainChange: "id person_id case_id residence_record_id from_domain to_domain "
    "changed_on created_at",
    RecognitionProcedure: "id case_id qualification_id qualification_title "
    "reference_occupation competent_body counselling_on applied_on fees fees_paid_by decided_on "
    "outcome missing_parts compensation created_by_id institution_id created_at updated_at",
}
# Reference occupations and competent bodies of the generated qualifications.
RECOGNITION_TARGETS = {
    "Elektriker": ("Elektroniker/in für Energie- und Gebäudetechnik", "hwk"),
    "Schneider/in": ("Maßschneider/in", "hwk"),
    "Lehramt": ("Lehrkraft (Lehramt Sekundarstufe I)", "bezreg"),
}
RECOGNITION_OUTCOME = {"in_progress": "pending", "full": "full", "partial": "partial"}


@cache
def _copy_plan(model):
    """Columns to COPY, converters for fields that are not plain Django fields (e.g. encrypted
    text: written as the application writes it), and default values of the model's other
    columns (added later by colleagues' migrations: the generator keeps working)."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    columns = COLUMNS[model].split()
    converters = []
    for position, column in enumerate(columns):
        field_ = fields[column]
        if not type(field_).__module__.startswith("django."):
            converters.append(
                (position, lambda value, f=field_: f.get_db_prep_save(value, connection))
            )
    extra_fields = [
        f
        for column, f in fields.items()
        if column not in columns and not getattr(f, "generated", False)
    ]
    extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra_fields)
    return [*columns, *(f.column for f in extra_fields)], converters, extra


@lru_cache(maxsize=200_000)
def _search_text(spellings: tuple[str, ...]) -> str:
    """What Person.save() stores (the same function: the duplicate check and search read it)."""
    return search_text(list(spellings))


@dataclass
class Stats:
    persons: int = 0
    cases: int = 0
    rows: dict = field(default_factory=dict)


class Generator:
    def __init__(
        self,
        *,
        cases: int,
        institutions: int = 50,
        seed: int = 1,
        today: datetime.date | None = None,
        progress: Callable[[int, int, float], None] | None = None,
        offers: int | None = None,
    ):
        self.target_cases = cases
        self.target_offers = offers if offers is not None else offers_for(cases)
        self.institution_count = max(institutions, 3)
        self.rng = random.Random(seed)  # noqa: S311 (fictitious data, not secrets)
        # Planning dates and prerequisite overrides (steering indicators) draw from a stream of
        # their own, so every other generated row stays as it was for a given seed.
        self.planning_rng = random.Random(seed + 1)  # noqa: S311
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.progress = progress
        self.stats = Stats()

    # --- set-up: institutions, users, catalogue -------------------------------------------

    def _setup(self):
        rng = self.rng
        self.institutions: list[Institution] = []
        for index in range(self.institution_count):
            label, kind, domain = INSTITUTION_KINDS[index % len(INSTITUTION_KINDS)]
            town = names.TOWNS[(index // len(INSTITUTION_KINDS)) % len(names.TOWNS)][0]
            round_ = index // (len(INSTITUTION_KINDS) * len(names.TOWNS))
            suffix = f" {round_ + 1}" if round_ else ""
            if index == 0:
                label, suffix = label, " (groß)"
            elif index == 1:
                suffix += " (klein)"
            institution, _ = Institution.objects.get_or_create(
                short_name=f"G{index:03d}",
                defaults={
                    "name": f"{label} {town}{suffix} [G{index:03d}]",
                    "kind": kind,
                    "legal_domain": domain,
                },
            )
            if institution.group_id is None:
                institution.refresh_from_db()
            self.institutions.append(institution)
        # Lead shares: one large (2 %), one small (0.1 %), the rest around the mean.
        rest = [rng.uniform(0.5, 1.5) for _ in self.institutions[2:]]
        scale = (1 - LARGE_SHARE - SMALL_SHARE) / sum(rest)
        self.lead_weights = [LARGE_SHARE, SMALL_SHARE, *(w * scale for w in rest)]
        self.cum_weights = []
        total = 0.0
        for weight in self.lead_weights:
            total += weight
            self.cum_weights.append(total)
        self.group_of = {i.pk: i.group_id for i in self.institutions}
        self._setup_users()
        self._setup_catalogue()
        self.permission_ids = dict(
            Permission.objects.filter(
                content_type__app_label="cases", codename__in=permissions.LEAD_PERMISSIONS
            ).values_list("codename", "pk")
        )

    def _setup_users(self):
        password = make_password(BENCHMARK_PASSWORD)
        self.case_managers: dict[int, list[int]] = {}
        per_lead = max(1, int(self.target_cases * 0.02 / 800))
        for position, institution in enumerate(self.institutions):
            count = max(2, min(40, round(per_lead * self.lead_weights[position] / 0.02)))
            wanted = [f"{institution.short_name.lower()}.fm{j + 1:02d}" for j in range(count)]
            wanted.append(f"{institution.short_name.lower()}.koordination")
            existing = set(
                User.objects.filter(username__in=wanted).values_list("username", flat=True)
            )
            new_users = []
            for username in wanted:
                if username in existing:
                    continue
                first = self.rng.choice(["Anna", "Jan", "Lea", "Tim", "Sara", "Ben", "Eva", "Paul"])
                last = self.rng.choice(["Schulte", "Brinkmann", "Terhaar", "Niehues", "Kemper"])
                new_users.append(
                    User(
                        username=username,
                        first_name=first,
                        last_name=last,
                        email=f"{username}@bench.example",
                        password=password,
                    )
                )
            User.objects.bulk_create(new_users)
            users = {u.username: u for u in User.objects.filter(username__in=wanted)}
            for username, user in users.items():
                role = Role.COORDINATOR if username.endswith("koordination") else Role.CASE_MANAGER
                # Through the ORM: networks.signals put the user into the institution's group.
                Membership.objects.get_or_create(
                    user=user, defaults={"institution": institution, "roles": [role]}
                )
            self.case_managers[institution.pk] = [
                users[name].pk for name in wanted if not name.endswith("koordination")
            ]

    def _setup_catalogue(self):
        self.measure_types = {}
        for name, field_of_action, german, literacy, weeks in CATALOGUE:
            measure_type, _ = MeasureType.objects.get_or_create(
                name=name,
                defaults={
                    "field_of_action": field_of_action,
                    "min_german_level": german,
                    "min_literacy": literacy,
                    "typical_duration_weeks": weeks,
                },
            )
            self.measure_types[name] = measure_type
        self.measure_weeks = {name: weeks for name, _f, _g, _l, weeks in CATALOGUE}

    # --- helpers --------------------------------------------------------------------------

    def _date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def _at(self, day: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day,
            datetime.time(
                self.rng.randint(7, 17), self.rng.randint(0, 59), self.rng.randint(0, 59)
            ),
        )
        aware = timezone.make_aware(moment, self.tz)
        return min(aware, self.now)

    def _lead(self) -> int:
        index = self.rng.choices(range(len(self.institutions)), cum_weights=self.cum_weights)[0]
        return self.institutions[index].pk

    def _other_institution(self, *exclude: int) -> int:
        while True:
            candidate = self.rng.choice(self.institutions).pk
            if candidate not in exclude:
                return candidate

    # --- one person -----------------------------------------------------------------------

    def _person(self, rows: dict, person_id: int, lead_id: int, first_day: datetime.date):
        rng = self.rng
        language = rng.choices(list(names.WEIGHTS), weights=list(names.WEIGHTS.values()))[0]
        nationalities, givens, families = names.POOLS[language]
        given = rng.choice(givens)
        family = rng.choice(families)
        variants = []
        if rng.random() < 0.35 and len(family) > 1:
            variants.append(f"{given[0]} {rng.choice(family[1:])}")
        if rng.random() < 0.2 and len(given) > 1:
            variants.append(f"{rng.choice(given[1:])} {family[0]}")
        birth_year = rng.randint(1960, 2009)
        known = rng.random()
        birth_month = rng.randint(1, 12) if known < 0.6 else None
        birth_day = rng.randint(1, 28) if known < 0.5 else None
        status = rng.choice(
            [
                "gestattung",
                "duldung",
                "humanitarian",
                "temporary_protection",
                "family",
                "employment",
            ]
            if language != "pl" and language != "ro"
            else ["eu"]
        )
        expires = (
            self.today + datetime.timedelta(days=rng.randint(-90, 900))
            if status not in ("eu",) and rng.random() < 0.8
            else None
        )
        town, postal = rng.choice(names.TOWNS)
        interpreter = rng.random() < 0.4
        created = self._at(first_day)
        rows[Person].append(
            (
                person_id,
                given[0],
                family[0],
                variants,
                birth_year,
                birth_month,
                birth_day,
                rng.choice("fmmfu"),
                rng.choice(nationalities),
                [language, "de"] if rng.random() < 0.3 else [language],
                first_day - datetime.timedelta(days=rng.randint(10, 700)),
                status,
                expires,
                rng.choice([LegalDomain.ASYLBLG, LegalDomain.SGB_II, LegalDomain.SGB_III]),
                f"05971 {rng.randint(100000, 999999)}" if rng.random() < 0.7 else "",
                "",
                f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
                postal,
                town,
                interpreter,
                language if interpreter else "",
                created,
                created,
                _search_text((given[0], family[0], *variants)),
                lead_id,
            )
        )

    def _consents(
        self, rows, ids, person_id, lead_id, manager_id, opened, *, force=False
    ) -> list[ConsentRow]:
        """About one person in six consents to share with one or two other institutions."""
        rng = self.rng
        consents = []
        if rng.random() >= 0.17 and not force:
            return consents
        for _ in range(1 if rng.random() < 0.85 else 2):
            signed = self._date_between(opened, self.today)
            until = (
                None
                if rng.random() < 0.45
                else signed + datetime.timedelta(days=rng.randint(180, 1100))
            )
            withdrawn = self._date_between(signed, self.today) if rng.random() < 0.05 else None
            consent = ConsentRow(signed, until, withdrawn)
            consent_id = ids.take(Consent)
            rows[Consent].append(
                (
                    consent_id,
                    person_id,
                    signed,
                    until,
                    withdrawn,
                    manager_id if withdrawn else None,
                    manager_id,
                    lead_id,
                    self._at(signed),
                )
            )
            chosen = set()
            for _ in range(1 if rng.random() < 0.7 else 2):
                institution = self._other_institution(lead_id, *chosen)
                chosen.add(institution)
                scopes = sorted(
                    {Scope.BASIC, *rng.sample(ALL_SCOPES, rng.randint(0, len(ALL_SCOPES)))}
                )
                consent.grants.append(GrantRow(institution, scopes))
                rows[ConsentGrant].append((ids.take(ConsentGrant), consent_id, institution, scopes))
            consents.append(consent)
        return consents

    def _case_history(self, rows, ids, case, *, long=False):
        """Assessments, plans, measures along a path, notes, follow-ups for one case."""
        rng = self.rng
        case_id, lead, manager, phase, opened, last_day = (
            case["id"],
            case["lead"],
            case["manager"],
            case["phase"],
            case["opened"],
            case["last_day"],
        )
        rank = PHASE_RANK[phase] if phase != Case.Phase.CLOSED else PHASE_RANK["monitoring"]
        closed = phase == Case.Phase.CLOSED
        if rank >= PHASE_RANK["assessment"] and (not closed or rng.random() < 0.8):
            versions = 4 if long else rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
            level = rng.randint(0, 3)
            literacy = rng.choices([0, 1, 2], weights=[15, 20, 65])[0]
            for version in range(1, versions + 1):
                day = self._date_between(opened, last_day)
                assessment_id = ids.take(Assessment)
                level = min(6, level + rng.randint(0, 1))
                rows[Assessment].append(
                    (
                        assessment_id,
                        case_id,
                        version,
                        day,
                        manager,
                        lead,
                        level,
                        level,
                        max(0, level - 1),
                        level,
                        literacy,
                        rng.choice(["none", "primary", "lower_secondary", "upper_secondary"]),
                        rng.randint(0, 13),
                        "SY",
                        "Erfahrung in Landwirtschaft und Bau" if rng.random() < 0.5 else "",
                        "Ausbildung und eigenes Einkommen",
                        rng.random() < 0.25,
                        "",
                        "Rückenleiden" if rng.random() < 0.05 else "",
                        self._at(day),
                    )
                )
                if version == versions and rng.random() < 0.5:
                    qualification_id = ids.take(Qualification)
                    title = rng.choice(["Schulabschluss", "Elektriker", "Lehramt", "Schneider/in"])
                    recognition = rng.choice(["not_applied", "in_progress", "full", "partial"])
                    rows[Qualification].append(
                        (
                            qualification_id,
                            assessment_id,
                            rng.choice(["school", "vocational", "academic"]),
                            title,
                            "SY",
                            rng.randint(1990, 2022),
                            recognition,
                        )
                    )
                    if title in RECOGNITION_TARGETS and recognition in RECOGNITION_OUTCOME:
                        self._recognition(
                            rows, ids, case, qualification_id, title, recognition, day
                        )
        path = rng.choice(PATHS)
        if rank >= PHASE_RANK["planning"] and (not closed or rng.random() < 0.7):
            for version in range(1, (3 if long else rng.choices([1, 2], weights=[75, 25])[0]) + 1):
                day = self._date_between(opened, last_day)
                plan_id = ids.take(IntegrationPlan)
                rows[IntegrationPlan].append(
                    (
                        plan_id,
                        case_id,
                        version,
                        GOALS.get(path[-1], "Arbeitsaufnahme"),
                        day,
                        manager,
                        lead,
                        self._at(day),
                    )
                )
                for step in path[: rng.randint(1, 3)]:
                    target = day + datetime.timedelta(days=rng.randint(60, 700))
                    rows[SubGoal].append(
                        (
                            ids.take(SubGoal),
                            plan_id,
                            f"{step} abschließen",
                            target,
                            target if target < self.today and rng.random() < 0.6 else None,
                        )
                    )
        if rank >= PHASE_RANK["implementation"] and (not closed or rng.random() < 0.7):
            steps = path * 3 if long else path[: rng.randint(1, len(path))]
            start = self._date_between(opened, min(last_day, opened + datetime.timedelta(days=120)))
            for position, step in enumerate(steps):
                weeks = self.measure_weeks[step]
                end = start + datetime.timedelta(weeks=weeks)
                is_last = position == len(steps) - 1
                if closed and start > last_day:
                    break
                if closed or (end <= self.today and not is_last):
                    status = "aborted" if rng.random() < 0.1 else "completed"
                    actual_end = min(end, last_day if closed else self.today)
                elif start > self.today:
                    status, actual_end = rng.choice(["planned", "waiting"]), None
                else:
                    status = rng.choices(["running", "planned", "waiting"], weights=[70, 15, 15])[0]
                    actual_end = None
                ongoing = status in ("planned", "waiting", "running")
                planned_on = max(
                    opened, start - datetime.timedelta(days=self.planning_rng.randint(0, 60))
                )
                created = self._at(min(planned_on, self.today))
                overridden = self.planning_rng.random() < 0.08
                rows[Measure].append(
                    (
                        ids.take(Measure),
                        case_id,
                        self.measure_types[step].pk,
                        rng.choice(["VHS Rheine", "Kolping Bildungswerk", "TÜV Nord Bildung", ""]),
                        lead,
                        start,
                        end,
                        start if status in ("running", "completed", "aborted") else None,
                        actual_end,
                        status,
                        rng.choice(ABORT_REASONS) if status == "aborted" else "",
                        ["Deutschniveau B1 (vorhanden: A2)"] if overridden else [],
                        "Kurs mit begleitender Sprachförderung" if overridden else "",
                        manager,
                        lead,
                        created,
                        created,
                        1,
                    )
                )
                if ongoing:
                    break  # the next step is planned once this one ends
                start = end + datetime.timedelta(days=rng.randint(0, 90))
        shared_authors = case["shared"]
        for _ in range(
            200 if long else rng.choices(range(0, 9), weights=[5, 10, 15, 18, 16, 13, 10, 7, 6])[0]
        ):
            day = self._date_between(opened, last_day)
            kind = "contact" if rng.random() < 0.6 else "note"
            author, institution = manager, lead
            if shared_authors and rng.random() < 0.15:
                institution = rng.choice(shared_authors)
                author = rng.choice(self.case_managers[institution])
            rows[Note].append(
                (
                    ids.take(Note),
                    case_id,
                    kind,
                    rng.choice(["in_person", "phone", "email", "video"])
                    if kind == "contact"
                    else "",
                    day,
                    rng.choice(NOTE_TEXTS),
                    rng.random() < 0.1,
                    author,
                    institution,
                    self._at(day),
                )
            )
        for _ in range(rng.choices([0, 1, 2], weights=[50, 35, 15])[0] if not long else 10):
            created = self._date_between(opened, last_day)
            due = created + datetime.timedelta(days=rng.randint(3, 60))
            done = (closed or due < self.today) and rng.random() < 0.8
            done_at = self._at(min(due, self.today)) if done else None
            rows[FollowUp].append(
                (
                    ids.take(FollowUp),
                    case_id,
                    due,
                    manager,
                    rng.choice(["Kursbeginn prüfen", "Unterlagen nachfordern", "Rückruf Träger"]),
                    manager,
                    lead,
                    self._at(created),
                    done_at,
                    manager if done else None,
                )
            )

    def _recognition(self, rows, ids, case, qualification_id, title, recognition, day):
        """An Anerkennungsverfahren for a qualification in or after recognition."""
        rng = self.rng
        occupation, body = RECOGNITION_TARGETS[title]
        applied = day + datetime.timedelta(days=rng.randint(0, 60))
        applied = min(applied, self.today)
        outcome = RECOGNITION_OUTCOME[recognition]
        decided = (
            min(applied + datetime.timedelta(days=rng.randint(30, 200)), self.today)
            if outcome != "pending"
            else None
        )
        partial = outcome == "partial"
        rows[RecognitionProcedure].append(
            (
                ids.take(RecognitionProcedure),
                case["id"],
                qualification_id,
                title,
                occupation,
                body,
                applied - datetime.timedelta(days=rng.randint(10, 90)),
                applied,
                rng.choice([None, 100, 480, 600]),
                rng.choice(["grant", "jobcenter", "person"]),
                decided,
                outcome,
                "Fachpraxis nach deutschen Vorschriften" if partial else "",
                "adaptation" if partial else "",
                case["manager"],
                case["lead"],
                self._at(applied),
                self._at(decided or applied),
            )
        )

    def _residence_history(self, rows, ids, person_id: int, case_id: int):
        """The person's residence history from the status just generated: one entry since
        arrival, or for most recognised persons a Gestattung first, the recognition (§ 25
        Abs. 2) later and the change of legal domain it brought (the steering indicator)."""
        rng = self.rng
        person = rows[Person][-1]
        arrival, status, expires, domain = person[10], person[11], person[12], person[13]
        start = min(arrival, expires) if expires else arrival
        latest_recognition = min(self.today, expires) if expires else self.today
        if (
            status == "humanitarian"
            and domain == LegalDomain.SGB_II
            and rng.random() < 0.7
            and (latest_recognition - start).days > 60
        ):
            recognised = start + datetime.timedelta(
                days=rng.randint(30, (latest_recognition - start).days)
            )
            rows[ResidenceRecord].append(
                (
                    ids.take(ResidenceRecord),
                    person_id,
                    "gestattung",
                    "55_asylg",
                    start,
                    recognised - datetime.timedelta(days=1),
                    start,
                    "BAMF",
                    LegalDomain.ASYLBLG,
                    False,
                    self._at(start),
                )
            )
            record_id = ids.take(ResidenceRecord)
            rows[ResidenceRecord].append(
                (
                    record_id,
                    person_id,
                    status,
                    "25_2",
                    recognised,
                    expires,
                    recognised,
                    "Ausländerbehörde Kreis Steinfurt",
                    domain,
                    False,
                    self._at(recognised),
                )
            )
            rows[LegalDomainChange].append(
                (
                    ids.take(LegalDomainChange),
                    person_id,
                    case_id,
                    record_id,
                    LegalDomain.ASYLBLG,
                    domain,
                    recognised,
                    self._at(recognised),
                )
            )
            return
        rows[ResidenceRecord].append(
            (
                ids.take(ResidenceRecord),
                person_id,
                status,
                DEFAULT_BASIS[status],
                start,
                expires,
                None,
                "",
                domain,
                False,
                self._at(start),
            )
        )

    def _handovers(self, rows, ids, case, previous_lead):
        """Accepted handovers explain a changed lead; some are declined or still open."""
        rng = self.rng
        case_id, lead, manager = case["id"], case["lead"], case["manager"]
        requested = self._date_between(case["opened"], case["last_day"])
        if previous_lead is not None:
            answered = min(requested + datetime.timedelta(days=rng.randint(1, 20)), self.today)
            rows[Handover].append(
                (
                    ids.take(Handover),
                    case_id,
                    previous_lead,
                    lead,
                    "legal_domain",
                    "Anerkennung erteilt, Zuständigkeit wechselt ins SGB II.",
                    "accepted",
                    rng.choice(self.case_managers[previous_lead]),
                    self._at(requested),
                    manager,
                    self._at(answered),
                    "",
                )
            )
        roll = rng.random()
        if roll < 0.015 or (roll < 0.03 and case["phase"] != Case.Phase.CLOSED):
            status = "declined" if roll < 0.015 else "requested"
            to = self._other_institution(lead)
            day = self._date_between(case["opened"], case["last_day"])
            rows[Handover].append(
                (
                    ids.take(Handover),
                    case_id,
                    lead,
                    to,
                    rng.choice(["move", "referral"]),
                    "Umzug in den Zuständigkeitsbereich der anderen Stelle.",
                    status,
                    manager,
                    self._at(day),
                    rng.choice(self.case_managers[to]) if status == "declined" else None,
                    self._at(day) if status == "declined" else None,
                    "Keine Zuständigkeit." if status == "declined" else "",
                )
            )

    def _access(self, rows, ids, case, consents):
        desired = permissions.access_from_consents(case["lead"], consents, self.today)
        for institution_id, (is_lead, scopes, expires) in desired.items():
            rows[CaseAccess].append(
                (
                    ids.take(CaseAccess),
                    case["id"],
                    institution_id,
                    is_lead,
                    sorted(scopes),
                    expires,
                    case["updated_at"],
                )
            )
            group = self.group_of[institution_id]
            for codename in sorted(permissions.codenames_for(is_lead, scopes)):
                rows[CaseGroupObjectPermission].append(
                    (
                        ids.take(CaseGroupObjectPermission),
                        case["id"],
                        group,
                        self.permission_ids[codename],
                    )
                )
        return [i for i, (lead, _s, _e) in desired.items() if not lead]

    def _one(self, rows, ids, *, long=False, lead=None):
        """A person and their cases (one in twelve has an earlier, closed case)."""
        rng = self.rng
        person_id = ids.take(Person)
        case_count = 2 if (rng.random() < 1 / 12 and not long) else 1
        # Dates: an earlier closed case first, the current one after it.
        start = self.today - datetime.timedelta(days=rng.randint(0, 8 * 365))
        cases = []
        for position in range(case_count):
            case_lead = lead or self._lead()
            previous = None
            if rng.random() < 0.06 and not long:
                previous, case_lead = case_lead, self._lead()
                if previous == case_lead:
                    previous = None
            is_current = position == case_count - 1
            closed = (not is_current) or (rng.random() < 0.30 and not long)
            opened = start
            if closed:
                closed_on = min(opened + datetime.timedelta(days=rng.randint(60, 900)), self.today)
                last_day = closed_on
                phase = Case.Phase.CLOSED
            else:
                closed_on = None
                # Recent activity is likelier: lists are sorted by it.
                last_day = self.today - datetime.timedelta(
                    days=int(min((self.today - opened).days, rng.expovariate(1 / 120)))
                )
                phase = (
                    Case.Phase.IMPLEMENTATION
                    if long
                    else rng.choices(
                        [p for p, _w in PHASES_OPEN], weights=[w for _p, w in PHASES_OPEN]
                    )[0]
                )
            manager = rng.choice(self.case_managers[case_lead])
            cases.append(
                {
                    "id": ids.take(Case),
                    "lead": case_lead,
                    "previous": previous,
                    "manager": manager,
                    "phase": phase,
                    "opened": opened,
                    "closed_on": closed_on,
                    "last_day": last_day,
                    "updated_at": self._at(last_day),
                }
            )
            if closed_on:
                start = min(closed_on + datetime.timedelta(days=rng.randint(1, 200)), self.today)
        first = cases[0]
        self._person(rows, person_id, first["lead"], first["opened"])
        current = cases[-1]
        self._residence_history(rows, ids, person_id, current["id"])
        consents = self._consents(
            rows, ids, person_id, current["lead"], current["manager"], current["opened"]
        )
        if long:
            for _ in range(3):
                consents += self._consents(
                    rows,
                    ids,
                    person_id,
                    current["lead"],
                    current["manager"],
                    current["opened"],
                    force=True,
                )
        for case in cases:
            case["shared"] = self._access(rows, ids, case, consents)
            rows[Case].append(
                (
                    case["id"],
                    person_id,
                    case["lead"],
                    case["manager"],
                    rng.sample(
                        ["language", "qualification", "training", "work"], rng.randint(1, 3)
                    ),
                    case["phase"],
                    case["opened"],
                    case["closed_on"],
                    rng.choice(CLOSING) if case["closed_on"] else "",
                    "",
                    self._at(case["opened"]),
                    case["updated_at"],
                    1,
                )
            )
            self._case_history(rows, ids, case, long=long)
            self._handovers(rows, ids, case, case["previous"])
        self.stats.persons += 1
        self.stats.cases += len(cases)

    # --- writing --------------------------------------------------------------------------

    def _copy(self, rows: dict):
        with connection.cursor() as cursor:
            for model in COPY_MODELS:
                batch = rows[model]
                if not batch:
                    continue
                columns, converters, extra = _copy_plan(model)
                sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
                with cursor.copy(sql) as copy:
                    if converters or extra:
                        for row in batch:
                            values = list(row)
                            for position, convert in converters:
                                values[position] = convert(values[position])
                            copy.write_row((*values, *extra))
                    else:
                        for row in batch:
                            copy.write_row(row)
                self.stats.rows[model.__name__] = self.stats.rows.get(model.__name__, 0) + len(
                    batch
                )

    def run(self) -> Stats:
        started = time.monotonic()
        self._setup()
        ids = Ids(COPY_MODELS)
        long_done = False
        while self.stats.cases < self.target_cases:
            rows = {model: [] for model in COPY_MODELS}
            chunk_end = self.stats.cases + CHUNK
            while self.stats.cases < min(chunk_end, self.target_cases):
                if not long_done:
                    # One case of the large institution with a long history (the case page benchmark).
                    self._one(rows, ids, long=True, lead=self.institutions[0].pk)
                    long_done = True
                else:
                    self._one(rows, ids)
            with transaction.atomic():
                self._copy(rows)
            if self.progress:
                self.progress(self.stats.cases, self.target_cases, time.monotonic() - started)
        ids.reset_sequences()
        self.stats.rows["CourseOffer"] = generate_course_offers(
            count=self.target_offers,
            measure_types=list(self.measure_types.values()),
            today=self.today,
            rng=self.rng,
        )
        with connection.cursor() as cursor:
            for model in COPY_MODELS:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        return self.stats


# --- Course offers (issue 22) ------------------------------------------------------------------

COURSE_PROVIDERS = 20
OFFER_PLACES = ["Rheine", "Emsdetten", "Ibbenbüren", "Greven", "Steinfurt", "Mettingen"]
OFFER_DAYS = ["Mo, Mi", "Di, Do", "Mo, Di, Do", "Mo–Fr", "Sa"]


def offers_for(cases: int) -> int:
    """20 000 offers at 1 M cases (issue 22's benchmark size), at least a few for tiny runs."""
    return max(20, cases // 50)


def generate_course_offers(
    *, count: int, measure_types: list, today: datetime.date, rng: random.Random
) -> int:
    """Course providers and ``count`` offers spread over two years around ``today``, with
    seats partly taken (counters only: no bookings). Skipped when the offers exist."""
    from cases.models import CourseOffer

    if CourseOffer.objects.filter(title__startswith="[G] ").count() >= count:
        return 0
    providers = []
    for index in range(COURSE_PROVIDERS):
        provider, _ = Institution.objects.get_or_create(
            short_name=f"K{index:03d}",
            defaults={
                "name": f"Kursanbieter {index + 1} [K{index:03d}]",
                "kind": Institution.Kind.ADULT_EDUCATION
                if index % 2
                else Institution.Kind.EDUCATION_PROVIDER,
                "legal_domain": LegalDomain.EDUCATION,
            },
        )
        user, _ = User.objects.get_or_create(
            username=f"k{index:03d}.kurse", defaults={"email": f"k{index:03d}@bench.example"}
        )
        Membership.objects.get_or_create(
            user=user, defaults={"institution": provider, "roles": [Role.COURSE_PROVIDER]}
        )
        providers.append((provider, user))
    offers = []
    for number in range(count):
        provider, user = providers[number % len(providers)]
        starts_on = today + datetime.timedelta(days=rng.randint(-365, 365))
        seats = rng.randint(8, 25)
        offers.append(
            CourseOffer(
                provider=provider,
                measure_type=rng.choice(measure_types),
                title=f"[G] Kurs {number + 1}",
                place=rng.choice(OFFER_PLACES),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(weeks=rng.randint(8, 40)),
                entry_until=starts_on + datetime.timedelta(weeks=4) if rng.random() < 0.3 else None,
                days=rng.choice(OFFER_DAYS),
                times="08:30–12:00",
                hours_per_week=rng.choice([6, 12, 20, 25]),
                seats=seats,
                seats_taken=rng.randint(0, seats),
                contact=user.email,
                created_by=user,
            )
        )
    CourseOffer.objects.bulk_create(offers, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "cases_courseoffer"')
    return count


def stderr_progress(done: int, total: int, seconds: float) -> None:
    """A one-line progress bar on stderr (no extra dependency)."""
    share = min(done / total, 1) if total else 1
    bar = "#" * int(share * 30)
    rate = done / seconds if seconds else 0
    sys.stderr.write(
        f"\r[{bar:<30}] {done:>9,}/{total:,} Fälle  {share:4.0%}  {seconds:6.1f} s  {rate:,.0f}/s"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
