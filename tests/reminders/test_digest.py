"""Notifications and the daily digest: once per finding, one e-mail per user and working day."""

import pytest

from cases import notifications
from cases.models import DigestDelivery, Notification, NotificationKind
from tests.factories import CaseFactory, FollowUpFactory
from tests.reminders.conftest import CORPUS_CHRISTI, FRIDAY, SATURDAY, WEDNESDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_follow_ups(sozialamt_case, jobcenter):
    jobcenter_case = CaseFactory(lead_institution=jobcenter)
    return [
        FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY),
        FollowUpFactory(case=jobcenter_case, due_on=WEDNESDAY),
    ]


def test_running_the_jobs_twice_gives_one_notification_and_one_email_per_user(
    due_follow_ups, mailoutbox
):
    for _run in range(2):
        notifications.run_finders(today=WEDNESDAY)
        notifications.send_digests(today=WEDNESDAY)

    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f.case.case_manager.email for f in due_follow_ups
    )


def test_the_digest_is_german_names_the_case_reference_and_no_person(
    due_follow_ups, mailoutbox, settings
):
    settings.SITE_URL = "https://integration.rheine.example"
    case = due_follow_ups[0].case

    notifications.run_finders(today=WEDNESDAY)
    notifications.send_digests(today=WEDNESDAY)

    message = next(m for m in mailoutbox if m.to == [case.case_manager.email])
    assert f"F-{case.pk:06d}" in message.body
    assert "Wiedervorlage fällig" in message.body
    assert f"https://integration.rheine.example/faelle/{case.pk}/" in message.body
    assert "https://integration.rheine.example/faelle/benachrichtigungen/" in message.body
    assert case.person.family_name not in message.body + message.subject
    assert case.person.given_names not in message.body + message.subject
    assert message.extra_headers["Message-ID"].startswith("<digest-")


def test_nothing_is_found_or_sent_on_corpus_christi_and_friday_catches_up(
    due_follow_ups, mailoutbox
):
    notifications.run_finders(today=WEDNESDAY)  # the digest job did not run on Wednesday

    assert notifications.run_finders(today=CORPUS_CHRISTI) is False
    assert notifications.send_digests(today=CORPUS_CHRISTI) == 0
    assert notifications.send_digests(today=SATURDAY) == 0
    assert len(mailoutbox) == 0
    assert not DigestDelivery.objects.exists()

    assert notifications.send_digests(today=FRIDAY) == 2
    assert len(mailoutbox) == 2
    assert set(DigestDelivery.objects.values_list("day", flat=True)) == {FRIDAY}


def test_a_digest_prepared_but_never_sent_rolls_into_the_next_working_day(
    due_follow_ups, mailoutbox
):
    user_id = due_follow_ups[0].assignee_id
    notifications.run_finders(today=WEDNESDAY)
    notifications.prepare_digest(user_id=user_id, day=WEDNESDAY)  # then the worker died

    notifications.send_digests(today=FRIDAY)

    assert len(mailoutbox) == 2
    statuses = dict(DigestDelivery.objects.filter(user_id=user_id).values_list("day", "status"))
    assert statuses == {WEDNESDAY: "merged", FRIDAY: "sent"}


def test_notifications_found_after_the_days_digest_wait_for_the_next_working_day(
    sozialamt_case, mailoutbox
):
    FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY)
    notifications.run_finders(today=WEDNESDAY)
    notifications.send_digests(today=WEDNESDAY)
    FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY, description="später angelegt")
    notifications.run_finders(today=WEDNESDAY)

    notifications.send_digests(today=WEDNESDAY)
    assert len(mailoutbox) == 1

    notifications.send_digests(today=FRIDAY)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].body.count("Wiedervorlage fällig") == 1


def test_a_muted_kind_is_not_emailed_but_still_shown_in_the_app(sozialamt_case, mailoutbox):
    user = sozialamt_case.case_manager
    FollowUpFactory(case=sozialamt_case, due_on=WEDNESDAY)
    notifications.set_email_preferences(user, wanted_kinds=[])

    notifications.run_finders(today=WEDNESDAY)
    notifications.send_digests(today=WEDNESDAY)

    assert len(mailoutbox) == 0
    assert Notification.objects.filter(user=user, kind=NotificationKind.FOLLOW_UP_DUE).exists()
    assert DigestDelivery.objects.get(user=user).status == DigestDelivery.Status.EMPTY


def test_legal_deadlines_are_emailed_even_when_the_user_switched_everything_off(sozialamt):
    case = CaseFactory(lead_institution=sozialamt, person__residence_expires_on=FRIDAY)

    preferences = notifications.set_email_preferences(case.case_manager, wanted_kinds=[])

    assert preferences.wants_email(NotificationKind.RESIDENCE_EXPIRING)
    assert preferences.wants_email(NotificationKind.CONSENT_EXPIRING)
    assert not preferences.wants_email(NotificationKind.FOLLOW_UP_DUE)
