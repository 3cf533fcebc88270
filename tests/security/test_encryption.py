"""Health constraints and note texts are stored encrypted; the app reads them as text."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cases.models import Assessment, Note
from rheine_integration.base import encryption
from tests.factories import AssessmentFactory, NoteFactory

pytestmark = pytest.mark.django_db


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_health_constraints_and_note_text_are_ciphertext_in_the_database():
    assessment = AssessmentFactory(health_constraints="Diabetes Typ 1")
    note = NoteFactory(text="Gespräch über die Familie in Aleppo")

    raw_health = _raw("cases_assessment", "health_constraints", assessment.pk)
    raw_note = _raw("cases_note", "text", note.pk)
    assert "Diabetes" not in raw_health and raw_health.startswith("fernet:")
    assert "Aleppo" not in raw_note and raw_note.startswith("fernet:")

    assert Assessment.objects.get(pk=assessment.pk).health_constraints == "Diabetes Typ 1"
    assert Note.objects.get(pk=note.pk).text == "Gespräch über die Familie in Aleppo"


def test_empty_health_constraints_stay_empty_text():
    assessment = AssessmentFactory(health_constraints="")
    assert _raw("cases_assessment", "health_constraints", assessment.pk) == ""


def test_a_new_key_in_front_still_reads_old_rows_and_rotation_moves_them_to_it(settings):
    note = NoteFactory(text="vor der Schlüsselrotation")
    old_cipher = _raw("cases_note", "text", note.pk)
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    assert Note.objects.get(pk=note.pk).text == "vor der Schlüsselrotation"

    rotated = encryption.rotate(old_cipher)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # old key removed
    assert encryption.decrypt(rotated) == "vor der Schlüsselrotation"
    with pytest.raises(ImproperlyConfigured):
        encryption.decrypt(old_cipher)  # never shows ciphertext as if it were the text
