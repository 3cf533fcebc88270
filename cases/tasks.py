"""Celery tasks of the cases app: thin, they take dates and call services.

Every task here is idempotent (the settings acknowledge late and requeue a task whose worker
died); due dates live in the database, never as countdowns in the broker.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from cases import notifications, services


def _day(day: str | None) -> datetime.date:
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


@shared_task
def revoke_expired_consents(day: str | None = None) -> int:
    """Daily at 00:30, every day (access must end with the consent, weekends included).
    Safe twice: re-syncing access of a person whose consents ended changes nothing the second time."""
    return services.expire_consents(today=_day(day))


@shared_task
def find_reminders(day: str | None = None) -> bool:
    """Working days at 06:00 Europe/Berlin (beat; skips weekends and NRW holidays itself).
    Safe twice: findings are inserted against a unique key (user, kind, object, day), and the
    finders look at everything due on or before the day, so a missed day is caught up."""
    return notifications.run_finders(today=_day(day))


@shared_task
def send_digests(day: str | None = None) -> int:
    """Working days at 07:00 Europe/Berlin. Safe twice: one DigestDelivery row per (user, day),
    claimed with SELECT ... FOR UPDATE SKIP LOCKED and marked SENT in the claiming transaction."""
    return notifications.send_digests(today=_day(day))


@shared_task
def anonymise_expired(day: str | None = None) -> int:
    """Anonymise persons whose retention period ended (cases.retention). Not seeded into the
    beat schedule: coordinators review the list ("Löschfristen") first; once the network trusts
    it, an administrator schedules it nightly in the beat admin. Safe twice: an anonymised person
    is no longer due, and anonymising is idempotent."""
    from cases import retention

    return len(retention.anonymise_expired(today=_day(day)))
