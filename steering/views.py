from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.statistics import INDICATORS
from steering import figures, services
from steering.budget import budget_for
from steering.charts import as_csv, as_xlsx
from steering.forms import BudgetYearForm, DashboardFilter, GoalIndicatorForm
from steering.models import BudgetChange, BudgetYear, FundingPeriod, GoalIndicator, SteeringGroup
from steering.permissions import (
    can_edit_budget,
    can_manage_goals,
    can_refresh_figures,
    can_see_budget,
    can_see_dashboard,
    can_see_reports,
    can_see_steering,
)


def index(request):
    if not can_see_steering(request.user):
        raise PermissionDenied
    groups = SteeringGroup.objects.prefetch_related(
        "seats__member", "seats__deputy", "seats__institution"
    )
    return render(request, "steering/index.html", {"steering_groups": groups})


def reports(request):
    if not can_see_reports(request.user):
        raise PermissionDenied
    return render(request, "steering/reports.html", {})


# --- dashboard -------------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def dashboard(request):
    _require(can_see_dashboard(request.user))
    form = DashboardFilter(request.GET or None)
    choice = form.choice(timezone.localdate())
    run = figures.latest_run()
    charts = []
    if run is not None:
        charts = figures.charts_for(
            run=run,
            field_of_action=choice["field_of_action"],
            institution_id=choice["institution_id"],
            first=choice["first"],
            last=choice["last"],
        )
    lights = goal_lights([data for data, _svg in charts])
    return render(
        request,
        "steering/dashboard.html",
        {
            "form": form,
            "run": run,
            "charts": charts,
            "goals": lights,
            "has_suppressed": any(data.has_suppressed for data, _svg in charts),
            "query": request.GET.urlencode(),
            "can_refresh": can_refresh_figures(request.user),
            "can_manage_goals": can_manage_goals(request.user),
        },
    )


def goal_lights(charts) -> list[dict]:
    """Each goal's indicators with the latest shown value of the chosen period and its light."""
    by_code = {data.indicator: data for data in charts}
    rows = []
    for goal_indicator in GoalIndicator.objects.select_related(
        "goal", "goal__responsible_institution"
    ).order_by("goal__title", "pk"):
        data = by_code.get(goal_indicator.indicator)
        value = None
        if data is not None:
            for month in reversed(data.months):
                found, suppressed = data.cells.get((month, goal_indicator.series), (None, False))
                if found is not None or suppressed:
                    value = found
                    break
        rows.append(
            {
                "goal": goal_indicator.goal,
                "indicator": goal_indicator,
                "label": INDICATORS[goal_indicator.indicator].label
                if goal_indicator.indicator in INDICATORS
                else goal_indicator.indicator,
                "value": value,
                "light": goal_indicator.light(value),
            }
        )
    return rows


def chart_download(request, indicator, fmt):
    _require(can_see_dashboard(request.user))
    if indicator not in INDICATORS or fmt not in ("csv", "xlsx"):
        raise Http404
    choice = DashboardFilter(request.GET or None).choice(timezone.localdate())
    data = figures.chart_for(
        indicator=indicator,
        field_of_action=choice["field_of_action"],
        institution_id=choice["institution_id"],
        first=choice["first"],
        last=choice["last"],
    )
    if fmt == "csv":
        response = HttpResponse(as_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{indicator}.{fmt}"'
    return response


@require_POST
def refresh(request):
    _require(can_refresh_figures(request.user))
    services.request_refresh(by=request.user)
    messages.success(
        request, _("Die Kennzahlen werden neu berechnet. Laden Sie die Seite gleich neu.")
    )
    return redirect("steering:dashboard")


def goal_add(request):
    _require(can_manage_goals(request.user))
    form = GoalIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_goal(by=request.user, **form.cleaned_data)
        messages.success(request, _("Das Ziel wurde angelegt."))
        return redirect("steering:dashboard")
    return render(request, "steering/form.html", {"form": form, "title": _("Ziel anlegen")})


# --- budget ----------------------------------------------------------------------------------


def budget(request):
    _require(can_see_budget(request.user))
    periods = FundingPeriod.objects.prefetch_related("years", "staff")
    return render(
        request,
        "steering/budget.html",
        {
            "budgets": [budget_for(period) for period in periods],
            "can_edit": can_edit_budget(request.user),
            "changes": BudgetChange.objects.select_related("by")[:20],
        },
    )


def budget_year_edit(request, pk):
    _require(can_edit_budget(request.user))
    year = get_object_or_404(BudgetYear, pk=pk)
    form = BudgetYearForm(request.POST or None, instance=BudgetYear.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.update_budget_year(year, by=request.user, values=form.cleaned_data)
        messages.success(request, _("Die Zahlen wurden gespeichert."))
        return redirect("steering:budget")
    title = _("Haushaltsjahr %(year)s bearbeiten") % {"year": year.year}
    return render(request, "steering/form.html", {"form": form, "title": title})
