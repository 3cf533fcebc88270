"""The Jinja2 environment for the few partials on hot paths (the case list's rows, the case
page's notes and timeline).

Every page is a Django template; a partial that renders the same markup for many rows per
request may be Jinja2, which compiles to Python functions and renders such rows in about a third
of the time. Autoescaping is on (Django's backend default).
The helpers mirror what the Django templates use: ``label`` for the choice labels, ``day`` for
``|date:"d.m.Y"`` in the active time zone, ``_`` for gettext (``{{ _("…") }}`` is also Django
template syntax, so makemessages finds the strings), ``truncatechars`` as Django's, ``account_name`` as an account's
``str()``, ``bidi_safe`` as the Django filter of that name. Links are passed in reversed (views).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from rheine_integration.base.accounts import account_name
from rheine_integration.base.bidi import neutralise
from rheine_integration.base.labels import label


def day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, timezone.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def truncatechars(value, length: int) -> str:
    # Django's, without its character-by-character pass over a text that fits anyway.
    if isinstance(value, str) and len(value) <= length:
        return value
    return Truncator(value).chars(length)


def render_partial(request, template_name: str, context: dict) -> SafeString:
    """A Jinja2 partial as HTML for a Django template's context."""
    html = render_to_string(template_name, context, request, using="jinja2")
    return mark_safe(html)  # noqa: S308  # nosec B308 B703 - Jinja2 autoescaped every value


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(label=label, day=day, truncatechars=truncatechars, bidi_safe=neutralise)
    env.globals["account_name"] = account_name
    return env
