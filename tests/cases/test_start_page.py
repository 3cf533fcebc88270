"""The start pages: what a case manager's rows show is audited and limited to visible cases;
coordination sees counts only."""

import pytest
from django.db.models import Q

from cases import services
from cases.models import AuditEntry, Literacy, Measure
from tests.factories import CaseFactory, FollowUpFactory, assess

pytestmark = pytest.mark.django_db


def test_case_managers_start_page_rows_are_audited(client, sozialamt_case, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    page = client.get("/")
    assert sozialamt_case.person.full_name in page.content.decode()
    assert AuditEntry.objects.filter(
        user=sozialamt_case_manager, object_type="start_page_case", case_id=sozialamt_case.pk
    ).exists()


def test_a_follow_up_on_a_case_no_longer_visible_is_not_shown(
    client, sozialamt_case, jobcenter, jobcenter_case_manager
):
    FollowUpFactory(
        case=sozialamt_case,
        assignee=jobcenter_case_manager,
        description="Bescheid nachfordern",
        institution=jobcenter,
        created_by=jobcenter_case_manager,
    )
    own = FollowUpFactory(case=CaseFactory(lead_institution=jobcenter), description="Kurs prüfen")
    own.assignee = jobcenter_case_manager
    own.save()
    client.force_login(jobcenter_case_manager)
    page = client.get("/").content.decode()
    assert "Kurs prüfen" in page
    assert "Bescheid nachfordern" not in page
    assert sozialamt_case.reference not in page


def test_coordinator_sees_how_often_prerequisites_were_overridden_per_measure_type(
    client, coordinator, sozialamt_case, sozialamt_case_manager, catalogue
):
    assess(sozialamt_case, sozialamt_case_manager, literacy=Literacy.NONE)
    for _ in range(2):
        services.plan_measure(
            case=sozialamt_case,
            by=sozialamt_case_manager,
            justification="Platz im Alphabetisierungskurs erst in einem Jahr frei",
            measure=Measure(
                measure_type=catalogue["qualification"],
                responsible_institution=sozialamt_case.lead_institution,
            ),
        )
    client.force_login(coordinator)
    page = client.get("/").content.decode()
    table = page[page.index('id="overridden-measures"') :]
    assert "Qualifizierungsmaßnahme Lager und Logistik</td>" in table
    assert '<td class="kern-table__cell">2</td>' in table
    # Counts only: no name of the person reaches coordination.
    assert sozialamt_case.person.full_name not in page
    assert not AuditEntry.objects.filter(Q(user=coordinator) & ~Q(case_id=None)).exists()
