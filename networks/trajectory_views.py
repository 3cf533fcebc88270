"""Case trajectories (stations, versions, timeline SVG, side by side) and solution strategies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import services
from networks.forms import (
    AffectedInstitutionForm,
    CommentForm,
    CompareForm,
    MoveStationForm,
    StationForm,
    StrategyForm,
    TrajectoryForm,
)
from networks.group_views import _form_page, _refuse
from networks.models import AffectedInstitution, Strategy, StrategyComment, Trajectory
from networks.permissions import (
    can_see_working_groups,
    get_group_for,
    get_strategy_for,
    get_trajectory_for,
    strategy_abilities,
    trajectory_abilities,
    visible_strategies,
    visible_trajectories,
)
from networks.timeline import compare, highlighted, timeline


def _need_working_groups(user):
    if not can_see_working_groups(user):
        raise Http404


def trajectories(request):
    _need_working_groups(request.user)
    rows = visible_trajectories(request.user).select_related("working_group")
    return render(
        request,
        "networks/trajectories.html",
        {"trajectories": rows, "compare_form": CompareForm(trajectories=rows)},
    )


def trajectory_create(request, pk: int):
    group = get_group_for(request.user, pk, action="edit_work")
    form = TrajectoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trajectory = form.save(commit=False)
        trajectory.working_group = group
        services.create_trajectory(trajectory=trajectory, by=request.user)
        return redirect("networks:trajectory_detail", trajectory.pk)
    return _form_page(request, form, _("Fallverlauf anlegen: %(g)s") % {"g": group}, back=None)


def trajectory_detail(request, pk: int, version: int | None = None):
    trajectory = get_trajectory_for(request.user, pk)
    shown = (
        trajectory.versions.filter(number=version).first()
        if version
        else trajectory.current_version()
    )
    if shown is None:
        raise Http404
    latest = shown == trajectory.current_version()
    return render(
        request,
        "networks/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "version": shown,
            "latest": latest,
            "versions": trajectory.versions.all(),
            "stations": shown.stations.select_related("institution"),
            "picture": timeline(shown),
            "abilities": trajectory_abilities(request.user, trajectory),
            "move_form": MoveStationForm(),
        },
    )


def station_add(request, pk: int):
    trajectory = get_trajectory_for(request.user, pk, action="edit")
    form = StationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_station(
                trajectory=trajectory, station=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:trajectory_detail", trajectory.pk)
    return _form_page(request, form, _("Station hinzufügen: %(t)s") % {"t": trajectory}, back=None)


def station_edit(request, pk: int, position: int):
    trajectory = get_trajectory_for(request.user, pk, action="edit")
    station = trajectory.current_version().stations.filter(position=position).first()
    if station is None:
        raise Http404
    form = StationForm(request.POST or None, instance=station)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.edit_station(
            trajectory=trajectory, position=position, values=values, by=request.user
        )
        return redirect("networks:trajectory_detail", trajectory.pk)
    return _form_page(request, form, _("Station %(n)s bearbeiten") % {"n": position}, back=None)


@require_POST
def station_move(request, pk: int, position: int):
    trajectory = get_trajectory_for(request.user, pk, action="edit")
    if not trajectory.current_version().stations.filter(position=position).exists():
        raise Http404
    form = MoveStationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte eine ganze Zahl ab 1 als neue Position angeben."))
    else:
        try:
            services.move_station(
                trajectory=trajectory,
                position=position,
                to=form.cleaned_data["to"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("networks:trajectory_detail", trajectory.pk)


@require_POST
def station_remove(request, pk: int, position: int):
    trajectory = get_trajectory_for(request.user, pk, action="edit")
    if not trajectory.current_version().stations.filter(position=position).exists():
        raise Http404
    services.remove_station(trajectory=trajectory, position=position, by=request.user)
    return redirect("networks:trajectory_detail", trajectory.pk)


def trajectory_compare(request):
    _need_working_groups(request.user)
    rows = visible_trajectories(request.user)
    form = CompareForm(request.GET or None, trajectories=rows)
    context = {"form": form}
    if form.is_valid():
        left = form.cleaned_data["left"].current_version()
        right = form.cleaned_data["right"].current_version()
        result = compare(left, right)
        marks_left, marks_right = highlighted(result)
        scale = float(max(result.total_left, result.total_right)) or None
        context |= {
            "left": left,
            "right": right,
            "result": result,
            "left_picture": timeline(left, scale_weeks=scale, highlight=marks_left),
            "right_picture": timeline(right, scale_weeks=scale, highlight=marks_right),
        }
    return render(request, "networks/trajectory_compare.html", context)


# --- Strategies -----------------------------------------------------------------------------


def strategies(request):
    _need_working_groups(request.user)
    rows = visible_strategies(request.user).select_related("working_group")
    return render(request, "networks/strategies.html", {"strategies": rows})


def strategy_create(request, pk: int):
    group = get_group_for(request.user, pk, action="edit_work")
    rows = list(visible_trajectories(request.user).filter(working_group=group))
    form = StrategyForm(request.POST or None, trajectories=_queryset(rows))
    if request.method == "POST" and form.is_valid():
        strategy = form.save(commit=False)
        strategy.working_group = group
        services.save_strategy(
            strategy=strategy, break_points=form.cleaned_data["break_points"], by=request.user
        )
        return redirect("networks:strategy_detail", strategy.pk)
    return _form_page(request, form, _("Lösungsstrategie entwerfen"), back=None)


def _queryset(rows):
    return Trajectory.objects.filter(pk__in=[t.pk for t in rows])


def strategy_edit(request, pk: int):
    strategy = get_strategy_for(request.user, pk, action="edit")
    rows = visible_trajectories(request.user).filter(working_group=strategy.working_group)
    form = StrategyForm(request.POST or None, instance=strategy, trajectories=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_strategy(
                strategy=form.save(commit=False),
                break_points=form.cleaned_data["break_points"],
                by=request.user,
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:strategy_detail", strategy.pk)
    return _form_page(request, form, _("Lösungsstrategie bearbeiten"), back=None)


def strategy_detail(request, pk: int):
    strategy = get_strategy_for(request.user, pk)
    return render(
        request,
        "networks/strategy_detail.html",
        {
            "strategy": strategy,
            "abilities": strategy_abilities(request.user, strategy),
            "break_points": strategy.break_points.select_related("institution"),
            "affected": strategy.affected.select_related("institution"),
            "comments": strategy.comments.select_related("author"),
            "history": _history(strategy),
            "comment_form": CommentForm(),
        },
    )


def _history(strategy: Strategy) -> list[dict]:
    """Who changed what when: each history row with the labels of the fields it changed."""
    rows = []
    for record in strategy.history.select_related("history_user").order_by("-history_date"):
        previous = record.prev_record
        changed = []
        if previous is not None:
            delta = record.diff_against(previous)
            changed = [str(Strategy._meta.get_field(c.field).verbose_name) for c in delta.changes]
        rows.append({"record": record, "changed": changed, "created": previous is None})
    return rows


def strategy_affected_add(request, pk: int):
    strategy = get_strategy_for(request.user, pk, action="edit")
    form = AffectedInstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row, _created = AffectedInstitution.objects.update_or_create(
            strategy=strategy,
            institution=form.cleaned_data["institution"],
            defaults={"change": form.cleaned_data["change"]},
        )
        return redirect("networks:strategy_detail", strategy.pk)
    return _form_page(request, form, _("Betroffene Institution"), back=None)


@require_POST
def strategy_comment(request, pk: int):
    strategy = get_strategy_for(request.user, pk, action="comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        StrategyComment.objects.create(
            strategy=strategy, author=request.user, text=form.cleaned_data["text"]
        )
    else:
        messages.error(request, _("Ein leerer Kommentar wird nicht gespeichert."))
    return redirect("networks:strategy_detail", strategy.pk)


@require_POST
def strategy_submit(request, pk: int):
    strategy = get_strategy_for(request.user, pk, action="submit")
    try:
        services.move_strategy(strategy=strategy, to=Strategy.State.SUBMITTED, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Strategie ist an die Lenkungsgruppe übergeben."))
    return redirect("networks:strategy_detail", strategy.pk)
