"""Bad input gets a German message at the field, keeps the other input, saves nothing, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Assessment, Case, Document, Person

VALID_PERSON = {
    "given_names": "Leyla",
    "family_name": "Aydin",
    "birth_year": "1988",
    "gender": "f",
    "residence_status": "gestattung",
    "legal_domain": "asylblg",
    "fields_of_action": ["language"],
    "city": "Rheine",
    "confirm_new_person": "1",
}


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        (
            {"birth_year": "1988", "birth_month": "2", "birth_day": "30"},
            "Dieses Datum gibt es nicht.",
        ),
        ({"birth_year": "2999"}, "Bitte ein Geburtsjahr zwischen 1900"),
        (
            {"birth_year": "", "birth_month": "5"},
            "Ein Monat (1–12) geht nur zusammen mit dem Geburtsjahr.",
        ),
        ({"arrival_date": "31.02.2020"}, "Bitte ein gültiges Datum eingeben."),
        ({"arrival_date": "1980-01-01"}, "Die Einreise liegt vor dem Geburtsjahr."),
        ({"family_name": "x" * 400}, "höchstens 150 Zeichen"),
        ({"given_names": "Ley\x00la"}, "Null"),
    ],
)
def test_registration_rejects_bad_input_at_the_field_and_keeps_the_rest(
    client, sozialamt_case_manager, changes, field_message
):
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), VALID_PERSON | changes)
    page = response.content.decode()
    assert response.status_code == 200
    assert field_message in page
    assert 'value="Rheine"' in page  # the other input stays in the form
    assert not Person.objects.exists() and not Case.objects.exists()


def test_dates_in_the_wrong_order_are_refused(client, full_case, sozialamt_case_manager, catalogue):
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:measure_add", args=[full_case.pk]),
        {
            "measure_type": catalogue["literacy"].pk,
            "responsible_institution": full_case.lead_institution_id,
            "planned_start": "2025-05-01",
            "planned_end": "2025-04-01",
            "status": "planned",
            "provider": "VHS Rheine",
        },
    )
    page = response.content.decode()
    assert "Das Ende liegt vor dem Beginn." in page and 'value="VHS Rheine"' in page


def test_unknown_cefr_level_is_refused(client, full_case, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:assessment_add", args=[full_case.pk]),
        {
            "assessed_on": "2025-01-10",
            "german_listening": "9",
            "german_reading": "1",
            "german_writing": "1",
            "german_speaking": "1",
            "literacy": "2",
            "school_level": "unknown",
            "own_goals": "Pflegefachkraft",
            "qualifications-TOTAL_FORMS": "0",
            "qualifications-INITIAL_FORMS": "0",
        },
    )
    page = response.content.decode()
    assert "Bitte eine gültige Auswahl treffen." in page and "Pflegefachkraft" in page
    assert Assessment.objects.filter(case=full_case).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("zeugnis.pdf", b"MZ\x90\x00 this is an executable", "Dieser Dateityp ist nicht erlaubt"),
        ("../../etc/passwd.pdf", b"root:x:0:0", "Dieser Dateityp ist nicht erlaubt"),
        ("gross.pdf", b"%PDF-1.4\n" + b"0" * 2048, "Die Datei ist zu groß"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_store_nothing(
    client, settings, full_case, sozialamt_case_manager, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(sozialamt_case_manager)
    before = Document.objects.count()
    response = client.post(
        reverse("cases:document_upload", args=[full_case.pk]),
        {"kind": "certificate", "title": "Zeugnis", "file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'value="Zeugnis"' in page
    assert Document.objects.count() == before


def test_uploaded_file_is_stored_under_a_random_name_and_downloaded_through_the_check(
    client, full_case, sozialamt_case_manager
):
    from tests.cases.conftest import PDF_BYTES

    client.force_login(sozialamt_case_manager)
    client.post(
        reverse("cases:document_upload", args=[full_case.pk]),
        {
            "kind": "other",
            "title": "Mietvertrag",
            "file": SimpleUploadedFile("../Mietvertrag Aydin.pdf", PDF_BYTES),
        },
    )
    document = Document.objects.get(title="Mietvertrag")
    assert "Aydin" not in document.file.name and ".." not in document.file.name
    response = client.get(reverse("cases:document_download", args=[full_case.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "'; DROP TABLE cases_case; --"},
        {"q": "a:*&|!()"},
        {"q": "\x00"},
        {"phase": "nonsense"},
        {"residence_expires_before": "2024-13-45"},
        {"page": "-1"},
        {"page": "abc"},
        {"order": "password"},
        {"case_manager": "999999"},
        {"overdue_follow_ups": "maybe"},
    ],
)
def test_case_list_survives_any_filter_input(client, full_case, sozialamt_case_manager, params):
    client.force_login(sozialamt_case_manager)
    response = client.get(reverse("cases:list"), params)
    assert response.status_code == 200


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "1%00"])
def test_odd_ids_in_urls_give_404_not_500(client, sozialamt_case_manager, pk):
    client.force_login(sozialamt_case_manager)
    assert client.get(f"/faelle/{pk}/").status_code == 404
