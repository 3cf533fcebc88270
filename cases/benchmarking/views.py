"""Reference views for the benchmark (served only through rheine_integration.benchmark.urls).

- ``floor``: the least a Django page can cost here: 50 rows from one indexed query, a minimal
  template, no access check beyond login.
- ``guardian_list``: the case list as a careful Django developer writes it with guardian:
  get_objects_for_user, ordered by Case.updated_at, paged by Paginator (a plain COUNT of the
  permitted cases), the shown page loaded with select_related for its columns.
- ``union_list``: the same page from a UNION of the cases the user's institution leads and the
  cases guardian grants it (consent), as paperless-ngx replaced get_objects_for_user.

Neither reference is tuned beyond that: they stand for what most projects ship.
"""

from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template import engines
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cases.filters import CaseFilter, rendered_fields
from cases.listing import CasePage
from cases.models import Case, CaseGroupObjectPermission, FollowUp
from cases.views import case as case_views
from rheine_integration.base import audit

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=de><title>Floor</title><table>"
    "{% for row in rows %}<tr><td>{{ row.pk }}</td><td>{{ row.phase }}</td>"
    "<td>{{ row.opened_on|date:'d.m.Y' }}</td></tr>{% endfor %}</table></html>"
)
NEWEST_FIRST = ("-updated_at", "-pk")  # the list's default order (latest activity first)
SHOWN_RELATED = ("person", "lead_institution", "case_manager")


def floor(request):
    rows = Case.objects.order_by("-pk").only("pk", "phase", "opened_on")[:50]
    return HttpResponse(FLOOR_TEMPLATE.render({"rows": rows}, request))


def guardian_list(request):
    permitted = get_objects_for_user(
        request.user, "cases.view_case", klass=Case, accept_global_perms=False
    ).filter(closed_on__isnull=True)
    # Paginator counts the permitted cases (Django drops the unused joins and the badge from
    # the COUNT) and loads the shown page only.
    cases = permitted.order_by(*NEWEST_FIRST).select_related(*SHOWN_RELATED)
    page = Paginator(cases.annotate(has_overdue=_overdue()), case_views.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _render(request, list(page.object_list), page)


def union_list(request):
    user = request.user
    view_case = Permission.objects.get(content_type__app_label="cases", codename="view_case")
    led = Case.objects.filter(lead_institution__group__user=user)
    granted = Case.objects.filter(
        pk__in=CaseGroupObjectPermission.objects.filter(
            group__user=user, permission=view_case
        ).values("content_object_id")
    )
    keys = (
        led.filter(closed_on__isnull=True)
        .values("pk", "updated_at")
        .union(granted.filter(closed_on__isnull=True).values("pk", "updated_at"))
        .order_by(*NEWEST_FIRST)
    )
    page = Paginator(keys, case_views.PAGE_SIZE).get_page(request.GET.get("page"))
    pks = [row["pk"] for row in page.object_list]
    by_pk = Case.objects.select_related(*SHOWN_RELATED).annotate(has_overdue=_overdue())
    by_pk = by_pk.in_bulk(pks)
    return _render(request, [by_pk[pk] for pk in pks], page)


def _overdue():
    return Exists(
        FollowUp.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_on__lt=timezone.localdate()
        )
    )


def _render(request, cases, page):
    audit.record_list(request.user, "case_list", cases)  # as the real list does
    for case in cases:
        # The list's row partial reads these as columns of the case (LIST_RELATED_COLUMNS).
        case.family_name = case.person.family_name
        case.given_names = case.person.given_names
        case.birth_year = case.person.birth_year
        case.lead_institution_short_name = case.lead_institution.short_name
        manager = case.case_manager
        case.case_manager_first_name = manager.first_name if manager else None
        case.case_manager_last_name = manager.last_name if manager else None
        case.case_manager_username = manager.username if manager else None
    return render(
        request,
        "cases/case_list.html",
        {
            "filter_fields": rendered_fields(
                CaseFilter(QueryDict("status=open"), queryset=Case.objects.none(), request=request)
            ),
            "page": CasePage(
                cases, page.paginator.count, False, not page.has_previous(), None, None
            ),
            "rows": case_views.rendered_rows(request, cases),
            "count_cap": 10**9,
            "query": "",
            "next_query": f"page={page.next_page_number()}" if page.has_next() else None,
            "previous_query": None,
        },
    )
