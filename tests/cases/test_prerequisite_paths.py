"""A refused measure shows, for each missing prerequisite, the way there through the catalogue."""

import html
import re

import pytest
from django.urls import reverse

from cases.models import CEFR, Literacy, MeasureType
from tests.factories import MeasureTypeFactory, assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def language_catalogue(db):
    MeasureTypeFactory(
        name="Alphabetisierungskurs", field_of_action="language", leads_to_literacy=Literacy.LATIN
    )
    MeasureTypeFactory(
        name="Integrationskurs",
        field_of_action="language",
        min_literacy=Literacy.LATIN,
        leads_to_german_level=CEFR.B1,
    )
    # A language offer without needs that leads to no level is no way to either prerequisite.
    MeasureTypeFactory(name="Erstorientierungskurs", field_of_action="language")
    return MeasureTypeFactory(
        name="Berufssprachkurs B2",
        field_of_action="language",
        min_german_level=CEFR.B1,
        min_literacy=Literacy.LATIN,
        leads_to_german_level=CEFR.B2,
    )


def _refusal(client, case, measure_type) -> list[str]:
    """The refusal's items as the measure form renders them, after choosing and saving."""
    response = client.post(
        reverse("cases:measure_add", args=[case.pk]),
        {
            "measure_type": measure_type.pk,
            "responsible_institution": case.lead_institution_id,
            "status": "planned",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    alert = page[page.index('id="prerequisites"') :].split("</ul>")[0]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split())
        for item in re.findall(r"<li>(.*?)</li>", alert, re.S)
    ]


def test_each_missing_prerequisite_shows_its_own_way_in_order(
    client, sozialamt_case, sozialamt_case_manager, language_catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE, level=CEFR.A1)
    client.force_login(sozialamt_case_manager)
    literacy, german = _refusal(client, sozialamt_case, language_catalogue)
    assert literacy == (
        "Voraussetzung Alphabetisierung: in lateinischer Schrift alphabetisiert, festgestellt: "
        "nicht alphabetisiert. Erfüllbar durch: Alphabetisierungskurs."
    )
    # The Integrationskurs needs Latin script first, so the way to B1 starts with literacy.
    assert german == (
        "Voraussetzung Deutsch mindestens B1, festgestellt: A1. "
        "Erfüllbar durch: Alphabetisierungskurs, danach Integrationskurs (bis B1)."
    )
    assert not sozialamt_case.measures.exists()


def test_a_literate_person_is_shown_only_the_course_that_reaches_the_level(
    client, sozialamt_case, sozialamt_case_manager, language_catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.LATIN, level=CEFR.A1)
    client.force_login(sozialamt_case_manager)
    [german] = _refusal(client, sozialamt_case, language_catalogue)
    assert german.endswith("Erfüllbar durch: Integrationskurs (bis B1).")


def test_the_way_follows_the_catalogue_as_coordinators_keep_it(
    client, sozialamt_case, sozialamt_case_manager, language_catalogue
):
    """A course that gives literacy and B1 in one becomes the way; without any course that
    reaches B1 the refusal says the catalogue has none."""
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE, level=CEFR.A1)
    client.force_login(sozialamt_case_manager)
    MeasureTypeFactory(
        name="Alphabetisierungskurs mit Integrationskurs",
        field_of_action="language",
        leads_to_literacy=Literacy.LATIN,
        leads_to_german_level=CEFR.B1,
    )
    literacy, german = _refusal(client, sozialamt_case, language_catalogue)
    assert german.endswith("Erfüllbar durch: Alphabetisierungskurs mit Integrationskurs (bis B1).")

    MeasureType.objects.filter(leads_to_german_level=CEFR.B1).update(is_active=False)
    literacy, german = _refusal(client, sozialamt_case, language_catalogue)
    assert literacy.endswith("Erfüllbar durch: Alphabetisierungskurs.")
    assert german.endswith("Im Maßnahmenkatalog führt keine Maßnahme dorthin.")
