"""The header bell: unread notifications of the logged-in user (counted when the request's
user is loaded, rheine_integration.auth_backends)."""

from django import template

from cases import notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    return notifications.unread_count(getattr(request, "user", None))
