"""Reference views for the benchmark (served only through cases.benchmarking.urls).

- ``floor``: the least a Django page can cost here: 50 rows from one indexed query, a minimal
  template, no access check beyond login.
- ``guardian_list``: the case list as most projects with object permissions write it:
  guardian's get_objects_for_user, ordered by Case.updated_at, paged by Paginator with COUNT.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template import engines
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cases import audit
from cases.filters import CaseFilter, rendered_fields
from cases.listing import CasePage
from cases.models import Case
from cases.views.case import rendered_rows, with_list_columns

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=de><title>Floor</title><table>"
    "{% for row in rows %}<tr><td>{{ row.pk }}</td><td>{{ row.phase }}</td>"
    "<td>{{ row.opened_on|date:'d.m.Y' }}</td></tr>{% endfor %}</table></html>"
)


def floor(request):
    rows = Case.objects.order_by("-pk").only("pk", "phase", "opened_on")[:50]
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": rows}, request))


def guardian_list(request):
    # The same rows as our list (its columns), only the access path differs.
    cases = with_list_columns(
        get_objects_for_user(request.user, "cases.view_case", klass=Case, accept_global_perms=False)
        .filter(closed_on__isnull=True)
        .order_by("-updated_at", "-pk"),
        timezone.localdate(),
    )
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    audit.record_list(request.user, "case_list", page.object_list)  # as the real list does
    return render(
        request,
        "cases/case_list.html",
        {
            "filter_fields": rendered_fields(
                CaseFilter(QueryDict("status=open"), queryset=cases, request=request)
            ),
            "page": CasePage(list(page.object_list), page.paginator.count, False, True, None, None),
            "rows": rendered_rows(request, page.object_list),
            "count_cap": 10**9,
            "query": "",
            "next_query": "page=2" if page.has_next() else None,
            "previous_query": None,
        },
    )
