"""Country names read as the iso-codes translations have them, not django-countries' typos."""

import gettext
import html
import re

import pycountry
import pytest
from django.urls import reverse

from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

# django-countries' German catalogue misspelt these; each must show iso-codes' German name.
MISSPELT = {
    "KI": "Kirivati",
    "GD": "Granada",
    "SA": "Saudi Arabien",
    "PG": "Papua Neu Guinea",
    "SZ": "Swasiland",
    "MZ": "Mozambique",
}


def _iso_codes_german(code: str) -> str:
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    return german.gettext(pycountry.countries.get(alpha_2=code).name)


def _nationality_options(page: str) -> dict[str, str]:
    select = re.search(r'<select name="nationality".*?</select>', page, re.S).group(0)
    return {
        code: html.unescape(label)
        for code, label in re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', select)
    }


def test_the_person_forms_country_select_has_the_iso_codes_german_names(
    client, sozialamt_case_manager
):
    client.force_login(sozialamt_case_manager)
    options = _nationality_options(client.get(reverse("cases:register")).content.decode())
    for code, wrong in MISSPELT.items():
        assert options[code] == _iso_codes_german(code)
        assert wrong not in options.values()
    assert options["SA"] == "Saudi-Arabien"
    assert options["PG"] == "Papua-Neuguinea"
    assert options["MZ"] == "Mosambik"
    assert options["GD"] == "Grenada"
    assert options["KI"] == "Kiribati"
    # The names that are no ISO country stay.
    assert options["XX"] == "staatenlos"


def test_the_case_page_shows_the_iso_codes_german_nationality(
    client, sozialamt, sozialamt_case_manager
):
    client.force_login(sozialamt_case_manager)
    for code, wrong in MISSPELT.items():
        case = CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            person=PersonFactory(nationality=code, registered_by=sozialamt),
        )
        page = html.unescape(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
        assert _iso_codes_german(code) in page
        assert wrong not in page
