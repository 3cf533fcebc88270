"""Demo data of issue 20, called by load_demo_data: chairs, three meetings, the paper's possible
and ideal trajectory, two strategies, demo cases along one path and their observed run.
Loading twice changes nothing (rows are found by their names before anything is created)."""

import datetime

from django.utils import timezone

from cases import services as case_services
from cases.models import (
    CEFR,
    Assessment,
    Handover,
    IntegrationPlan,
    Literacy,
    Measure,
    Person,
    ResidenceStatus,
    SchoolLevel,
    Scope,
)
from networks import observed, services
from networks.models import (
    ActionItem,
    AffectedInstitution,
    AgendaItem,
    Attendance,
    FieldOfAction,
    LegalDomain,
    Meeting,
    ObservedRun,
    Station,
    Strategy,
    Trajectory,
    WorkingGroup,
)

DAY = datetime.timedelta(days=1)
TRAJECTORY_TITLE = "Anerkannter Flüchtling auf dem Weg in eine Ausbildung"
# institution, step, duration weeks, wait weeks, break-point note
POSSIBLE = [
    ("Sozialamt", "Kompetenzfeststellung", 2, 2, ""),
    ("IA", "Kompetenzfeststellung (parallel)", 2, 1, "Parallele Kompetenzfeststellung"),
    ("Sozialamt", "Integrationskurs", 30, 12, "Qualifizierung vor Alphabetisierung"),
    ("ABH", "Anerkennung als Flüchtling", 1, 8, ""),
    ("Jobcenter", "Neue Planung im Jobcenter", 4, 6, "Planung beginnt von vorn"),
    ("Jobcenter", "Alphabetisierungskurs", 40, 10, ""),
    ("Elektro Emsland", "Einstiegsqualifizierung", 26, 8, ""),
]
IDEAL = [
    ("Sozialamt", "Kompetenzfeststellung", 2, 2, ""),
    ("Sozialamt", "Alphabetisierungskurs", 40, 4, ""),
    ("ABH", "Anerkennung als Flüchtling", 1, 8, ""),
    ("Jobcenter", "Warme Übergabe mit Einschätzung und Plan", 1, 0, ""),
    ("Jobcenter", "Integrationskurs", 30, 2, ""),
    ("Elektro Emsland", "Einstiegsqualifizierung", 26, 2, ""),
]
OBSERVED_CASES = [
    ("Samira", "Verlaufsdemo", 1995),
    ("Karim", "Verlaufsdemo", 1992),
    ("Leyla", "Verlaufsdemo", 1999),
    ("Omar", "Verlaufsdemo", 1988),
    ("Nadia", "Verlaufsdemo", 1997),
    ("Tarek", "Verlaufsdemo", 2000),
]


def load(*, users: dict, institutions: dict, catalogue: dict) -> None:
    chair = users["arbeitskreis"]
    groups = {group.name: group for group in WorkingGroup.objects.all()}
    for group in groups.values():
        if group.chair_id is None:
            services.set_members(
                group=group, members=list(group.members.all()), chair=chair, deputy=None
            )
    work = groups["Ausbildungs- und Arbeitsmarktzugang und Wirtschaft"]
    possible = _trajectory(work, chair, Trajectory.Kind.POSSIBLE, POSSIBLE, institutions)
    ideal = _trajectory(work, chair, Trajectory.Kind.IDEAL, IDEAL, institutions)
    _strategies(work, chair, possible, institutions)
    _meetings(groups["Sprachförderung"], users, possible, ideal)
    _observed(users, institutions, catalogue)


