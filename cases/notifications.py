"""Notifications and the daily e-mail digest: the services behind cases.tasks.

Exactly once, from the database (summarised in README, "Reminders"):
- ``record_findings`` inserts with ON CONFLICT DO NOTHING against the unique key
  (user, kind, object, day): a second run, a retried task or a catch-up run adds nothing.
- ``send_digests`` works per user in two transactions. ``prepare_digest`` gets or creates the
  one DigestDelivery row of (user, day) and attaches every notification no digest has taken
  yet; it commits before anything is sent. ``deliver_digest`` claims the row with
  SELECT ... FOR UPDATE SKIP LOCKED (a second worker skips it), sends the e-mail while holding
  the lock and commits the row as SENT. A worker killed before the send commits nothing for that
  user and the retry sends it; a worker killed in the few milliseconds between the mail server
  accepting the message and the commit makes the retry send it again, with the same Message-ID
  (at-least-once in that window only; mail servers with duplicate suppression drop it). We chose
  that over marking first, which would lose the e-mail in the same window.
- Catch-up: nothing is sent on weekends and NRW public holidays. Notifications found on earlier
  days and not yet in a digest, and digests of earlier days that were prepared but never sent,
  roll into the next working day's digest: still one e-mail per user and working day.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import courses, reminders, residence_services, services
from cases.models import DigestDelivery, Notification, NotificationKind, NotificationSettings
from networks.models import User
from rheine_integration.base import workdays


def record_findings(findings: Iterable[reminders.Finding], *, found_on: datetime.date) -> None:
    """Turn findings into notifications; what exists already is left alone (unique key)."""
    Notification.objects.bulk_create(
        (
            Notification(
                user_id=f.user_id,
                kind=f.kind,
                case_id=f.case_id,
                object_type=f.object_type,
                object_id=f.object_id,
                day=f.day,
                found_on=found_on,
            )
            for f in findings
        ),
        ignore_conflicts=True,
        batch_size=1000,
    )


def run_finders(*, today: datetime.date) -> bool:
    """Revoke expired consents, then record every finder's findings. Skips non-working days."""
    if not workdays.is_working_day(today):
        return False
    services.expire_consents(today=today)  # audits every REVOKE; idempotent
    residence_services.refresh_statuses(today=today)  # statuses starting today; idempotent
    courses.pass_on_lapsed_offers(today=today)  # before the finders remind of the new offer
    for finder in reminders.FINDERS:
        with transaction.atomic():
            record_findings(finder(today), found_on=today)
    return True


# --- Preferences -------------------------------------------------------------------------------


def settings_for(user: User) -> NotificationSettings:
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


@transaction.atomic
def set_email_preferences(user: User, *, wanted_kinds: Iterable[str]) -> NotificationSettings:
    """Store which kinds the user wants by e-mail; legal deadlines cannot be switched off."""
    wanted = set(wanted_kinds) | NotificationKind.legal_deadlines()
    muted = sorted(set(NotificationKind.values) - wanted)
    preferences, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_muted_kinds": muted}
    )
    return preferences


# --- Reading and marking -------------------------------------------------------------------------


def mark_read(user: User, *, pk: int | None = None) -> int:
    """Mark one (``pk``) or all unread notifications of the user as read."""
    unread = Notification.objects.unread().filter(user=user)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


# --- Digest --------------------------------------------------------------------------------------


def digest_recipients(day: datetime.date) -> list[int]:
    """Users with notifications no digest has taken yet, or with a prepared unsent digest."""
    waiting = set(
        Notification.objects.filter(digest__isnull=True, found_on__lte=day).values_list(
            "user_id", flat=True
        )
    )
    waiting |= set(
        DigestDelivery.objects.filter(
            status=DigestDelivery.Status.PENDING, day__lte=day
        ).values_list("user_id", flat=True)
    )
    return sorted(waiting)


