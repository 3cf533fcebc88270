"""What every case entry form has in common (cases.forms.SafeTextMixin); the forms from
the hostile-input sweep."""

import pytest

from tests.security.test_payloads import case_forms

pytestmark = pytest.mark.django_db


def test_every_select_of_an_entry_form_asks_for_a_choice_in_german(
    client, sozialamt_case_manager, world
):
    client.force_login(sozialamt_case_manager)
    asked = 0
    for url in case_forms(world):
        page = client.get(url).content.decode()
        assert "---------" not in page, url
        asked += page.count('<option value="">– bitte wählen –</option>')
    assert asked >= 5
