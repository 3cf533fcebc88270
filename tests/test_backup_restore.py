"""Backup and restore: scripts/backup.sh, then scripts/restore.sh into a fresh database finds
every row of every table and every uploaded file."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from cases import services
from cases.models import Document, Note
from tests.factories import CaseFactory

ROOT = Path(__file__).resolve().parents[1]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_truncatable"),
]


def database_url(name: str) -> str:
    s = connection.settings_dict
    host, port, user = s["HOST"] or "127.0.0.1", s["PORT"] or 5432, s["USER"] or "postgres"
    if str(host).startswith("/"):
        return f"postgresql://{user}@/{name}?host={host}&port={port}"
    return f"postgresql://{user}@{host}:{port}/{name}"


def row_counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def test_backup_and_restore_into_a_fresh_database_keeps_every_row_and_file(
    settings, tmp_path, sozialamt, sozialamt_case_manager
):
    media = tmp_path / "private-media"
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        }
    }
    case = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    services.add_note(
        case=case,
        by=sozialamt_case_manager,
        note=Note(occurred_on=timezone.localdate(), text="vor der Sicherung"),
    )
    upload = SimpleUploadedFile("zeugnis.pdf", PDF_BYTES)
    upload.detected_content_type = "application/pdf"
    document = services.upload_document(
        case=case,
        kind=Document.Kind.CERTIFICATE,
        title="Zeugnis",
        file=upload,
        by=sozialamt_case_manager,
    )

    source = database_url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "PRIVATE_MEDIA_ROOT": str(media)}
    backup = subprocess.run(
        ["bash", "scripts/backup.sh", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stderr
    dump, media_tar = backup.stdout.split()

    fresh = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_media = tmp_path / "restored-media"
        restore = subprocess.run(
            [
                "bash",
                "scripts/restore.sh",
                dump,
                media_tar,
                database_url(fresh),
                str(restored_media),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr

        tables = connection.introspection.table_names()
        before, after = row_counts(source, tables), row_counts(database_url(fresh), tables)
        assert after == before
        assert before["cases_note"] >= 1 and before["cases_document"] == 1
        assert before["cases_auditentry"] > 0
        assert (restored_media / document.file.name).read_bytes() == PDF_BYTES
        with psycopg.connect(database_url(fresh)) as db:
            # The append-only trigger came back with the restore.
            with pytest.raises(psycopg.errors.RaiseException):
                db.execute("DELETE FROM cases_auditentry")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
