"""Access to the networks app, decided here: working groups, meetings, trajectories, strategies.

Nobody sees case content here. Working-group members see their own groups' meetings and work;
other groups' trajectories read-only, their strategies once submitted. Coordinators manage
everything. Objects a user may not see answer 404; visible but not changeable ones 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from networks.models import (
    Meeting,
    Role,
    Strategy,
    Trajectory,
    WorkingGroup,
)


def can_see_working_groups(user) -> bool:
    """Working-group members and coordinators see the groups, their members and meetings."""
    return bool(user.roles & {Role.WORKING_GROUP_MEMBER, Role.COORDINATOR})


def can_see_directory(user) -> bool:
    """Every signed-in account with a role sees the institution directory and its staff."""
    return bool(user.roles)


def is_coordinator(user) -> bool:
    return Role.COORDINATOR in user.roles


def _member(user, group: WorkingGroup) -> bool:
    return Role.WORKING_GROUP_MEMBER in user.roles and group.members.filter(pk=user.pk).exists()


def _leads(user, group: WorkingGroup) -> bool:
    return Role.WORKING_GROUP_MEMBER in user.roles and user.pk in (group.chair_id, group.deputy_id)


def group_abilities(user, group: WorkingGroup) -> dict[str, bool]:
    """What the user may do in a group: drives both the checks and the buttons shown."""
    coordinator = is_coordinator(user)
    member = coordinator or _member(user, group)
    leads = coordinator or _leads(user, group)
    return {
        "view": member,
        "manage_members": coordinator,
        "manage_meetings": leads,
        "edit_work": member,
        "submit_strategies": leads,
    }


def visible_groups(user) -> QuerySet[WorkingGroup]:
    """The groups whose meetings and drafts the user sees."""
    if is_coordinator(user):
        return WorkingGroup.objects.all()
    if Role.WORKING_GROUP_MEMBER in user.roles:
        return WorkingGroup.objects.filter(members=user)
    return WorkingGroup.objects.none()


def get_group_for(user, pk: int, *, action: str = "view") -> WorkingGroup:
    """404 when the user is no member; 403 when a member may not do ``action``."""
    group = visible_groups(user).filter(pk=pk).first()
    if group is None:
        raise Http404
    if not group_abilities(user, group)[action]:
        raise PermissionDenied
    return group


def meeting_abilities(user, meeting: Meeting) -> dict[str, bool]:
    if meeting.working_group_id is None:  # the steering group's: issue 21 decides
        manage = is_coordinator(user)
        view = manage or Role.STEERING_MEMBER in user.roles
    else:
        group = group_abilities(user, meeting.working_group)
        manage, view = group["manage_meetings"], group["view"]
    return {
        "view": view,
        "manage": manage,
        "edit_minutes": manage and not meeting.minutes_read_only,
    }


def get_meeting_for(user, pk: int, *, action: str = "view") -> Meeting:
    meeting = Meeting.objects.select_related("working_group").filter(pk=pk).first()
    if meeting is None or not meeting_abilities(user, meeting)["view"]:
        raise Http404
    if not meeting_abilities(user, meeting)[action]:
        raise PermissionDenied
    return meeting


def visible_trajectories(user) -> QuerySet[Trajectory]:
    """Members read every group's trajectories and the observed ones; edit only their own."""
    if can_see_working_groups(user):
        return Trajectory.objects.all()
    return Trajectory.objects.none()


def trajectory_abilities(user, trajectory: Trajectory) -> dict[str, bool]:
    drawn = trajectory.kind != Trajectory.Kind.OBSERVED
    edit = drawn and (
        is_coordinator(user)
        or (trajectory.working_group is not None and _member(user, trajectory.working_group))
    )
    return {"view": can_see_working_groups(user), "edit": edit}


def get_trajectory_for(user, pk: int, *, action: str = "view") -> Trajectory:
    trajectory = visible_trajectories(user).select_related("working_group").filter(pk=pk).first()
    if trajectory is None:
        raise Http404
    if not trajectory_abilities(user, trajectory)[action]:
        raise PermissionDenied
    return trajectory


def visible_strategies(user) -> QuerySet[Strategy]:
    """Own groups' strategies in every state; other groups' once submitted."""
    if is_coordinator(user):
        return Strategy.objects.all()
    submitted = ~Q(state=Strategy.State.DRAFT)
    if Role.WORKING_GROUP_MEMBER in user.roles:
        return Strategy.objects.filter(submitted | Q(working_group__members=user)).distinct()
    if Role.STEERING_MEMBER in user.roles:
        return Strategy.objects.filter(submitted)
    return Strategy.objects.none()


def strategy_abilities(user, strategy: Strategy) -> dict[str, bool]:
    group = group_abilities(user, strategy.working_group)
    return {
        "view": True,
        "edit": group["edit_work"] and strategy.is_draft,
        "comment": group["edit_work"],
        "submit": group["submit_strategies"] and strategy.can_move_to(Strategy.State.SUBMITTED),
    }


def get_strategy_for(user, pk: int, *, action: str = "view") -> Strategy:
    strategy = visible_strategies(user).select_related("working_group").filter(pk=pk).first()
    if strategy is None:
        raise Http404
    if not strategy_abilities(user, strategy)[action]:
        raise PermissionDenied
    return strategy
