"""The network picture: interactive (Cytoscape.js) with a table beside it, its JSON, and the
static Graphviz SVG. Figures come from cases.statistics only."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from networks import network
from networks.forms import NetworkFilterForm
from networks.permissions import can_see_working_groups


def _graph(request):
    if not can_see_working_groups(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = NetworkFilterForm(
        request.GET or None,
        initial={"start": today - datetime.timedelta(days=365), "end": today},
    )
    if form.is_valid():
        data = form.cleaned_data
        start, end, field = data["start"], data["end"], data["field_of_action"]
    else:
        start, end, field = today - datetime.timedelta(days=365), today, ""
    return form, network.build(start=start, end=end, field_of_action=field)


def network_page(request):
    form, graph = _graph(request)
    return render(
        request,
        "networks/network.html",
        {
            "form": form,
            "elements": network.cytoscape_elements(graph),
            "rows": network.table(graph),
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def network_json(request):
    _form, graph = _graph(request)
    return JsonResponse({"elements": network.cytoscape_elements(graph)})


def network_svg(request):
    _form, graph = _graph(request)
    return HttpResponse(network.static_svg(graph), content_type="image/svg+xml")
