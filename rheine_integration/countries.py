"""German country names from the iso-codes translations that pycountry ships.

django-countries' own German catalogue has errors a case manager notices ("Kirivati",
"Granada" for Grenada, "Mozambique"); iso-codes is the Debian-maintained ISO 3166 list whose
translations are reviewed by the translation teams. Used as COUNTRIES_OVERRIDE in settings.
"""

import gettext

import pycountry


def german_country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → German name (the common name where ISO has one: "Südkorea")."""
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    return {
        country.alpha_2: german.gettext(getattr(country, "common_name", None) or country.name)
        for country in pycountry.countries
    }