def _trajectory(group, by, kind, rows, institutions) -> Trajectory:
    title = f"{TRAJECTORY_TITLE} ({'heute' if kind == 'possible' else 'ideal'})"
    existing = Trajectory.objects.filter(title=title, working_group=group).first()
    if existing:
        return existing
    trajectory = services.create_trajectory(
        trajectory=Trajectory(
            title=title,
            kind=kind,
            working_group=group,
            field_of_action=FieldOfAction.TRAINING,
            description="Die Geschichte aus Vorlage 199/17, Anlage 1 und 2.",
        ),
        by=by,
    )
    for short, step, duration, wait, note in rows:
        services.add_station(
            trajectory=trajectory,
            station=Station(
                institution=institutions[short],
                step=step,
                duration_weeks=duration,
                wait_weeks=wait,
                is_break_point=bool(note),
                break_point_note=note,
            ),
            by=by,
        )
    return trajectory


def _strategies(group, by, possible, institutions) -> None:
    version = possible.current_version()
    rows = [
        (
            "Eine Kompetenzfeststellung für alle",
            "Parallele Kompetenzfeststellung",
            "Sozialamt, Integrationsagentur und Jobcenter stellen die Kompetenzen jeweils neu fest.",
            "Die erste Kompetenzfeststellung wird im System geteilt und von allen weiter genutzt.",
            False,
        ),
        (
            "Warme Übergabe bei Anerkennung",
            "Planung beginnt von vorn",
            "Nach der Anerkennung plant das Jobcenter von vorn; Wochen gehen verloren.",
            "Das Sozialamt übergibt Einschätzung und Plan; das Jobcenter setzt den Plan fort.",
            True,
        ),
    ]
    for title, note, problem, proposal, submit in rows:
        if Strategy.objects.filter(title=title).exists():
            continue
        strategy = services.save_strategy(
            strategy=Strategy(
                title=title,
                working_group=group,
                trajectory=possible,
                problem=problem,
                proposal=proposal,
                expected_effect="Wartezeit zwischen Anerkennung und nächster Maßnahme",
            ),
            break_points=list(version.stations.filter(break_point_note=note)),
            by=by,
        )
        AffectedInstitution.objects.create(
            strategy=strategy,
            institution=institutions["Jobcenter"],
            change="Übernimmt Einschätzung und Plan statt neu zu planen.",
        )
        if submit:
            services.move_strategy(strategy=strategy, to=Strategy.State.SUBMITTED, by=by)


def _meetings(group, users, possible, ideal) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    plans = [
        ("1. Sitzung Sprachförderung", -56, possible),
        ("2. Sitzung Sprachförderung", -14, ideal),
        ("3. Sitzung Sprachförderung", 14, None),
    ]
    meetings = []
    for title, days, trajectory in plans:
        meeting = Meeting.objects.filter(working_group=group, title=title).first()
        if meeting is None:
            starts = now + days * DAY
            meeting = Meeting.objects.create(
                working_group=group,
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place="Rathaus Rheine, Raum 101",
                created_by=users["arbeitskreis"],
            )
            AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung, Protokoll")
            AgendaItem.objects.create(
                meeting=meeting,
                position=2,
                title="Fallverlauf besprechen",
                trajectory_version=trajectory.current_version() if trajectory else None,
            )
            if days < 0:
                _held(meeting, users)
        meetings.append(meeting)
    first, second, _upcoming = meetings
    if first.minutes_status == Meeting.MinutesStatus.DRAFT:
        services.approve_minutes(meeting=first, at=second, by=users["arbeitskreis"])


def _held(meeting, users) -> None:
    for member in meeting.working_group.members.all():
        status = Attendance.Status.EXCUSED if member.username == "fm.ehrenamt" else "present"
        Attendance.objects.create(meeting=meeting, member=member, status=status)
    item = meeting.agenda_items.get(position=2)
    item.discussion = "Die Bruchstellen des Verlaufs wurden besprochen."
    item.decisions = "Eine Lösungsstrategie zur warmen Übergabe wird entworfen."
    item.save()
    ActionItem.objects.create(
        agenda_item=item,
        description="Strategie entwerfen",
        assignee=users["arbeitskreis"],
        due_on=(meeting.starts_at + 21 * DAY).date(),
    )
    meeting.status, meeting.minutes_status = Meeting.Status.HELD, Meeting.MinutesStatus.DRAFT
    meeting.save()


