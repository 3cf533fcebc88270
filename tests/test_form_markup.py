"""Form markup for assistive technology (WCAG 1.3.1, 3.3.1, 3.3.2), as rendered by the KERN
form renderer every form uses."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_form_says_in_text_which_fields_are_required(
    client, sozialamt_case_manager, sozialamt_case
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:note_add", args=[sozialamt_case.pk])).content.decode()
    assert "Alle Felder ohne den Zusatz „optional“ müssen ausgefüllt werden." in page
    assert "– optional" in page


def test_errors_are_summarised_at_the_top_with_links_and_described_at_the_field(
    client, sozialamt_case_manager, sozialamt_case
):
    client.force_login(sozialamt_case_manager)
    page = client.post(
        reverse("cases:note_add", args=[sozialamt_case.pk]), {"kind": "note", "text": ""}
    ).content.decode()
    start = page.index("app-error-summary")
    summary = page[start : page.index("</div>\n</div>", start)]
    assert '<a class="kern-link" href="#id_text">Text:' in summary
    assert 'id="id_text_error"' in page
    assert (
        'aria-describedby="id_text_error"' in page
        or 'aria-describedby="id_text_helptext id_text_error"' in page
    )
    assert page.index("app-error-summary") < page.index('id="id_text"')
