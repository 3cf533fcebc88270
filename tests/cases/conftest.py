import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import CEFR, Document, IntegrationPlan, Literacy, Measure, Note
from tests.factories import MeasureTypeFactory, assess

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="nachweis.pdf", content=PDF_BYTES):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    upload.detected_content_type = "application/pdf"
    return upload


@pytest.fixture
def catalogue(db):
    """The part of the measure catalogue the paper's literacy problem is about."""
    literacy_course = MeasureTypeFactory(
        name="Alphabetisierungskurs", field_of_action="language", leads_to_literacy=Literacy.LATIN
    )
    integration_course = MeasureTypeFactory(
        name="Integrationskurs",
        field_of_action="language",
        min_literacy=Literacy.LATIN,
        leads_to_german_level=CEFR.B1,
    )
    qualification = MeasureTypeFactory(
        name="Qualifizierungsmaßnahme Lager und Logistik",
        field_of_action="qualification",
        min_german_level=CEFR.A2,
        min_literacy=Literacy.LATIN,
    )
    return {
        "literacy": literacy_course,
        "integration": integration_course,
        "qualification": qualification,
    }


@pytest.fixture
def full_case(sozialamt_case, sozialamt_case_manager, catalogue):
    """A Sozialamt case with every kind of content, each with a marker text to look for."""
    case, by = sozialamt_case, sozialamt_case_manager
    assess(
        case,
        by,
        own_goals="MARKER-ZIEL Elektriker werden",
        health_constraints="MARKER-GESUNDHEIT Rückenleiden",
    )
    services.add_plan(
        case=case,
        by=by,
        sub_goals=[],
        plan=IntegrationPlan(
            goal="MARKER-PLAN Ausbildung Elektroniker", agreed_on=timezone.localdate()
        ),
    )
    services.plan_measure(
        case=case,
        by=by,
        justification="",
        measure=Measure(
            measure_type=catalogue["literacy"], responsible_institution=case.lead_institution
        ),
    )
    services.add_note(
        case=case,
        by=by,
        note=Note(occurred_on=timezone.localdate(), text="MARKER-VERMERK Termin vereinbart"),
    )
    services.add_note(
        case=case,
        by=by,
        note=Note(
            occurred_on=timezone.localdate(), text="MARKER-VERTRAULICH intern", confidential=True
        ),
    )
    services.upload_document(
        case=case, kind=Document.Kind.CERTIFICATE, title="MARKER-ZEUGNIS", file=pdf_upload(), by=by
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
