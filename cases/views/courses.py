"""Course pages: the case manager finds and requests seats from a planned measure; the
provider keeps its offers and answers requests. Access is decided in cases.permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import courses, permissions, services
from cases.course_forms import (
    CourseOfferForm,
    DeclineForm,
    OfferFilterForm,
    SeatRequestForm,
    StartForm,
)
from cases.models import CourseOffer, Measure, SeatBooking
from cases.prerequisites import offer_mismatches

BOOKABLE = (Measure.Status.PLANNED, Measure.Status.WAITING)


# --- Case manager ---------------------------------------------------------------------------


def _measure(request, measure_pk):
    measure = permissions.get_measure_for(request.user, measure_pk)
    return measure.case, measure


def measure_courses(request, measure_pk):
    """Matching offers for a planned measure, marked where the person does not meet them."""
    case, measure = _measure(request, measure_pk)
    filters = OfferFilterForm(request.GET or None)
    place = day = ""
    if filters.is_valid():
        place, day = filters.cleaned_data["place"], filters.cleaned_data["day"]
    offers = list(
        courses.matching_offers(measure, today=timezone.localdate(), place=place, day=day)[:50]
    )
    missing = services.check_measure(case, measure.measure_type)
    assessment = case.assessments.order_by("-version").first()
    for offer in offers:
        offer.missing = [*missing, *offer_mismatches(offer, assessment=assessment)]
    bookings = list(measure.seat_bookings.select_related("offer__provider").order_by("-pk"))
    for booking in bookings:
        booking.explained = (
            courses.position_explained(booking)
            if booking.status == SeatBooking.Status.WAITING
            else ""
        )
    return render(
        request,
        "cases/courses/measure_courses.html",
        {
            "case": case,
            "measure": measure,
            "filters": filters,
            "offers": offers,
            "bookings": bookings,
            "bookable": measure.status in BOOKABLE,
        },
    )


@require_http_methods(["GET", "POST"])
def seat_request(request, measure_pk, offer_pk):
    """Request a seat: reserved if free, else a place on the waiting list."""
    case, measure = _measure(request, measure_pk)
    if measure.status not in BOOKABLE:
        raise Http404
    today = timezone.localdate()
    offer = courses.matching_offers(measure, today=today).filter(pk=offer_pk).first()
    if offer is None:
        raise Http404
    missing = services.check_measure(case, measure.measure_type)
    needs_consent = not courses.has_course_consent(measure, offer, day=today)
    data = request.POST if request.method == "POST" else None  # an empty POST is a request too
    form = SeatRequestForm(data, needs_consent=needs_consent, missing=missing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = courses.request_seat(
                measure=measure,
                offer=offer,
                by=request.user,
                justification=data.get("justification", ""),
                obligated=data["obligated"],
                consent_signed_on=data.get("consent_signed_on"),
                consent_valid_until=data.get("consent_valid_until"),
            )
        except services.CaseRuleError as refusal:
            form.add_error(None, str(refusal))
        else:
            if booking.status == SeatBooking.Status.RESERVED:
                messages.success(
                    request, _("Der Platz ist reserviert; der Kursanbieter bestätigt ihn.")
                )
            else:
                messages.info(request, courses.position_explained(booking))
            return redirect("cases:measure_courses", measure.pk)
    return render(
        request,
        "cases/courses/seat_request.html",
        {"case": case, "measure": measure, "offer": offer, "form": form, "missing": missing},
        status=422 if form.errors else 200,
    )


@require_POST
def booking_accept(request, pk):
    """The case manager takes a seat offered from the waiting list."""
    booking = permissions.get_case_booking_for(request.user, pk)
    try:
        courses.accept_offered_seat(booking, by=request.user)
    except courses.CourseRuleError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Der angebotene Platz ist angenommen."))
    return redirect("cases:measure_courses", booking.measure_id)


@require_POST
def booking_cancel(request, pk):
    booking = permissions.get_case_booking_for(request.user, pk)
    try:
        courses.cancel_booking(booking, by=request.user)
    except courses.CourseRuleError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Die Anfrage ist storniert; der Platz ist frei."))
    return redirect("cases:measure_courses", booking.measure_id)


# --- Provider -------------------------------------------------------------------------------


def offer_list(request):
    if permissions.course_provider(request.user) is None:
        raise PermissionDenied
    offers = permissions.provider_offers(request.user).select_related("measure_type")
    return render(request, "cases/courses/offer_list.html", {"offers": offers})


@require_http_methods(["GET", "POST"])
def offer_edit(request, pk=None):
    if pk is None:
        if permissions.course_provider(request.user) is None:
            raise PermissionDenied
        offer = CourseOffer()
    else:
        offer = permissions.get_provider_offer_for(request.user, pk)
    form = CourseOfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            courses.save_offer(offer=form.save(commit=False), by=request.user)
        except courses.CourseRuleError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Das Kursangebot wurde gespeichert."))
            return redirect("cases:course_offers")
    return render(
        request,
        "cases/courses/offer_form.html",
        {"form": form, "offer": offer if pk else None},
        status=422 if request.method == "POST" else 200,
    )


def offer_participants(request, pk):
    """The offer's seats and waiting list, each participant only as far as consent discloses."""
    offer = permissions.get_provider_offer_for(request.user, pk)
    bookings = list(
        offer.bookings.filter(status__in=SeatBooking.ACTIVE)
        .select_related("offer", "measure__case__person")
        .order_by("-priority", "requested_at", "pk")
    )
    disclosed = permissions.course_disclosures(request.user, bookings)
    for booking in bookings:
        booking.disclosed = disclosed.get(booking.pk)
    return render(
        request,
        "cases/courses/participants.html",
        {
            "offer": offer,
            "holding": [b for b in bookings if b.holds_seat],
            "waiting": [b for b in bookings if not b.holds_seat],
        },
    )


@require_http_methods(["GET", "POST"])
def booking_answer(request, pk):
    """The provider confirms, declines (with reason), records the start or cancels."""
    booking = permissions.get_provider_booking_for(request.user, pk)
    action = request.POST.get("action", "")
    decline = DeclineForm(request.POST if action == "decline" else None)
    start = StartForm(request.POST if action == "start" else None)
    if request.method == "POST":
        try:
            done = _answer(request, booking, action, decline, start)
        except courses.CourseRuleError as refusal:
            messages.error(request, str(refusal))
            done = False
        if done:
            return redirect("cases:course_participants", booking.offer_id)
    booking.disclosed = permissions.course_disclosures(request.user, [booking]).get(booking.pk)
    return render(
        request,
        "cases/courses/booking_answer.html",
        {"booking": booking, "decline": decline, "start": start},
        status=422 if request.method == "POST" else 200,
    )


def _answer(request, booking, action, decline, start) -> bool:
    by = request.user
    if action == "confirm":
        courses.confirm_booking(booking, by=by)
        messages.success(request, _("Der Platz ist bestätigt."))
    elif action == "decline" and decline.is_valid():
        courses.decline_booking(booking, reason=decline.cleaned_data["reason"], by=by)
        messages.success(request, _("Die Anfrage ist abgelehnt."))
    elif action == "start" and start.is_valid():
        courses.record_start(booking, started_on=start.cleaned_data["started_on"], by=by)
        messages.success(request, _("Der Teilnahmebeginn ist erfasst."))
    elif action == "cancel":
        courses.cancel_booking(booking, by=by)
        messages.success(request, _("Der Platz ist frei und wird der Warteliste angeboten."))
    else:
        return False
    return True
