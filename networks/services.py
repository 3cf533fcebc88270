"""Every write of the networks app beyond a plain form save: groups, meetings, minutes,
trajectories (versioned), strategies (state table, history)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    Station,
    Strategy,
    Trajectory,
    TrajectoryVersion,
    User,
    WorkingGroup,
)


@transaction.atomic
def set_members(
    *, group: WorkingGroup, members: list[User], chair: User | None, deputy: User | None
) -> WorkingGroup:
    """Members, chair and deputy of a group; chair and deputy are always members."""
    if chair and deputy and chair == deputy:
        raise ValidationError(_("Vorsitz und Stellvertretung müssen zwei Personen sein."))
    group.chair, group.deputy = chair, deputy
    group.save(update_fields=["chair", "deputy"])
    group.members.set({*members, *(u for u in (chair, deputy) if u)})
    return group


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, item: AgendaItem) -> AgendaItem:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Die Einladung ist verschickt: die Tagesordnung steht fest."))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item.meeting, item.position = meeting, last + 1
    item.save()
    return item


@transaction.atomic
def send_invitation(*, meeting: Meeting, by: User) -> Meeting:
    """Marks the meeting as invited; the PDF and iCalendar entry are then downloadable."""
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Eine Einladung braucht mindestens einen Tagesordnungspunkt."))
    if meeting.is_past:
        raise ValidationError(
            _("Die Sitzung liegt in der Vergangenheit: zu ihr kann nicht mehr eingeladen werden.")
        )
    meeting.status, meeting.invited_at = Meeting.Status.INVITED, timezone.now()
    meeting.save(update_fields=["status", "invited_at"])
    return meeting


@transaction.atomic
def record_attendance(*, meeting: Meeting, rows: list[tuple[User, str, User | None]]) -> None:
    """(member, status, deputy) per member; recording it marks the meeting as held."""
    if meeting.minutes_read_only:
        raise ValidationError(_("Das Protokoll ist genehmigt und kann nicht mehr geändert werden."))
    for member, status, deputy in rows:
        if status == Attendance.Status.DEPUTY and deputy is None:
            raise ValidationError(_("Bei „vertreten“ bitte angeben, wer vertreten hat."))
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={"status": status, "deputy": deputy if status == "deputy" else None},
        )
    meeting.status = Meeting.Status.HELD
    if meeting.minutes_status == Meeting.MinutesStatus.NONE:
        meeting.minutes_status = Meeting.MinutesStatus.DRAFT
    meeting.save(update_fields=["status", "minutes_status"])


def _writable_minutes(meeting: Meeting) -> None:
    meeting.refresh_from_db(fields=["minutes_status"])
    if meeting.minutes_read_only:
        raise ValidationError(_("Das Protokoll ist genehmigt und kann nicht mehr geändert werden."))


@transaction.atomic
def save_minutes(*, item: AgendaItem, discussion: str, decisions: str) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _writable_minutes(meeting)
    item.discussion, item.decisions = discussion, decisions
    item.save(update_fields=["discussion", "decisions"])
    if meeting.minutes_status == Meeting.MinutesStatus.NONE:
        meeting.minutes_status = Meeting.MinutesStatus.DRAFT
        meeting.save(update_fields=["minutes_status"])
    return item


@transaction.atomic
def add_action_item(*, item: AgendaItem, action: ActionItem) -> ActionItem:
    _writable_minutes(Meeting.objects.select_for_update().get(pk=item.meeting_id))
    action.agenda_item = item
    action.save()
    return action


@transaction.atomic
def approve_minutes(*, meeting: Meeting, at: Meeting, by: User) -> Meeting:
    """Minutes are approved at a later meeting of the same body; afterwards read-only."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_read_only:
        raise ValidationError(_("Das Protokoll ist bereits genehmigt."))
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("Es gibt noch kein Protokoll zum Genehmigen."))
    same_body = (at.body, at.working_group_id) == (meeting.body, meeting.working_group_id)
    if not same_body or at.starts_at <= meeting.starts_at:
        raise ValidationError(
            _("Ein Protokoll wird in einer späteren Sitzung desselben Gremiums genehmigt.")
        )
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_at, meeting.minutes_approved_in = timezone.now(), at
    meeting.save(update_fields=["minutes_status", "minutes_approved_at", "minutes_approved_in"])
    return meeting


