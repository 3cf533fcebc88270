"""Bidirectional control characters: invisible, they reorder how text is displayed.

U+202E (right-to-left override) makes "Ali" + U+202E + "nimda" show as "Aliadmin", and a note can appear
to say the opposite of what is stored (display spoofing, CVE-2021-42574 "Trojan Source").
Names refuse them (a name never needs them); free texts keep what was typed and show each
control as a visible marker, inside <bdi> so the text cannot reorder the page around it.
Right-to-left scripts (Arabic, Persian, Hebrew) display correctly without them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069, marks U+200E/U+200F and the
# Arabic letter mark U+061C.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def reject_bidi_controls(value) -> None:
    """Validator for names and spellings."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        raise ValidationError(
            _(
                "Bitte keine unsichtbaren Steuerzeichen für die Schreibrichtung eingeben "
                "(z. B. aus einer Kopie): Sie verändern, wie der Name angezeigt wird."
            ),
            code="bidi_control",
        )


def _marker(match: re.Match) -> str:
    return f'<span class="app-bidi-control">[U+{ord(match.group()):04X}]</span>'


def neutralise(value) -> SafeString:
    """Escaped HTML of a free text, bidi controls shown as visible markers, isolated in <bdi>."""
    text = "" if value is None else str(value)
    if not text:
        return mark_safe("")  # noqa: S308  # nosec B308 B703 - empty stays empty, so |default still applies
    return mark_safe(f"<bdi>{BIDI_CONTROLS.sub(_marker, escape(text))}</bdi>")  # noqa: S308  # nosec B308 B703 - escaped above
