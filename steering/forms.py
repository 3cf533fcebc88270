import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.statistics import INDICATORS, month_range
from networks.models import FieldOfAction, Institution
from steering.figures import months_back
from steering.models import BudgetYear, Direction

PERIODS = [
    ("12", _("letzte 12 Monate")),
    ("24", _("letzte 24 Monate")),
    ("year", _("laufendes Jahr")),
    ("last_year", _("Vorjahr")),
]


class DashboardFilter(forms.Form):
    period = forms.ChoiceField(label=_("Zeitraum"), choices=PERIODS, required=False)
    field_of_action = forms.ChoiceField(
        label=_("Handlungsfeld"),
        choices=[("", _("– alle –")), *FieldOfAction.choices],
        required=False,
    )
    institution = forms.TypedChoiceField(
        label=_("Institution"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query whatever is chosen: the choices serve both validation and the select.
        self.fields["institution"].choices = [
            ("", _("– alle –")),
            *Institution.objects.order_by("name").values_list("pk", "name"),
        ]

    def choice(self, today: datetime.date) -> dict:
        """The filter as the figures are stored: field, institution id, first and last month."""
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("period") or "12"
        last = today.replace(day=1)
        if period == "year":
            first = last.replace(month=1)
        elif period == "last_year":
            first, last = datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 1)
        else:
            first = months_back(today, int(period))
        return {
            "field_of_action": data.get("field_of_action") or "",
            "institution_id": data.get("institution"),
            "first": first,
            "last": last,
            "months": month_range(first, last),
        }


class GoalIndicatorForm(forms.Form):
    title = forms.CharField(label=_("Ziel"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea, required=False)
    responsible_institution = forms.ModelChoiceField(
        label=_("verantwortliche Institution"), queryset=Institution.objects.order_by("name")
    )
    indicator = forms.ChoiceField(label=_("Kennzahl"))
    series = forms.CharField(
        label=_("Reihe (z. B. Maßnahmeart; leer: alle)"), max_length=150, required=False
    )
    target = forms.DecimalField(label=_("Zielwert"), max_digits=10, decimal_places=1, localize=True)
    direction = forms.ChoiceField(label=_("Richtung"), choices=Direction.choices)
    tolerance = forms.DecimalField(
        label=_("Toleranz für Gelb"),
        max_digits=10,
        decimal_places=1,
        min_value=0,
        initial=0,
        localize=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(code, spec.label) for code, spec in INDICATORS.items()]


class BudgetYearForm(forms.ModelForm):
    class Meta:
        model = BudgetYear
        fields = [
            "planned_revenue",
            "planned_expenditure",
            "actual_revenue",
            "actual_expenditure",
            "source_own_share",
        ]
        localized_fields = "__all__"  # German amounts: 32.865,19
