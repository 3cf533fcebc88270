"""Only the measure catalogue is master data. Case content never appears in the admin:
administrators must not see it by virtue of their role (see cases/permissions.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import MeasureType, ResidenceStatus


class MeasureTypeForm(forms.ModelForm):
    allowed_residence_statuses = forms.MultipleChoiceField(
        label=_("zulässige Aufenthaltsstatus (leer: alle)"),
        choices=ResidenceStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MeasureType
        fields = [
            "name",
            "description",
            "field_of_action",
            "min_german_level",
            "min_literacy",
            "allowed_residence_statuses",
            "required_preceding",
            "typical_duration_weeks",
            "is_active",
        ]


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    form = MeasureTypeForm
    list_display = ["name", "field_of_action", "min_german_level", "min_literacy", "is_active"]
    list_filter = ["field_of_action", "is_active"]
    search_fields = ["name"]
