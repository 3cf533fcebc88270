import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Handover, Note, Scope
from tests.factories import CaseFactory


def test_handover_to_an_institution_without_consent_is_refused_with_a_clear_message(
    client, full_case, sozialamt_case_manager, jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:handover_propose", args=[full_case.pk]),
        {
            "to_institution": jobcenter.pk,
            "reason": "legal_domain",
            "summary": "Anerkennung erfolgt",
        },
    )
    assert response.status_code == 200
    assert "Einwilligung der Person erfasst diese Institution nicht" in response.content.decode()
    assert not Handover.objects.exists()


def test_accepted_handover_moves_the_lead_and_keeps_assessment_and_plan(
    client, full_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager, yesterday
):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES]},
    )
    handover = services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason="legal_domain",
        summary="Anerkennung als Flüchtling, Wechsel in SGB II",
        by=sozialamt_case_manager,
    )
    client.force_login(jobcenter_case_manager)
    assert "Übergabe von" in client.get(reverse("cases:inbox")).content.decode()
    response = client.post(
        reverse("cases:handover_answer", args=[handover.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302

    full_case.refresh_from_db()
    assert (
        full_case.lead_institution == jobcenter and full_case.case_manager == jobcenter_case_manager
    )
    assert full_case.person.legal_domain == "sgb2"
    page = client.get(reverse("cases:detail", args=[full_case.pk])).content.decode()
    assert "MARKER-ZIEL" in page and "MARKER-PLAN" in page and "MARKER-GESUNDHEIT" in page
    # The Sozialamt's confidential note stays with the Sozialamt.
    assert "MARKER-VERTRAULICH" not in page


def test_declining_needs_a_reason_and_leaves_the_lead(
    client, full_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager, yesterday
):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    handover = services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason="referral",
        summary="Bitte Beratung",
        by=sozialamt_case_manager,
    )
    client.force_login(jobcenter_case_manager)
    response = client.post(
        reverse("cases:handover_answer", args=[handover.pk]), {"decision": "decline"}
    )
    assert "Bitte einen Grund" in response.content.decode()
    client.post(
        reverse("cases:handover_answer", args=[handover.pk]),
        {"decision": "decline", "decline_reason": "nicht zuständig"},
    )
    handover.refresh_from_db()
    full_case.refresh_from_db()
    assert (
        handover.status == Handover.Status.DECLINED
        and full_case.lead_institution == sozialamt_case_manager.institution
    )


def test_only_the_receiving_institution_can_answer(
    client, full_case, sozialamt_case_manager, jobcenter, unconsented_outsider, yesterday
):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    handover = services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason="referral",
        summary="x",
        by=sozialamt_case_manager,
    )
    for user in (unconsented_outsider, sozialamt_case_manager):
        client.force_login(user)
        assert (
            client.post(
                reverse("cases:handover_answer", args=[handover.pk]), {"decision": "accept"}
            ).status_code
            == 404
        )


def test_a_second_open_handover_is_refused(full_case, sozialamt_case_manager, jobcenter, yesterday):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason="referral",
        summary="x",
        by=sozialamt_case_manager,
    )
    with pytest.raises(services.CaseRuleError):
        services.propose_handover(
            case=full_case,
            to_institution=jobcenter,
            reason="referral",
            summary="y",
            by=sozialamt_case_manager,
        )


def test_after_an_accepted_handover_the_timeline_keeps_who_acted_and_when(
    client, sozialamt, sozialamt_case_manager, jobcenter, jobcenter_case_manager, yesterday
):
    """'Fall eröffnet' stays with the Sozialamt that opened it; one day's note and handover
    entries come in the order they happened."""
    case = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    services.record_consent(
        case=case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC, Scope.NOTES]},
    )
    today = timezone.localdate()
    services.add_note(
        case=case,
        by=sozialamt_case_manager,
        note=Note(occurred_on=today, text="Vor der Übergabe besprochen"),
    )
    handover = services.propose_handover(
        case=case,
        to_institution=jobcenter,
        reason="legal_domain",
        summary="Wechsel in SGB II",
        by=sozialamt_case_manager,
    )
    services.accept_handover(handover, by=jobcenter_case_manager)
    services.add_note(
        case=case, by=jobcenter_case_manager, note=Note(occurred_on=today, text="Erstgespräch")
    )

    client.force_login(jobcenter_case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    timeline = page[
        page.index('id="h-timeline"') : page.index("</section>", page.index("h-timeline"))
    ]
    events = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in timeline.split("<li>")[1:]
    ]
    day = today.strftime("%d.%m.%Y")
    sa, jc = sozialamt.short_name, jobcenter.short_name
    assert [(e.split(" · ")[1].split(" ", 1)) for e in events] == [
        [jc, "VermerkErstgespräch"],
        [jc, "Übergabe angenommen"],
        [sa, f"Übergabe angefragt: {handover}{handover.get_reason_display()}"],
        [sa, "VermerkVor der Übergabe besprochen"],
        [sa, "Einwilligung erfasst"],
        [sa, "Fall eröffnet"],
    ]
    assert all(e.startswith(day) for e in events)