def _observed(users, institutions, catalogue) -> None:
    """Six cases along the paper's path (literacy course at the Sozialamt, handover to the
    Jobcenter, which plans anew, integration course), back-dated so the observed trajectory
    has durations and waits; then one run over them."""
    sozialamt, jobcenter = users["fm.sozialamt"], users["fm.jobcenter"]
    today = timezone.localdate()
    opened = today - 400 * DAY
    for number, (given, family, year) in enumerate(OBSERVED_CASES):
        if Person.objects.filter(given_names=given, family_name=family, birth_year=year).exists():
            continue
        case = case_services.register_person(
            person=Person(
                given_names=given,
                family_name=family,
                birth_year=year,
                nationality="SY",
                residence_status=ResidenceStatus.PERMISSION_TO_REMAIN,
                legal_domain=LegalDomain.ASYLBLG,
            ),
            fields_of_action=[FieldOfAction.LANGUAGE, FieldOfAction.TRAINING],
            by=sozialamt,
        )
        case_services.record_consent(
            case=case,
            signed_on=today - 30 * DAY,
            valid_until=today + 700 * DAY,
            grants={institutions["Jobcenter"].pk: list(Scope.values)},
            by=sozialamt,
        )
        case_services.add_assessment(
            case=case,
            by=sozialamt,
            qualifications=[],
            assessment=Assessment(
                assessed_on=today,
                german_listening=CEFR.NONE,
                german_reading=CEFR.NONE,
                german_writing=CEFR.NONE,
                german_speaking=CEFR.NONE,
                literacy=Literacy.NONE,
                school_level=SchoolLevel.LOWER_SECONDARY,
            ),
        )
        start = opened + (20 + 7 * number) * DAY
        literacy = case_services.plan_measure(
            case=case,
            by=sozialamt,
            justification="",
            measure=Measure(
                measure_type=catalogue["Alphabetisierungskurs"],
                provider="VHS Rheine",
                responsible_institution=institutions["Sozialamt"],
            ),
        )
        end = start + (250 + 7 * number) * DAY
        Measure.objects.filter(pk=literacy.pk).update(
            actual_start=start, actual_end=end, status=Measure.Status.COMPLETED
        )
        handover = case_services.propose_handover(
            case=case,
            to_institution=institutions["Jobcenter"],
            reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
            summary="Anerkennung erfolgt; Wechsel in das SGB II.",
            by=sozialamt,
        )
        case_services.accept_handover(handover, by=jobcenter)
        requested = timezone.make_aware(datetime.datetime.combine(end + 14 * DAY, datetime.time(9)))
        Handover.objects.filter(pk=handover.pk).update(
            requested_at=requested, answered_at=requested + (2 + number) * DAY
        )
        answered = (requested + (2 + number) * DAY).date()
        case_services.add_plan(
            case=case,
            by=jobcenter,
            plan=IntegrationPlan(goal="Ausbildung", agreed_on=answered),
            sub_goals=[],
        )
        course = case_services.plan_measure(
            case=case,
            by=jobcenter,
            justification="Alphabetisierungskurs abgeschlossen; neue Einschätzung folgt.",
            measure=Measure(
                measure_type=catalogue["Integrationskurs"],
                provider="Bildungsträger Rheine",
                responsible_institution=institutions["Jobcenter"],
            ),
        )
        Measure.objects.filter(pk=course.pk).update(
            actual_start=answered + (21 + number) * DAY, status=Measure.Status.RUNNING
        )
        case.__class__.objects.filter(pk=case.pk).update(opened_on=opened)
    run, _created = ObservedRun.objects.get_or_create(
        field_of_action="", period_start=opened, period_end=today
    )
    observed.compute_run(run=run)
