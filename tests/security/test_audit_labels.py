"""The Protokoll page speaks German: every code of the log has a word (cases.audit_labels)."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases import audit_labels, permissions
from cases.models import AuditEntry, Case
from networks.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CODE = [
    path
    for app in ("cases", "networks", "steering", "rheine_integration")
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts and "benchmarking" not in path.parts
]


def test_every_case_action_has_a_german_word(sozialamt_case, sozialamt_case_manager):
    """A new action in permissions.abilities fails here until it has a word."""
    actions = set(permissions.abilities(sozialamt_case_manager, sozialamt_case))
    assert actions - set(audit_labels.CASE_ACTIONS) == set()
    for action in AuditEntry.Action:
        assert action.label != action.value


def test_every_object_type_and_fixed_detail_written_in_the_code_has_a_german_word():
    """The literals the code writes into the log (a new one fails here until it has a word)."""
    object_types, details = set(), set()
    for path in CODE:
        text = path.read_text()
        object_types |= set(re.findall(r'object_type="(\w+)"', text))
        object_types |= set(re.findall(r'record_list\(\s*[\w.]+,\s*"(\w+)"', text))
        details |= set(re.findall(r'detail\s*=\s*"([^"]+)"', text))
    assert object_types and details
    for code in sorted(object_types):
        entry = AuditEntry(object_type=code, detail="")
        assert audit_labels.unlabelled(entry) == [], code
    for detail in sorted(details):
        entry = AuditEntry(object_type="handover", detail=detail)
        assert audit_labels.unlabelled(entry) == [], detail


def test_details_read_as_german_words_with_their_numbers():
    def words(object_type, detail):
        entry = AuditEntry(object_type=object_type, detail=detail)
        assert audit_labels.unlabelled(entry) == []
        return audit_labels.detail_label(entry)

    assert words("case_list", "filters=q,status") == "Filter: Name oder Schreibweise, Status"
    assert words("duplicate_check", "hits=1") == "Treffer: 1"
    assert words("case", "institution=4 scopes=assessment,basic,notes,plan") == (
        "Institution Nr.: 4; Umfang: Kompetenzfeststellung, Stammdaten und Fallübersicht, "
        "Vermerke und Kontakte, Integrationsplan und Maßnahmen"
    )
    assert words("case", "view history") == "Fallseite; gesamter Verlauf"
    assert words("handover", "withdrawn") == "zurückgezogen"
    assert audit_labels.unlabelled(AuditEntry(object_type="case", detail="frobnicate")) == [
        "frobnicate"
    ]


def test_the_protokoll_shows_no_raw_codes_for_the_demo_entries(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo_data", stdout=io.StringIO())
    case = Case.objects.select_related("lead_institution").first()
    manager = User.objects.get(username=case.case_manager.username)
    client.force_login(manager)
    # A case manager's day: start page, list with a search, the case, its history, a check.
    client.get(reverse("home"))
    client.get(reverse("cases:list"), {"q": case.person.family_name, "status": "all"})
    client.get(reverse("cases:detail", args=[case.pk]))
    client.get(reverse("cases:history", args=[case.pk]))
    client.get(reverse("cases:detail", args=[999999]))
    client.get(reverse("cases:follow_ups"))
    client.post(
        reverse("cases:register"),
        {"given_names": "X", "family_name": case.person.family_name, "check_duplicates": "1"},
    )
    entries = list(AuditEntry.objects.all())
    assert len(entries) > 20
    missing = {code for entry in entries for code in audit_labels.unlabelled(entry)}
    assert missing == set()

    client.force_login(User.objects.get(username="koordination"))
    page = client.get(reverse("cases:audit")).content.decode()
    table = page.split('id="audit-table"')[1]
    for code in {e.object_type for e in entries} | {"filters=", "hits=", "scopes=", "view "}:
        if code not in audit_labels.OBJECT_TYPES and "=" not in code and " " not in code:
            continue  # a model's name (case, note) may be a German word's part
        assert code not in table, code
    assert "Fallliste" in table and "Fallseite" in table

    # The CSV keeps the codes in its machine columns and adds the words.
    export = client.get(reverse("cases:audit_export"), {"username": manager.username})
    rows = [line.split(";") for line in export.content.decode("utf-8-sig").splitlines()]
    assert rows[0][-3:] == ["Detail", "Objekt (Klartext)", "Detail (Klartext)"]
    listed = next(row for row in rows if row[4] == "case_list")
    assert listed[-2].startswith("Fallliste") and listed[-1].startswith("Filter: ")
