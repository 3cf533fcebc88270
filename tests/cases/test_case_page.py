"""The case page's notes and timeline, as the case manager reads them."""

import datetime
import html
import re

import factory
import pytest
from django.urls import reverse

from cases import services
from cases.models import AuditEntry, Case, Note, Scope
from cases.views.case import CASE_PAGE_EVENTS, CASE_PAGE_NOTES
from tests.factories import CaseFactory, NoteFactory, give_consent

pytestmark = pytest.mark.django_db


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def factory_days(first: datetime.date):
    return factory.Sequence(lambda n: first + datetime.timedelta(days=n))


def factory_texts(template: str):
    return factory.Sequence(template.format)


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
    assert "Alle Vermerke anzeigen" not in page and "Gesamten Verlauf anzeigen" not in page


def test_a_long_history_shows_its_newest_part_and_links_to_all_of_it(
    client, sozialamt, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    """The case page shows the newest notes and events of a long history; the history page
    shows every one. Counts and pages hold only what the reader may see: the Jobcenter, with
    consent to the notes, never learns of the Sozialamt's confidential note."""
    case = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    first_day = datetime.date(2026, 1, 1)
    NoteFactory.create_batch(
        60,
        case=case,
        occurred_on=factory_days(first_day),
        text=factory_texts("Kontakt Nr. {}"),
    )
    NoteFactory(case=case, occurred_on=first_day, text="intern", confidential=True)
    Case.objects.filter(pk=case.pk).update(
        created_at=datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC)
    )
    give_consent(case, jobcenter, [Scope.BASIC, Scope.NOTES])
    client.force_login(jobcenter_case_manager)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    notes = [_text(card) for card in _section(page, "h-notes").split("<article")[1:]]
    assert len(notes) == CASE_PAGE_NOTES
    assert "Kontakt Nr. 59" in notes[0] and "Kontakt Nr. 40" in notes[-1]
    assert f"Die neuesten {CASE_PAGE_NOTES} von 60 Vermerken." in _text(page)
    events = [_text(item).strip() for item in _section(page, "h-timeline").split("<li>")[1:]]
    assert len(events) == CASE_PAGE_EVENTS
    assert events[0].endswith("Einwilligung erfasst")  # recorded today
    assert "Kontakt Nr. 59" in events[1] and "Kontakt Nr. 11" in events[-1]
    assert f"Die neuesten {CASE_PAGE_EVENTS} Einträge." in _text(page)
    assert "intern" not in page

    history_url = reverse("cases:history", args=[case.pk])
    assert f'href="{history_url}#h-notes"' in page
    history = client.get(history_url).content.decode()

    notes = [_text(card) for card in _section(history, "h-notes").split("<article")[1:]]
    assert len(notes) == 60
    assert "Kontakt Nr. 59" in notes[0] and "Kontakt Nr. 0\n" in notes[-1] + "\n"
    events = [_text(item).strip() for item in _section(history, "h-timeline").split("<li>")[1:]]
    assert events[-1].endswith("Fall eröffnet")
    assert len(events) == 60 + 2  # the notes, the consent, the opening
    assert "intern" not in history
    # The audit log tells the whole history's reading from the case page's.
    reads = AuditEntry.objects.filter(
        case_id=case.pk, user=jobcenter_case_manager, action=AuditEntry.Action.VIEW
    ).order_by("pk")
    assert list(reads.values_list("detail", flat=True)) == ["view", "view history"]
