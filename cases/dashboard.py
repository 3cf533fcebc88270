"""Start page content for case managers (their own work) and coordinators (aggregates only)."""

from django.utils import timezone

from cases import permissions
from cases.models import Case, FollowUp
from networks.models import Institution

LIMIT = 10


def case_manager_context(user) -> dict:
    """Due follow-ups, open handover requests and the recently active cases the user may see."""
    today = timezone.localdate()
    return {
        "follow_ups_due": FollowUp.objects.due_by(today)
        .filter(assignee=user)
        .select_related("case")[:LIMIT],
        "incoming_handovers": permissions.incoming_handovers(user).select_related(
            "case__person", "from_institution"
        )[:LIMIT],
        "recent_cases": permissions.visible_cases(user)
        .order_by("-updated_at")
        .select_related("person")[:LIMIT],
    }


def coordinator_context(user) -> dict:
    """Counts only: coordination sees no case content by virtue of its role."""
    return {
        "open_case_count": Case.objects.open().count(),
        "institution_count": Institution.objects.filter(is_active=True).count(),
    }
