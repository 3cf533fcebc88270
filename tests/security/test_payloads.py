"""Hostile input into every field of every case form and every filter of the case list:
never a server error, and markup never comes back unescaped."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from cases.filters import CaseFilter

pytestmark = pytest.mark.django_db

XSS = [
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)//<svg/onload=alert(1)>",
]
# (name, raw percent-encoded value): raw, so invalid UTF-8 reaches the server as it would.
PAYLOADS = [
    *[(f"xss{i}", quote(p)) for i, p in enumerate(XSS)],
    ("sql", quote("' OR 1=1; DROP TABLE cases_case; --")),
    ("sql_numeric", quote("1 UNION SELECT password FROM networks_user")),
    ("traversal", quote("../../../../etc/passwd")),
    ("oversized", "A" * 100_000),
    ("lone_surrogate", "%ED%A0%80"),  # "\ud800" as UTF-8 bytes: invalid
    ("overlong", "%C0%BC"),
    ("nul", "a%00b"),
    ("bidi_and_emoji", quote("\u202etxt.exe 🙂")),
]
UNESCAPED = ["<script>alert(1)</script>", "<img src=x onerror", "<svg/onload", "root:x:0:0"]
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def case_forms(world) -> list[str]:
    case = world["case"]
    return [
        reverse("cases:register"),
        reverse("cases:person_edit", args=[case.pk]),
        reverse("cases:edit", args=[case.pk]),
        reverse("cases:close", args=[case.pk]),
        reverse("cases:consent_add", args=[case.pk]),
        reverse("cases:consent_withdraw", args=[case.pk, world["consent"].pk]),
        reverse("cases:assessment_add", args=[case.pk]),
        reverse("cases:plan_add", args=[case.pk]),
        reverse("cases:measure_add", args=[case.pk]),
        reverse("cases:measure_edit", args=[case.pk, world["measure"].pk]),
        reverse("cases:note_add", args=[case.pk]),
        reverse("cases:follow_up_add", args=[case.pk]),
        reverse("cases:handover_propose", args=[case.pk]),
        reverse("cases:document_upload", args=[case.pk]),
    ]


def _check(response, where, problems):
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
        return
    text = response.content.decode("utf-8", "replace")
    problems += [f"{where}: unescaped {u}" for u in UNESCAPED if u in text]


def test_every_field_of_every_case_form_survives_hostile_input(
    client, sozialamt_case_manager, world
):
    client.force_login(sozialamt_case_manager)
    problems = []
    for url in case_forms(world):
        page = client.get(url)
        assert page.status_code == 200, url
        fields = [
            n
            for n in dict.fromkeys(FIELD_NAME.findall(page.content.decode()))
            if n != "csrfmiddlewaretoken"
        ]
        assert fields, url
        for name, raw in PAYLOADS:
            # Every field at once, then each field alone (the others empty).
            body = "&".join(f"{quote(field)}={raw}" for field in fields)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            _check(response, f"{url} all fields {name}", problems)
            if name.startswith("xss0") or name in ("lone_surrogate", "nul"):
                for field in fields:
                    response = client.post(
                        url,
                        f"{quote(field)}={raw}",
                        content_type="application/x-www-form-urlencoded",
                    )
                    _check(response, f"{url} {field} {name}", problems)
    assert problems == []


def test_duplicate_search_and_inquiry_survive_hostile_input(client, sozialamt_case_manager, world):
    client.force_login(sozialamt_case_manager)
    problems = []
    for name, raw in PAYLOADS:
        for field in ("given_names", "family_name", "birth_year"):
            response = client.post(
                reverse("cases:register"),
                f"{field}={raw}&check_duplicates=1",
                content_type="application/x-www-form-urlencoded",
            )
            _check(response, f"register {field} {name}", problems)
        body = "&".join(
            f"{f}={raw}" for f in ("token", "kind", "typed_name", "typed_birth_year", "message")
        )
        response = client.post(
            reverse("cases:duplicate_inquiry"),
            body,
            content_type="application/x-www-form-urlencoded",
        )
        _check(response, f"inquiry {name}", problems)
    assert problems == []


def test_every_filter_of_the_case_list_survives_hostile_input(
    client, sozialamt_case_manager, world
):
    client.force_login(sozialamt_case_manager)
    parameters = [*CaseFilter.base_filters, "page", "nach", "order"]
    problems = []
    for parameter in parameters:
        for name, raw in PAYLOADS:
            response = client.get(f"{reverse('cases:list')}?{parameter}={raw}")
            _check(response, f"list {parameter} {name}", problems)
    for url in (reverse("cases:audit"), reverse("cases:follow_ups"), reverse("cases:inbox")):
        for name, raw in PAYLOADS:
            _check(
                client.get(f"{url}?case={raw}&username={raw}&page={raw}"), f"{url} {name}", problems
            )
    assert problems == []


def test_the_audit_log_survives_hostile_filters_and_cursors(client, coordinator, world):
    """As the coordinator who reads it (a case manager only gets 403 before any filter runs)."""
    client.force_login(coordinator)
    problems = []
    for parameter in ("case", "username", "nach"):
        for name, raw in PAYLOADS:
            response = client.get(f"{reverse('cases:audit')}?{parameter}={raw}")
            if response.status_code != 200:
                problems.append(f"audit {parameter} {name}: {response.status_code}")
            _check(response, f"audit {parameter} {name}", problems)
    assert problems == []


def test_the_payload_is_shown_escaped_where_it_is_echoed(client, sozialamt_case_manager, world):
    """The case list repeats the search term: it appears, escaped."""
    client.force_login(sozialamt_case_manager)
    response = client.get(reverse("cases:list"), {"q": XSS[0]})
    text = response.content.decode()
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)</script>" not in text


TYPED_TEXTS = ["Sprachniveau <A2, Miete > 500 €", "Termin <Montag>", *XSS]


@pytest.mark.parametrize("text", TYPED_TEXTS)
def test_notes_and_follow_ups_store_any_text_as_typed_and_show_it_as_text(
    client, sozialamt_case_manager, world, text
):
    """Angle brackets in a note are everyday text; escaping on output keeps them harmless."""
    from cases.models import FollowUp, Note

    case = world["case"]
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        {"kind": "note", "occurred_on": "2024-01-01", "text": text},
    )
    assert response.status_code == 302, response.content.decode()
    assert Note.objects.filter(case=case).latest("pk").text == text
    response = client.post(
        reverse("cases:follow_up_add", args=[case.pk]),
        {"due_on": "2030-01-01", "assignee": sozialamt_case_manager.pk, "description": text},
    )
    assert response.status_code == 302, response.content.decode()
    assert FollowUp.objects.filter(case=case).latest("pk").description == text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    follow_ups = client.get(reverse("cases:follow_ups")).content.decode()
    for page in (detail, follow_ups):
        assert escaped.replace('"', "&quot;") in page
        assert "<" + text.split("<", 1)[1].split(">", 1)[0] + ">" not in page


def test_text_that_cannot_be_stored_is_refused_with_a_german_message():
    from cases.forms import NoteForm

    for text, message in (("a\ud800b", "ungültiges Zeichen"), ("a\x00b", "Null")):
        form = NoteForm(data={"kind": "note", "occurred_on": "2024-01-01", "text": text})
        assert not form.is_valid()
        assert message in str(form.errors["text"])
    form = NoteForm(data={"kind": "note", "occurred_on": "2024-01-01", "text": "x" * 20001})
    assert not form.is_valid() and "höchstens 20000 Zeichen" in str(form.errors["text"])
