"""Uploads: type by content, size limit, stored outside the web root, served only through
the access check."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from tests.security.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(client, case, name, content, title="Nachweis"):
    return client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {
            "kind": "certificate",
            "title": title,
            "file": SimpleUploadedFile(name, content, "image/png"),
        },
    )


def test_a_pdf_named_png_is_stored_and_served_as_pdf(
    client, sozialamt_case_manager, sozialamt_case
):
    client.force_login(sozialamt_case_manager)
    assert (
        _upload(client, sozialamt_case, "zeugnis.png", PDF_BYTES, title="umbenannt").status_code
        == 302
    )
    document = Document.objects.get(title="umbenannt")
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf")
    response = client.get(reverse("cases:document_download", args=[sozialamt_case.pk, document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Disposition"].endswith('.pdf"')


@pytest.mark.parametrize(
    "name, content",
    [
        ("zeugnis.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("bild.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("zeugnis.pdf", b"PK\x03\x04 a zip or office file"),
    ],
)
def test_html_svg_and_other_types_are_refused_whatever_their_name(
    client, sozialamt_case_manager, sozialamt_case, name, content
):
    client.force_login(sozialamt_case_manager)
    response = _upload(client, sozialamt_case, name, content)
    assert response.status_code == 200
    assert "Dieser Dateityp ist nicht erlaubt" in response.content.decode()
    assert not Document.objects.exists()


def test_a_png_is_accepted_as_png(client, sozialamt_case_manager, sozialamt_case):
    client.force_login(sozialamt_case_manager)
    assert _upload(client, sozialamt_case, "scan", PNG_BYTES).status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_files_larger_than_the_limit_are_refused(
    client, settings, sozialamt_case_manager, sozialamt_case
):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(sozialamt_case_manager)
    response = _upload(client, sozialamt_case, "gross.pdf", PDF_BYTES + b"0" * 200)
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not Document.objects.exists()


def test_uploads_live_outside_the_web_root_and_no_url_serves_them(
    client, sozialamt_case_manager, world
):
    location = str(settings.STORAGES["default"]["OPTIONS"]["location"])
    static_dirs = [str(settings.STATIC_ROOT)] + [
        str(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS
    ]
    assert not any(location.startswith(d) for d in static_dirs)
    assert settings.MEDIA_URL in (None, "")

    document = world["document"]
    client.force_login(sozialamt_case_manager)
    for url in (
        f"/private-media/{document.file.name}",
        f"/media/{document.file.name}",
        f"/static/{document.file.name}",
        f"/static/../private-media/{document.file.name}",
        f"/{document.file.name}",
    ):
        assert client.get(url).status_code == 404, url