@transaction.atomic
def prepare_digest(*, user_id: int, day: datetime.date) -> DigestDelivery | None:
    """Get or create the user's digest of ``day`` and attach all notifications not yet in one.
    None when that day's digest has already gone out (new ones wait for the next working day)."""
    DigestDelivery.objects.get_or_create(user_id=user_id, day=day)
    # Blocking lock: waits for a worker that is sending this digest right now.
    delivery = DigestDelivery.objects.select_for_update().get(user_id=user_id, day=day)
    if delivery.status != DigestDelivery.Status.PENDING:
        return None
    # Digests of earlier days that were prepared but never sent roll into this one.
    earlier = list(
        DigestDelivery.objects.select_for_update(skip_locked=True)
        .filter(user_id=user_id, status=DigestDelivery.Status.PENDING, day__lt=day)
        .values_list("pk", flat=True)
    )
    if earlier:
        Notification.objects.filter(digest_id__in=earlier).update(digest=delivery)
        DigestDelivery.objects.filter(pk__in=earlier).update(status=DigestDelivery.Status.MERGED)
    Notification.objects.filter(user_id=user_id, digest__isnull=True, found_on__lte=day).update(
        digest=delivery
    )
    return delivery


def build_digest_message(delivery: DigestDelivery, notifications: list[Notification]):
    """The German digest e-mail: case references and kinds of reminder, no personal data."""
    context = {
        "user": delivery.user,
        "day": delivery.day,
        "notifications": notifications,
        "list_url": settings.SITE_URL.rstrip("/") + reverse("cases:notifications"),
        "preferences_url": settings.SITE_URL.rstrip("/")
        + reverse("cases:notification_preferences"),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Rheine Integration: %(count)s Erinnerungen am %(day)s") % {
            "count": len(notifications),
            "day": f"{delivery.day:%d.%m.%Y}",
        }
        text = render_to_string("emails/digest.txt", context)
        html = render_to_string("emails/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.user.email],
        headers={"Message-ID": delivery.message_id, "X-Rheine-Digest": str(delivery.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def deliver_digest(delivery_id: int) -> bool:
    """Claim a prepared digest (SKIP LOCKED), send it while holding the claim, mark it SENT.
    True when an e-mail went out."""
    delivery = (
        DigestDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=delivery_id, status=DigestDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return False  # sent already, or another worker holds it
    user = delivery.user
    preferences = settings_for(user)
    wanted = [
        n
        for n in delivery.notifications.select_related("case").order_by("day", "kind", "pk")
        if preferences.wants_email(n.kind)
    ]
    if not wanted or not user.email or not user.is_active:
        delivery.status = DigestDelivery.Status.EMPTY
        delivery.save(update_fields=["status"])
        return False
    build_digest_message(delivery, wanted).send()
    delivery.status, delivery.sent_at = DigestDelivery.Status.SENT, timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return True


def send_digests(*, today: datetime.date) -> int:
    """One digest per user for ``today``; nothing on weekends and NRW public holidays.
    Returns the number of e-mails sent."""
    if not workdays.is_working_day(today):
        return 0
    sent = 0
    for user_id in digest_recipients(today):
        delivery = prepare_digest(user_id=user_id, day=today)
        if delivery is not None and deliver_digest(delivery.pk):
            sent += 1
    return sent


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    loaded = getattr(user, "unread_notification_count", None)  # counted with the user per request
    if loaded is not None:
        return loaded
    return Notification.objects.unread().filter(user=user).count()


def visible_notifications(user):
    return Notification.objects.filter(user=user).select_related("case")


def with_unread_count(users: models.QuerySet) -> models.QuerySet:
    """The accounts with their count of unread notifications (the bell), loaded with the user
    on every request (settings.USER_PAGE_DATA, rheine_integration.auth_backends)."""
    unread = (
        Notification.objects.unread()
        .filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return users.annotate(unread_notification_count=Coalesce(Subquery(unread), 0))
