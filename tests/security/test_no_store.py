"""Pages with personal data are never kept in a browser's or a proxy's cache (issue 16.9)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_case_pages_lists_exports_and_downloads_say_no_store(client, world, coordinator):
    case, document = world["case"], world["document"]
    client.force_login(case.case_manager)
    urls = [
        "/",
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:document_download", args=[case.pk, document.pk]),
        reverse("cases:list") + "?q=Tesfay",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), f"{url}: {response.get('Cache-Control')}"
    client.force_login(coordinator)
    export = client.get(reverse("cases:audit_export"), {"username": case.case_manager.username})
    assert export.status_code == 200
    assert _no_store(export)
