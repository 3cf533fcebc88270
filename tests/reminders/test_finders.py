"""Each finder on hand-built data, at the boundary days."""

import datetime

import pytest
from django.utils import timezone

from cases import reminders
from cases.models import ConsentGrant, Measure, Note, NotificationKind, Scope
from networks.models import Role
from tests.factories import (
    CaseFactory,
    FollowUpFactory,
    HandoverFactory,
    MeasureFactory,
    NoteFactory,
    give_consent,
    make_user,
)
from tests.reminders.conftest import MONDAY, WEDNESDAY, days

pytestmark = pytest.mark.django_db
Kind = NotificationKind


def found(finder, day):
    return {(f.kind, f.object_type, f.object_id, f.user_id, f.day) for f in finder(day)}


def objects(finder, day):
    return {f.object_id for f in finder(day)}


def test_follow_ups_due_today_or_overdue_remind_their_assignee(sozialamt_case):
    today = FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY)
    overdue = FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY - days(10))
    tomorrow = FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY + days(1))
    done = FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY, done_at=timezone.now())

    findings = found(reminders.follow_ups_due, WEDNESDAY)

    user = sozialamt_case.case_manager_id
    assert findings == {
        (Kind.FOLLOW_UP_DUE, "followup", today.pk, user, WEDNESDAY),
        (Kind.FOLLOW_UP_DUE, "followup", overdue.pk, user, WEDNESDAY - days(10)),
    }
    assert tomorrow.pk not in objects(reminders.follow_ups_due, WEDNESDAY)
    assert done.pk not in objects(reminders.follow_ups_due, WEDNESDAY)


def test_a_measure_ending_in_exactly_14_days_is_found_and_one_ending_in_15_is_not(sozialamt):
    in_14 = MeasureFactory(
        case=CaseFactory(lead_institution=sozialamt),
        status=Measure.Status.RUNNING,
        planned_end=WEDNESDAY + days(14),
    )
    in_15 = MeasureFactory(
        case=CaseFactory(lead_institution=sozialamt),
        status=Measure.Status.RUNNING,
        planned_end=WEDNESDAY + days(15),
    )

    assert found(reminders.measures_ending, WEDNESDAY) == {
        (Kind.MEASURE_ENDING, "measure", in_14.pk, in_14.case.case_manager_id, in_14.planned_end)
    }
    assert in_15.pk in objects(reminders.measures_ending, WEDNESDAY + days(1))


def test_a_measure_with_a_next_measure_planned_is_not_reminded(sozialamt_case):
    ending = MeasureFactory(
        case=sozialamt_case, status=Measure.Status.RUNNING, planned_end=WEDNESDAY + days(3)
    )
    MeasureFactory(case=sozialamt_case, status=Measure.Status.PLANNED, planned_end=None)
    completed = MeasureFactory(
        case=CaseFactory(lead_institution=sozialamt_case.lead_institution),
        status=Measure.Status.COMPLETED,
        planned_end=WEDNESDAY + days(3),
    )

    ids = objects(reminders.measures_ending, WEDNESDAY)

    assert ending.pk not in ids
    assert completed.pk not in ids


def test_consents_expiring_within_30_days_remind_the_case_manager(sozialamt_case, jobcenter):
    in_30 = give_consent(
        sozialamt_case, jobcenter, [Scope.BASIC], signed_on=MONDAY, valid_until=WEDNESDAY + days(30)
    )
    case_31 = CaseFactory(lead_institution=sozialamt_case.lead_institution)
    in_31 = give_consent(
        case_31, jobcenter, [Scope.BASIC], signed_on=MONDAY, valid_until=WEDNESDAY + days(31)
    )
    case_withdrawn = CaseFactory(lead_institution=sozialamt_case.lead_institution)
    withdrawn = give_consent(
        case_withdrawn, jobcenter, [Scope.BASIC], signed_on=MONDAY, valid_until=WEDNESDAY
    )
    withdrawn.withdrawn_on = MONDAY
    withdrawn.save()

    assert found(reminders.consents_expiring, WEDNESDAY) == {
        (
            Kind.CONSENT_EXPIRING,
            "consent",
            in_30.pk,
            sozialamt_case.case_manager_id,
            WEDNESDAY + days(30),
        )
    }
    assert in_31.pk in objects(reminders.consents_expiring, WEDNESDAY + days(1))


def test_an_expired_consent_is_reported_from_the_day_after_its_end(sozialamt_case, jobcenter):
    consent = give_consent(
        sozialamt_case, jobcenter, [Scope.BASIC], signed_on=MONDAY, valid_until=WEDNESDAY
    )

    assert objects(reminders.consents_expired, WEDNESDAY) == set()
    assert found(reminders.consents_expired, WEDNESDAY + days(1)) == {
        (
            Kind.CONSENT_EXPIRED,
            "consent",
            consent.pk,
            sozialamt_case.case_manager_id,
            WEDNESDAY + days(1),
        )
    }
    assert ConsentGrant.objects.filter(consent=consent).exists()


