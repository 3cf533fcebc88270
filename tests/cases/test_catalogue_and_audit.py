import html
import re
from types import SimpleNamespace

from django.urls import reverse

from cases.models import AuditEntry, MeasureType
from rheine_integration.base import audit


def test_coordinator_keeps_the_measure_catalogue(client, coordinator, catalogue):
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:measure_type_add"),
        {
            "name": "Berufssprachkurs B2",
            "field_of_action": "language",
            "min_german_level": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert MeasureType.objects.get(name="Berufssprachkurs B2").min_german_level == 3
    page = client.get(reverse("cases:measure_types")).content.decode()
    row = page[page.index("Berufssprachkurs B2") :].split("</tr>")[0]
    cells = [cell.split("<")[0] for cell in row.split('<td class="kern-table__cell">')[1:]]
    # Labels, not stored values; no minimum literacy shows as a dash.
    assert cells[:3] == ["Sprache", "B1", "–"]


def test_case_managers_cannot_change_the_catalogue(client, sozialamt_case_manager, catalogue):
    client.force_login(sozialamt_case_manager)
    assert client.get(reverse("cases:measure_types")).status_code == 403
    assert (
        client.post(
            reverse("cases:measure_type_add"), {"name": "X", "field_of_action": "work"}
        ).status_code
        == 403
    )
    assert not MeasureType.objects.filter(name="X").exists()


def test_every_read_and_change_leaves_an_audit_entry_the_coordinator_can_read(
    client, full_case, sozialamt_case_manager, coordinator
):
    client.force_login(sozialamt_case_manager)
    client.get(reverse("cases:detail", args=[full_case.pk]))
    client.get(reverse("cases:list"))
    actions = set(
        AuditEntry.objects.filter(case_id=full_case.pk, username="sozialamt.fm").values_list(
            "action", flat=True
        )
    )
    assert {"create", "view"} <= actions

    client.force_login(coordinator)
    page = client.get(reverse("cases:audit"), {"case": full_case.pk}).content.decode()
    assert "sozialamt.fm" in page
    # The log names the case by number only: no personal data of the person.
    assert full_case.person.family_name not in page


def test_refused_access_is_audited(client, full_case, unconsented_outsider):
    client.force_login(unconsented_outsider)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        username="ia.fm", action="denied", object_id=str(full_case.pk)
    ).exists()


def test_case_managers_cannot_read_the_audit_log(client, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    assert client.get(reverse("cases:audit")).status_code == 403


def test_the_audit_log_pages_from_newest_to_oldest_showing_each_entry_once(
    client, coordinator, sozialamt_case_manager
):
    """A list page writes its entries with one timestamp; paging by time and id shows each of
    them once, newest first, and keeps the filter."""
    cases = [SimpleNamespace(pk=number) for number in range(1, 121)]
    audit.record_list(sozialamt_case_manager, "case_list", cases[:60])  # one timestamp
    audit.record_list(sozialamt_case_manager, "case_list", cases[60:])
    audit.record(coordinator, audit.Action.VIEW, object_type="other", object_id="x")
    client.force_login(coordinator)

    shown, url, pages = [], reverse("cases:audit") + "?username=sozialamt.fm", 0
    while url:
        page = client.get(url).content.decode()
        shown += re.findall(r"Fallliste (\d+)</td>", page)
        older = re.search(r'href="(\?[^"]+)" id="older-entries"', page)
        url = reverse("cases:audit") + html.unescape(older.group(1)) if older else None
        pages += 1

    assert pages == 3
    assert [int(number) for number in shown] == list(range(120, 0, -1))
    assert "neueste Einträge" in page
