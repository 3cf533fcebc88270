"""The case page's notes and timeline, as the case manager reads them."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Note
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_notes_and_timeline_read_as_written(client, sozialamt, sozialamt_case_manager):
    """Each note: kind, channel, day, author, institution, the confidential badge only where
    set, the whole text with markup shown as text. The timeline: newest first, German dates in
    Berlin time, long texts cut at 300 characters."""
    case = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    long_text = "<b>Termin</b> beim Integration Point vereinbart. " + "x" * 400
    services.add_note(
        case=case,
        by=sozialamt_case_manager,
        note=Note(
            kind=Note.Kind.CONTACT,
            channel=Note.Channel.PHONE,
            occurred_on=datetime.date(2026, 3, 2),
            text=long_text,
        ),
    )
    services.add_note(
        case=case,
        by=sozialamt_case_manager,
        note=Note(occurred_on=datetime.date(2026, 3, 1), text="intern", confidential=True),
    )
    # 23:30 UTC on 31 December is already 1 January in Rheine.
    Case.objects.filter(pk=case.pk).update(
        created_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(sozialamt_case_manager)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    cards = _section(page, "h-notes").split("<article")[1:]
    assert len(cards) == 2
    contact, confidential = (_text(card) for card in cards)
    assert (
        f"Kontakt (Telefon) · 02.03.2026 · {sozialamt_case_manager}, {sozialamt.short_name}"
        in contact
    )
    assert long_text in contact and "vertraulich" not in contact
    assert f"Vermerk · 01.03.2026 · {sozialamt_case_manager}" in confidential
    assert "vertraulich" in confidential
    assert "<b>" not in page, "markup in a note is shown as text"

    events = [_text(item).strip() for item in _section(page, "h-timeline").split("<li>")[1:]]
    assert events[0].startswith(f"02.03.2026 · {sozialamt.short_name} Kontakt")
    assert events[0].endswith(long_text[:299] + "…")
    assert events[1].startswith(f"01.03.2026 · {sozialamt.short_name} Vermerk")
    assert events[-1] == f"01.01.2026 · {sozialamt.short_name} Fall eröffnet"


def test_a_case_without_notes_says_so(client, sozialamt, sozialamt_case_manager):
    case = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Keine Vermerke." in _text(_section(page, "h-notes"))
