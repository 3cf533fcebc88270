"""factory_boy factories for the whole domain. Persons are fictitious."""

import datetime

import factory
from django.utils import timezone

from cases import permissions, services
from cases.models import (
    CEFR,
    Assessment,
    Case,
    Consent,
    ConsentGrant,
    FollowUp,
    Handover,
    IntegrationPlan,
    Literacy,
    Measure,
    MeasureType,
    Note,
    Person,
)
from networks.models import Institution, LegalDomain, Membership, Role, User

PASSWORD = "Rheine-Test-2026!"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    short_name = factory.Sequence(lambda n: f"BS{n}")
    kind = Institution.Kind.COUNSELLING
    legal_domain = LegalDomain.NONE


class UserFactory(factory.django.DjangoModelFactory):
    """A staff account without membership; ``make_user`` gives it an institution and roles."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@rheine.example")
    password = factory.django.Password(PASSWORD)


def make_user(
    username: str, institution: Institution | None, roles=(Role.CASE_MANAGER,), **extra
) -> User:
    user = UserFactory(username=username, **extra)
    if institution is not None:
        Membership.objects.update_or_create(
            user=user, defaults={"institution": institution, "roles": list(roles)}
        )
    return user


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Iterator(["Amina", "Yusuf", "Tesfay", "Olena", "Farid", "Leyla"])
    family_name = factory.Iterator(
        ["Haddad", "Rahimi", "Gebremedhin", "Kovalenko", "Noori", "Aydin"]
    )
    birth_year = 1994
    residence_status = "gestattung"
    legal_domain = LegalDomain.ASYLBLG
    registered_by = factory.SubFactory(InstitutionFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case; access (guardian grants and CaseAccess) is synced as the services do."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(
        PersonFactory, registered_by=factory.SelfAttribute("..lead_institution")
    )
    lead_institution = factory.SubFactory(InstitutionFactory)
    case_manager = factory.LazyAttribute(
        lambda c: make_user(f"cm-{c.lead_institution.short_name}", c.lead_institution)
    )
    fields_of_action = factory.LazyFunction(lambda: ["language", "work"])

    @factory.post_generation
    def access(self, create, extracted, **kwargs):
        if create:
            permissions.sync_case_access(self)


def give_consent(
    case: Case, institution: Institution, scopes, *, signed_on=None, valid_until=None, recorder=None
) -> Consent:
    """Record a consent for ``institution`` directly (tests of the services use the service)."""
    consent = Consent.objects.create(
        person=case.person,
        signed_on=signed_on or timezone.localdate() - datetime.timedelta(days=1),
        valid_until=valid_until,
        recorded_by=recorder or case.case_manager,
        recorded_by_institution=case.lead_institution,
    )
    ConsentGrant.objects.create(consent=consent, institution=institution, scopes=list(scopes))
    permissions.sync_person_access(case.person)
    return consent


class MeasureTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureType
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Maßnahme {n}")
    field_of_action = "qualification"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    version = factory.Sequence(lambda n: n + 1)
    assessed_on = factory.LazyFunction(timezone.localdate)
    author = factory.SelfAttribute("case.case_manager")
    institution = factory.SelfAttribute("case.lead_institution")
    german_listening = CEFR.A2
    german_reading = CEFR.A2
    german_writing = CEFR.A2
    german_speaking = CEFR.A2
    literacy = Literacy.LATIN


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrationPlan

    case = factory.SubFactory(CaseFactory)
    version = 1
    goal = "Ausbildung zum Elektroniker"
    agreed_on = factory.LazyFunction(timezone.localdate)
    author = factory.SelfAttribute("case.case_manager")
    institution = factory.SelfAttribute("case.lead_institution")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    case = factory.SubFactory(CaseFactory)
    measure_type = factory.SubFactory(MeasureTypeFactory)
    responsible_institution = factory.SelfAttribute("case.lead_institution")
    created_by = factory.SelfAttribute("case.case_manager")
    institution = factory.SelfAttribute("case.lead_institution")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    text = "Gespräch zur Kursanmeldung geführt."
    author = factory.SelfAttribute("case.case_manager")
    institution = factory.SelfAttribute("case.lead_institution")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    due_on = factory.LazyFunction(timezone.localdate)
    assignee = factory.SelfAttribute("case.case_manager")
    description = "Kursbeginn prüfen"
    created_by = factory.SelfAttribute("case.case_manager")
    institution = factory.SelfAttribute("case.lead_institution")


class HandoverFactory(factory.django.DjangoModelFactory):
    """An open handover request; pass ``to_institution`` (covered by a consent in real use)."""

    class Meta:
        model = Handover

    case = factory.SubFactory(CaseFactory)
    from_institution = factory.SelfAttribute("case.lead_institution")
    to_institution = factory.SubFactory(InstitutionFactory)
    reason = Handover.Reason.LEGAL_DOMAIN_CHANGE
    summary = "Anerkennung erfolgt, Wechsel in das SGB II."
    requested_by = factory.SelfAttribute("case.case_manager")


def assess(case, by, *, level=CEFR.A1, literacy=Literacy.NONE, **fields):
    """An assessment through the service: the same German level in every skill."""
    return services.add_assessment(
        case=case,
        by=by,
        qualifications=[],
        assessment=Assessment(
            assessed_on=timezone.localdate(),
            german_listening=level,
            german_reading=level,
            german_writing=level,
            german_speaking=level,
            literacy=literacy,
            **fields,
        ),
    )


def networks_world(*, by: User, institution: Institution) -> dict:
    """A working group chaired by ``by`` with a future meeting (one agenda item, draft
    minutes), a possible trajectory with one break point and a draft strategy."""
    from networks import services as network_services
    from networks.models import AgendaItem, Meeting, Station, Strategy, Trajectory, WorkingGroup

    group = WorkingGroup.objects.create(name="Sprachförderung", field_of_action=["language"])
    network_services.set_members(group=group, members=[by], chair=by, deputy=None)
    starts = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        working_group=group,
        title="2. Sitzung",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Rathaus, Raum 101",
        created_by=by,
        minutes_status=Meeting.MinutesStatus.DRAFT,
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    trajectory = network_services.create_trajectory(
        trajectory=Trajectory(
            title="Anerkannt, auf dem Weg in eine Ausbildung",
            kind=Trajectory.Kind.POSSIBLE,
            working_group=group,
        ),
        by=by,
    )
    station = network_services.add_station(
        trajectory=trajectory,
        station=Station(
            institution=institution,
            step="Kompetenzfeststellung",
            duration_weeks=2,
            wait_weeks=4,
            is_break_point=True,
            break_point_note="Planung beginnt von vorn",
        ),
        by=by,
    )
    strategy = network_services.save_strategy(
        strategy=Strategy(
            title="Warme Übergabe",
            working_group=group,
            trajectory=trajectory,
            problem="Doppelte Kompetenzfeststellung",
            proposal="Übergabe mit Einschätzung",
        ),
        break_points=[station],
        by=by,
    )
    return {
        "working_group": group,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "trajectory": trajectory,
        "station": station,
        "version": station.version,
        "strategy": strategy,
        "institution": institution,
    }
