"""Start page content for case managers (their own work) and coordinators (aggregates only)."""

from django.db.models import F
from django.utils import timezone

from cases import permissions, statistics
from cases.models import FollowUp
from networks.models import Institution
from rheine_integration.base import audit

LIMIT = 10


def case_manager_context(user) -> dict:
    """Due follow-ups, open handover requests and the recently active cases the user may see.
    The rows show names and case references, so they are audited like a list page."""
    today = timezone.localdate()
    visible = permissions.visible_cases(user)
    follow_ups_due = list(
        # Only cases the user may still open: a follow-up outlives a handover or a consent.
        FollowUp.objects.due_by(today)
        .filter(assignee=user, case__in=visible.values("pk"))
        .select_related("case")[:LIMIT]
    )
    incoming_handovers = list(
        permissions.incoming_handovers(user).select_related("case__person", "from_institution")[
            :LIMIT
        ]
    )
    recent_cases = list(
        visible.annotate(_sort=F("access__case_updated_at"))
        .order_by("-_sort", "-pk")
        .select_related("person")[:LIMIT]
    )
    audit.record_list(user, "start_page_follow_up", [f.case for f in follow_ups_due])
    audit.record_list(user, "start_page_handover", [h.case for h in incoming_handovers])
    audit.record_list(user, "start_page_case", recent_cases)
    return {
        "follow_ups_due": follow_ups_due,
        "incoming_handovers": incoming_handovers,
        "recent_cases": recent_cases,
    }


def coordinator_context(user) -> dict:
    """Counts only: coordination sees no case content by virtue of its role."""
    return {
        "open_case_count": statistics.open_case_count(),
        "institution_count": Institution.objects.filter(is_active=True).count(),
        "overridden_measures_by_type": statistics.overridden_measures_by_type(),
    }
