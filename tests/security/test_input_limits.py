"""Input the attack found accepted (issue 16, points 6 and 11): texts past their limits, bidi
controls in names and texts, and an upload read in full before it was refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Assessment, Document, Handover, Note, Person, Scope

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _over(limit: int) -> str:
    return "x" * limit + "Y"  # one character over; "Y" shows the whole text came back


@pytest.fixture
def logged_in(client, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    return client


# --- Point 6: every limit in form and model ---------------------------------------------------


def test_a_note_one_character_over_20000_is_refused_in_german_and_kept_in_the_form(
    logged_in, sozialamt_case
):
    url = reverse("cases:note_add", args=[sozialamt_case.pk])
    form = {"kind": "note", "channel": "phone", "occurred_on": timezone.localdate().isoformat()}

    response = logged_in.post(url, form | {"text": _over(20000)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "höchstens 20000 Zeichen" in page
    assert _over(20000) in page  # what was typed is still there to shorten
    assert not Note.objects.exists()
    assert logged_in.post(url, form | {"text": "x" * 20000}).status_code == 302


def test_a_handover_summary_one_character_over_10000_is_refused_and_kept(
    logged_in, sozialamt_case, sozialamt_case_manager, jobcenter
):
    services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate(),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC]},
        by=sozialamt_case_manager,
    )
    response = logged_in.post(
        reverse("cases:handover_propose", args=[sozialamt_case.pk]),
        {"to_institution": jobcenter.pk, "reason": "referral", "summary": _over(10000)},
    )
    page = response.content.decode()
    assert "höchstens 10000 Zeichen" in page
    assert _over(10000) in page
    assert f'value="{jobcenter.pk}" selected' in page
    assert not Handover.objects.exists()


def test_an_assessment_text_one_character_over_its_limit_is_refused_and_the_rest_kept(
    logged_in, sozialamt_case
):
    response = logged_in.post(
        reverse("cases:assessment_add", args=[sozialamt_case.pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "german_listening": 1,
            "german_reading": 1,
            "german_writing": 1,
            "german_speaking": 1,
            "literacy": 2,
            "school_level": "unknown",
            "own_goals": "Pflegehelferin werden",
            "health_constraints": _over(5000),
            "base_version": 0,
            "qualifications-TOTAL_FORMS": 0,
            "qualifications-INITIAL_FORMS": 0,
        },
    )
    page = response.content.decode()
    assert "höchstens 5000 Zeichen" in page
    assert "Pflegehelferin werden" in page and _over(5000) in page
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "model, field, limit",
    [
        (Note, "text", 20000),
        (Handover, "summary", 10000),
        (Handover, "decline_reason", 2000),
        (Assessment, "work_experience", 5000),
        (Assessment, "own_goals", 5000),
        (Assessment, "other_constraints", 5000),
        (Assessment, "health_constraints", 5000),
    ],
)
def test_the_model_itself_refuses_a_text_one_character_over_its_limit(model, field, limit):
    instance = model(**{field: _over(limit)})
    with pytest.raises(ValidationError) as refusal:
        instance.clean_fields(exclude=[f.name for f in model._meta.fields if f.name != field])
    assert f"höchstens {limit} Zeichen" in str(refusal.value.message_dict[field])


# --- Point 11: bidi controls --------------------------------------------------------------------


def _person_form(case, **changes):
    person = case.person
    return {
        "given_names": person.given_names,
        "family_name": person.family_name,
        "name_variants": "",
        "birth_year": person.birth_year,
        "gender": person.gender,
        "residence_status": person.residence_status,
        "legal_domain": person.legal_domain,
        "city": person.city,
        "version": person.version,
    } | changes


@pytest.mark.parametrize(
    "field, value",
    [
        ("family_name", "Ali\u202enimda"),  # shows as "Aliadmin"
        ("given_names", "\u2067Tesfay\u2069"),
        ("name_variants", "Gebremariam\nGebre\u200fmariam"),
    ],
)
def test_a_name_with_a_bidi_control_is_refused_in_german_and_the_rest_kept(
    logged_in, sozialamt_case, field, value
):
    response = logged_in.post(
        reverse("cases:person_edit", args=[sozialamt_case.pk]),
        _person_form(sozialamt_case, **{field: value}, phone="05971 4711"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "keine unsichtbaren Steuerzeichen für die Schreibrichtung" in page
    assert "05971 4711" in page
    person = Person.objects.get(pk=sozialamt_case.person_id)
    assert person.version == 1 and person.phone != "05971 4711"


def test_a_note_keeps_its_bidi_controls_but_the_case_page_shows_them_instead_of_applying_them(
    logged_in, sozialamt_case
):
    typed = "Termin am Montag \u202eIhcin\u202c bestätigt"
    response = logged_in.post(
        reverse("cases:note_add", args=[sozialamt_case.pk]),
        {"kind": "note", "occurred_on": timezone.localdate().isoformat(), "text": typed},
    )
    assert response.status_code == 302
    assert Note.objects.get().text == typed  # stored as the person typed it

    page = logged_in.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "\u202e" not in page and "\u202c" not in page
    assert "[U+202E]" in page and "[U+202C]" in page
    assert "<bdi>Termin am Montag" in page


# --- Point 11: an upload refused by its Content-Length, unread --------------------------------


class CountingBody:
    """A request body that counts what the server reads of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = b"0" * (65536 if size is None or size < 0 else min(size, 65536))
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def test_an_upload_declared_larger_than_the_limit_is_refused_before_its_body_is_read(
    logged_in, settings, sozialamt_case
):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    body = CountingBody()
    response = logged_in.generic(
        "POST",
        reverse("cases:document_upload", args=[sozialamt_case.pk]),
        content_type="multipart/form-data; boundary=grenze",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Die Datei ist zu groß. Erlaubt sind höchstens 10,0\xa0MB" in page
    assert body.read_bytes == 0
    assert not Document.objects.exists()
