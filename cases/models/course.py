"""Kursangebote: the offers of course providers, their seats and one waiting list per offer.

The paper: case managers of several institutions look for seats in the same courses by phone.
A seat is held by at most one booking: the offer's counter ``seats_taken`` can never pass
``seats`` (CHECK), each held seat has a number unique per offer, and every change of who holds
a seat locks the offer row first (cases.courses).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseOfferQuerySet(models.QuerySet):
    def open_for_entry(self, day):
        """Not yet started, or running and still taking participants on ``day``."""
        return self.filter(
            models.Q(starts_on__gt=day) | models.Q(entry_until__gte=day), ends_on__gte=day
        )


class CourseOffer(models.Model):
    """One start of a course; several starts of the same course are separate offers."""

    provider = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="course_offers",
        verbose_name=_("Kursanbieter"),
    )
    measure_type = models.ForeignKey(
        "cases.MeasureType", on_delete=models.PROTECT, verbose_name=_("Maßnahmeart")
    )
    title = models.CharField(_("Titel"), max_length=200)
    place = models.CharField(_("Ort"), max_length=200)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    entry_until = models.DateField(
        _("Einstieg möglich bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn ein Einstieg nach Kursbeginn nicht möglich ist."),
    )
    days = models.CharField(_("Kurstage"), max_length=100, help_text=_("z. B. Mo, Mi, Fr"))
    times = models.CharField(_("Uhrzeit"), max_length=100, help_text=_("z. B. 08:30–12:00"))
    hours_per_week = models.PositiveSmallIntegerField(_("Stunden pro Woche"))
    seats = models.PositiveSmallIntegerField(_("Plätze"))
    # Held seats (reserved, offered, confirmed, started): kept by cases.courses under a row lock.
    seats_taken = models.PositiveSmallIntegerField(default=0, editable=False)
    childcare = models.BooleanField(_("Kinderbetreuung"), default=False)
    accessible = models.BooleanField(_("barrierefrei"), default=False)
    costs = models.CharField(_("Kosten"), max_length=200, blank=True)
    paid_by = models.CharField(_("Kostenträger"), max_length=200, blank=True)
    contact = models.CharField(_("Kontakt"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseOfferQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("Kursangebot")
        verbose_name_plural = _("Kursangebote")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="course_offer_end_after_start",
            ),
            # No seat is given twice: the counter of held seats never passes the seats.
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("seats")),
                name="course_offer_seats_not_overbooked",
            ),
        ]
        indexes = [
            models.Index(fields=["measure_type", "starts_on"], name="course_offer_type_start"),
            models.Index(fields=["provider", "starts_on"], name="course_offer_provider_start"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d.%m.%Y})"

    @property
    def free_seats(self) -> int:
        return self.seats - self.seats_taken


class SeatBooking(models.Model):
    """A request for a seat in an offer for a planned measure: a held seat or a waiting-list
    place. Rows are never deleted; the status tells the history."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("reserviert (wartet auf Bestätigung)")
        WAITING = "waiting", _("Warteliste")
        OFFERED = "offered", _("Platz angeboten")
        CONFIRMED = "confirmed", _("bestätigt")
        STARTED = "started", _("Kurs begonnen")
        DECLINED = "declined", _("vom Anbieter abgelehnt")
        CANCELLED = "cancelled", _("storniert")
        LAPSED = "lapsed", _("Angebot nicht angenommen")

    HOLDS_SEAT = (Status.RESERVED, Status.OFFERED, Status.CONFIRMED, Status.STARTED)
    ACTIVE = (*HOLDS_SEAT, Status.WAITING)

    offer = models.ForeignKey(CourseOffer, on_delete=models.PROTECT, related_name="bookings")
    measure = models.ForeignKey(
        "cases.Measure", on_delete=models.CASCADE, related_name="seat_bookings"
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    seat_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The waiting list's order: priority first (COURSE_WAITING_LIST_PRIORITY), then the time
    # of the request, then the row id for requests made in the same instant.
    priority = models.PositiveSmallIntegerField(default=0, editable=False)
    obligated = models.BooleanField(
        _("zur Teilnahme verpflichtet (§ 44a AufenthG)"),
        default=False,
    )
    requested_at = models.DateTimeField(_("angefragt am"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_by_institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    unmet_prerequisites = models.JSONField(default=list, blank=True, editable=False)
    justification = models.TextField(_("Begründung trotz fehlender Voraussetzungen"), blank=True)
    offer_deadline = models.DateField(_("annehmen bis"), null=True, blank=True)
    decline_reason = models.TextField(_("Ablehnungsgrund"), blank=True)
    seat_since = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_on = models.DateField(_("Teilnahme seit"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["offer", "-priority", "requested_at", "pk"]
        verbose_name = _("Kursplatz")
        verbose_name_plural = _("Kursplätze")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "seat_number"],
                condition=models.Q(seat_number__isnull=False),
                name="one_booking_per_seat",
            ),
            models.UniqueConstraint(
                fields=["offer", "measure"],
                condition=models.Q(
                    status__in=["reserved", "waiting", "offered", "confirmed", "started"]
                ),
                name="one_active_booking_per_measure_and_offer",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["reserved", "offered", "confirmed", "started"],
                    seat_number__isnull=False,
                )
                | (
                    ~models.Q(status__in=["reserved", "offered", "confirmed", "started"])
                    & models.Q(seat_number__isnull=True)
                ),
                name="seat_number_exactly_while_holding",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_booking_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["offer", "status", "-priority", "requested_at"], name="booking_queue"
            ),
            models.Index(fields=["status", "offer_deadline"], name="booking_status_deadline"),
        ]

    def __str__(self):
        return f"{self.offer} – {self.get_status_display()}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.HOLDS_SEAT
