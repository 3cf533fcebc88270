"""Notifications from the reminder jobs: list, mark as read, e-mail preferences.

The web only reads what the jobs wrote: it keeps working while Redis or the worker is down.
Notifications show case references and kinds, never names; the case page checks access itself.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import notifications
from cases.forms import EmailPreferencesForm
from cases.models import NotificationKind

LIST_LIMIT = 200


def notification_list(request):
    items = list(notifications.visible_notifications(request.user)[:LIST_LIMIT])
    return render(
        request,
        "cases/notifications.html",
        {
            "notifications": items,
            "unread": sum(1 for n in items if n.read_at is None),
            "today": timezone.localdate(),
        },
    )


@require_POST
def notification_read(request, pk):
    notifications.mark_read(request.user, pk=pk)
    return redirect("cases:notifications")


@require_POST
def notification_read_all(request):
    count = notifications.mark_read(request.user)
    messages.success(
        request, _("%(count)s Benachrichtigungen als gelesen markiert.") % {"count": count}
    )
    return redirect("cases:notifications")


@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    preferences = notifications.settings_for(request.user)
    legal = NotificationKind.legal_deadlines()
    current = [kind for kind in NotificationKind.values if preferences.wants_email(kind)]
    form = EmailPreferencesForm(request.POST or None, initial={"email_kinds": current})
    if request.method == "POST" and form.is_valid():
        notifications.set_email_preferences(
            request.user, wanted_kinds=form.cleaned_data["email_kinds"]
        )
        messages.success(request, _("Ihre Einstellungen wurden gespeichert."))
        return redirect("cases:notification_preferences")
    rows = [
        {"value": value, "label": label, "legal": value in legal, "checked": value in current}
        for value, label in NotificationKind.choices
    ]
    return render(request, "cases/notifications_preferences.html", {"form": form, "rows": rows})
