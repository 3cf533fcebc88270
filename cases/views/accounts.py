"""The admin's changes to accounts of the coordinator's institution, and their undo."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import accounts, permissions

LIST_LIMIT = 100


def account_change_list(request):
    if not permissions.can_review_account_changes(request.user):
        raise PermissionDenied
    changes = permissions.account_changes_for(request.user)[:LIST_LIMIT]
    return render(request, "cases/account_changes.html", {"changes": changes})


@require_POST
def account_change_undo(request, pk):
    change = permissions.get_account_change_for(request.user, pk)
    if change.undone_at is not None:
        messages.info(request, _("Diese Änderung wurde bereits rückgängig gemacht."))
        return redirect("cases:account_changes")
    accounts.undo_account_change(change, by=request.user)
    messages.success(request, _("Die Änderung am Konto wurde rückgängig gemacht."))
    return redirect("cases:account_changes")
