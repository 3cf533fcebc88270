import pytest
from django.urls import reverse

from cases import services
from cases.models import CEFR, Assessment, Literacy, Measure, MeasureType
from cases.prerequisites import missing_prerequisites
from tests.factories import MeasureTypeFactory, assess


def test_cefr_levels_are_ordered_from_none_to_c2():
    assert [level.label for level in sorted(CEFR)] == [
        "keine Kenntnisse",
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
    ]
    assert CEFR.A2 < CEFR.B1 < CEFR.C1


def test_overall_german_level_is_the_weakest_skill():
    assessment = Assessment(
        german_listening=CEFR.B2,
        german_reading=CEFR.B1,
        german_writing=CEFR.A2,
        german_speaking=CEFR.B2,
        literacy=Literacy.LATIN,
    )
    assert assessment.german_level == CEFR.A2


def test_qualification_course_is_refused_without_literacy_and_names_the_literacy_course(
    sozialamt_case, sozialamt_case_manager, catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE, level=CEFR.A2)
    with pytest.raises(services.PrerequisitesNotMet) as refusal:
        services.plan_measure(
            case=sozialamt_case,
            by=sozialamt_case_manager,
            justification="",
            measure=Measure(
                measure_type=catalogue["qualification"],
                responsible_institution=sozialamt_case.lead_institution,
            ),
        )
    reasons = " ".join(str(m) for m in refusal.value.missing)
    assert "Alphabetisierung" in reasons and "Alphabetisierungskurs" in reasons
    assert not sozialamt_case.measures.exists()


def test_literacy_in_another_script_does_not_meet_a_latin_script_requirement(
    sozialamt_case, sozialamt_case_manager, catalogue
):
    assessment = assess(
        sozialamt_case, sozialamt_case_manager, literacy=Literacy.OTHER_SCRIPT, level=CEFR.A2
    )
    missing = missing_prerequisites(
        catalogue["integration"],
        assessment=assessment,
        residence_status="gestattung",
        completed_type_ids=set(),
    )
    assert len(missing) == 1


def test_german_level_below_the_minimum_is_reported_with_the_level_reached(
    sozialamt_case, sozialamt_case_manager
):
    vocational = MeasureTypeFactory(
        name="Berufssprachkurs B2", field_of_action="language", min_german_level=CEFR.B1
    )
    assessment = assess(
        sozialamt_case, sozialamt_case_manager, literacy=Literacy.LATIN, level=CEFR.A2
    )
    [missing] = missing_prerequisites(
        vocational, assessment=assessment, residence_status="gestattung", completed_type_ids=set()
    )
    assert "B1" in missing.reason and "A2" in missing.reason


def test_met_prerequisites_plan_the_measure_without_justification(
    sozialamt_case, sozialamt_case_manager, catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.LATIN, level=CEFR.B1)
    measure = services.plan_measure(
        case=sozialamt_case,
        by=sozialamt_case_manager,
        justification="",
        measure=Measure(
            measure_type=catalogue["qualification"],
            responsible_institution=sozialamt_case.lead_institution,
        ),
    )
    assert measure.pk and measure.unmet_prerequisites == [] and measure.justification == ""


def test_a_justification_overrides_and_is_kept_and_countable(
    sozialamt_case, sozialamt_case_manager, catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE, level=CEFR.A1)
    measure = services.plan_measure(
        case=sozialamt_case,
        by=sozialamt_case_manager,
        justification="Praxisnahe Maßnahme mit begleitender Alphabetisierung",
        measure=Measure(
            measure_type=catalogue["qualification"],
            responsible_institution=sozialamt_case.lead_institution,
        ),
    )
    assert measure.unmet_prerequisites
    assert Measure.objects.exclude(unmet_prerequisites=[]).count() == 1


def test_required_preceding_measure_and_residence_status(sozialamt_case, sozialamt_case_manager):
    course = MeasureTypeFactory(name="Integrationskurs")
    training = MeasureType.objects.create(
        name="Einstiegsqualifizierung",
        field_of_action="training",
        required_preceding=course,
        allowed_residence_statuses=["humanitarian"],
    )
    missing = missing_prerequisites(
        training, assessment=None, residence_status="gestattung", completed_type_ids=set()
    )
    assert len(missing) == 2
    assert (
        missing_prerequisites(
            training,
            assessment=None,
            residence_status="humanitarian",
            completed_type_ids={course.pk},
        )
        == []
    )


def test_measure_page_stops_planning_and_keeps_the_input(
    client, sozialamt_case, sozialamt_case_manager, catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE, level=CEFR.NONE)
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:measure_add", args=[sozialamt_case.pk]),
        {
            "measure_type": catalogue["qualification"].pk,
            "provider": "Bildungswerk Emsland",
            "responsible_institution": sozialamt_case.lead_institution_id,
            "status": "planned",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Voraussetzungen nicht erfüllt" in page and "Alphabetisierungskurs" in page
    assert 'value="Bildungswerk Emsland"' in page
    assert not sozialamt_case.measures.exists()
