"""Forms of the course pages (offers, seat requests, the provider's answers)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import SafeTextMixin
from cases.models import CourseOffer, MeasureType


class CourseOfferForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = CourseOffer
        fields = [
            "measure_type",
            "title",
            "place",
            "starts_on",
            "ends_on",
            "entry_until",
            "days",
            "times",
            "hours_per_week",
            "seats",
            "childcare",
            "accessible",
            "costs",
            "paid_by",
            "contact",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].queryset = MeasureType.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Das Ende liegt vor dem Beginn."))
        entry_until = cleaned.get("entry_until")
        if entry_until and ends_on and entry_until > ends_on:
            self.add_error("entry_until", _("Der Einstieg muss vor dem Kursende liegen."))
        seats = cleaned.get("seats")
        if seats is not None and self.instance.pk and seats < self.instance.seats_taken:
            self.add_error(
                "seats",
                _("Es sind schon %(taken)s Plätze vergeben; weniger Plätze sind nicht möglich.")
                % {"taken": self.instance.seats_taken},
            )
        return cleaned


class OfferFilterForm(forms.Form):
    place = forms.CharField(label=_("Ort enthält"), required=False, max_length=100)
    day = forms.CharField(
        label=_("Kurstag"), required=False, max_length=20, help_text=_("z. B. Mo oder Sa")
    )


class SeatRequestForm(SafeTextMixin, forms.Form):
    justification = forms.CharField(
        label=_("Begründung trotz fehlender Voraussetzungen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    obligated = forms.BooleanField(
        label=_("zur Teilnahme verpflichtet (§ 44a AufenthG)"), required=False
    )
    consent_signed_on = forms.DateField(
        label=_("Einwilligung für den Kursanbieter (Bereich „Kurs“) unterschrieben am"),
        required=False,
    )
    consent_valid_until = forms.DateField(label=_("Einwilligung gültig bis"), required=False)

    def __init__(self, *args, needs_consent: bool, missing: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = missing
        if not needs_consent:
            del self.fields["consent_signed_on"], self.fields["consent_valid_until"]
        if not missing:
            del self.fields["justification"]

    def clean(self):
        cleaned = super().clean()
        if self.missing and not (cleaned.get("justification") or "").strip():
            self.add_error(
                "justification",
                _(
                    "Die Voraussetzungen sind nicht erfüllt: bitte begründen, warum der Platz "
                    "trotzdem angefragt wird."
                ),
            )
        if "consent_signed_on" in self.fields:
            signed_on = cleaned.get("consent_signed_on")
            if signed_on is None:
                self.add_error(
                    "consent_signed_on",
                    _(
                        "Ohne Einwilligung der Person sieht der Kursanbieter nichts: bitte das "
                        "Datum der Unterschrift angeben."
                    ),
                )
            elif signed_on > timezone.localdate():
                self.add_error(
                    "consent_signed_on", _("Das Unterschriftsdatum liegt in der Zukunft.")
                )
            valid_until = cleaned.get("consent_valid_until")
            if signed_on and valid_until and valid_until < signed_on:
                raise ValidationError(_("„Gültig bis“ liegt vor dem Unterschriftsdatum."))
        return cleaned


class DeclineForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund der Ablehnung"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StartForm(SafeTextMixin, forms.Form):
    started_on = forms.DateField(label=_("Teilnahme seit"), initial=timezone.localdate)