def test_residence_permits_expiring_within_60_days_are_found(sozialamt):
    in_60 = CaseFactory(
        lead_institution=sozialamt, person__residence_expires_on=WEDNESDAY + days(60)
    )
    in_61 = CaseFactory(
        lead_institution=sozialamt, person__residence_expires_on=WEDNESDAY + days(61)
    )

    assert found(reminders.residence_permits_expiring, WEDNESDAY) == {
        (
            Kind.RESIDENCE_EXPIRING,
            "person",
            in_60.person_id,
            in_60.case_manager_id,
            WEDNESDAY + days(60),
        )
    }
    assert in_61.person_id in objects(reminders.residence_permits_expiring, WEDNESDAY + days(1))


def test_a_handover_unanswered_for_5_working_days_across_corpus_christi_reminds_both_sides(
    sozialamt_case, jobcenter, jobcenter_case_manager
):
    colleague = make_user("jobcenter.fm2", jobcenter)
    make_user("jobcenter.koordination", jobcenter, roles=[Role.COORDINATOR])
    handover = HandoverFactory(case=sozialamt_case, to_institution=jobcenter)
    requested = timezone.make_aware(datetime.datetime(2026, 6, 1, 16, 30))
    type(handover).objects.filter(pk=handover.pk).update(requested_at=requested)

    # Deadline: Tue 2, Wed 3, (Fronleichnam), Fri 5, Mon 8, Tue 9 June: still in time on the 9th.
    assert reminders.handovers_unanswered(datetime.date(2026, 6, 9)) == []
    deadline = datetime.date(2026, 6, 9)
    assert found(reminders.handovers_unanswered, datetime.date(2026, 6, 10)) == {
        (Kind.HANDOVER_UNANSWERED, "handover", handover.pk, user.pk, deadline)
        for user in (sozialamt_case.case_manager, jobcenter_case_manager, colleague)
    }


def test_an_answered_handover_is_not_reminded(sozialamt_case, jobcenter, jobcenter_case_manager):
    handover = HandoverFactory(case=sozialamt_case, to_institution=jobcenter, status="declined")
    type(handover).objects.filter(pk=handover.pk).update(
        requested_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 9))
    )

    assert reminders.handovers_unanswered(WEDNESDAY) == []


def test_open_cases_without_contact_for_90_days_are_found(sozialamt):
    def case_opened(day):
        return CaseFactory(lead_institution=sozialamt, opened_on=day)

    contact_90 = case_opened(WEDNESDAY - days(200))
    NoteFactory(case=contact_90, kind=Note.Kind.CONTACT, occurred_on=WEDNESDAY - days(90))
    contact_89 = case_opened(WEDNESDAY - days(200))
    NoteFactory(case=contact_89, kind=Note.Kind.CONTACT, occurred_on=WEDNESDAY - days(89))
    only_a_note = case_opened(WEDNESDAY - days(90))
    NoteFactory(case=only_a_note, kind=Note.Kind.NOTE, occurred_on=WEDNESDAY - days(1))
    opened_recently = case_opened(WEDNESDAY - days(89))

    findings = found(reminders.cases_without_contact, WEDNESDAY)

    manager = contact_90.case_manager_id
    assert findings == {
        (Kind.NO_CONTACT, "case", contact_90.pk, manager, WEDNESDAY),
        (Kind.NO_CONTACT, "case", only_a_note.pk, manager, WEDNESDAY),
    }
    assert opened_recently.pk not in objects(reminders.cases_without_contact, WEDNESDAY)


def test_closed_cases_past_retention_notify_the_coordinators_of_the_lead_institution(
    sozialamt, sozialamt_case_manager
):
    coordinator = make_user("sozialamt.koordination", sozialamt, roles=[Role.COORDINATOR])
    closed_on = datetime.date(2023, 6, 3)
    past = CaseFactory(
        lead_institution=sozialamt,
        opened_on=datetime.date(2022, 1, 1),
        closed_on=closed_on,
        phase="closed",
    )
    not_yet = CaseFactory(
        lead_institution=sozialamt,
        opened_on=datetime.date(2022, 1, 1),
        closed_on=closed_on + days(1),
        phase="closed",
    )

    assert found(reminders.retention_ended, WEDNESDAY) == {
        (Kind.RETENTION_ENDED, "case", past.pk, coordinator.pk, WEDNESDAY)
    }
    assert not_yet.pk in objects(reminders.retention_ended, WEDNESDAY + days(1))