# --- Trajectories ---------------------------------------------------------------------------


@transaction.atomic
def create_trajectory(*, trajectory: Trajectory, by: User) -> Trajectory:
    trajectory.created_by = by
    trajectory.save()
    TrajectoryVersion.objects.create(trajectory=trajectory, number=1, created_by=by)
    return trajectory


def _editable_version(trajectory: Trajectory, by: User) -> TrajectoryVersion:
    """The newest version, or a copy of it when a meeting has discussed it (frozen)."""
    Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    current = trajectory.current_version()
    if not current.frozen:
        return current
    copy = TrajectoryVersion.objects.create(
        trajectory=trajectory, number=current.number + 1, created_by=by
    )
    for station in current.stations.all():
        station.pk, station.version = None, copy
        station.save()
    return copy


@transaction.atomic
def add_station(*, trajectory: Trajectory, station: Station, by: User) -> Station:
    version = _editable_version(trajectory, by)
    last = version.stations.aggregate(last=Max("position"))["last"] or 0
    station.pk, station.version, station.position = None, version, last + 1
    station.full_clean(exclude=["version"])
    station.save()
    return station


@transaction.atomic
def edit_station(*, trajectory: Trajectory, position: int, values: dict, by: User) -> Station:
    version = _editable_version(trajectory, by)
    station = version.stations.get(position=position)
    for name, value in values.items():
        setattr(station, name, value)
    station.save()
    return station


@transaction.atomic
def move_station(*, trajectory: Trajectory, position: int, to: int, by: User) -> None:
    """Moves the station at ``position`` to ``to``; the others close up."""
    count = trajectory.current_version().stations.count()
    if position == to:
        raise ValidationError(_("Die Station steht schon an dieser Stelle."))
    if not 1 <= to <= count:
        raise ValidationError(_("Bitte eine Position zwischen 1 und %(n)s wählen.") % {"n": count})
    version = _editable_version(trajectory, by)
    stations = list(version.stations.order_by("position"))
    moving = stations.pop(position - 1)
    stations.insert(to - 1, moving)
    for number, station in enumerate(stations, start=1):
        if station.position != number:
            station.position = number
            station.save(update_fields=["position"])  # the unique key is checked at commit


@transaction.atomic
def remove_station(*, trajectory: Trajectory, position: int, by: User) -> None:
    version = _editable_version(trajectory, by)
    version.stations.filter(position=position).delete()
    for number, station in enumerate(version.stations.order_by("position"), start=1):
        if station.position != number:
            station.position = number
            station.save(update_fields=["position"])


# --- Strategies -----------------------------------------------------------------------------


@transaction.atomic
def save_strategy(*, strategy: Strategy, break_points: list[Station], by: User) -> Strategy:
    """Creates or changes a draft; the history row names ``by``."""
    if strategy.pk and not Strategy.objects.get(pk=strategy.pk).is_draft:
        raise ValidationError(_("Eine übergebene Strategie kann nicht mehr geändert werden."))
    if strategy.created_by_id is None:
        strategy.created_by = by
    strategy._history_user = by
    strategy.save()
    strategy.break_points.set(break_points)
    return strategy


@transaction.atomic
def move_strategy(*, strategy: Strategy, to: str, by: User, when: datetime.datetime | None = None):
    """The one way a strategy changes state: along Strategy.TRANSITIONS."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if not strategy.can_move_to(to):
        raise ValidationError(
            _("Aus dem Stand „%(from)s“ geht es nicht nach „%(to)s“.")
            % {"from": strategy.get_state_display(), "to": Strategy.State(to).label}
        )
    strategy.state = to
    if to == Strategy.State.SUBMITTED:
        strategy.submitted_at, strategy.submitted_by = when or timezone.now(), by
    strategy._history_user = by
    strategy.save()
    return strategy
