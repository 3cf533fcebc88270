"""Master data in the Django admin (/verwaltung/): institutions, accounts, working groups.

Administrators keep accounts and master data; they see no case content (cases/admin.py
registers only the measure catalogue). Institution groups are kept by networks.signals, so
neither groups nor single permissions are edited here.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from networks.models import (
    FieldOfAction,
    Institution,
    Membership,
    Role,
    User,
    WorkingGroup,
    WorkingGroupMeeting,
)

admin.site.site_header = _("Rheine Integration – Verwaltung")
admin.site.site_title = _("Rheine Integration – Verwaltung")
admin.site.index_title = _("Stammdaten")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "legal_domain", "registers_persons", "is_active"]
    list_filter = ["kind", "legal_domain", "registers_persons", "is_active"]
    search_fields = ["name", "short_name"]


class MembershipForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Membership
        fields = ["institution", "roles", "function"]


class MembershipInline(admin.StackedInline):
    model = Membership
    form = MembershipForm
    can_delete = True
    max_num = 1
    verbose_name = _("Institution und Rollen")
    verbose_name_plural = _("Institution und Rollen")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "institution_name", "is_active"]
    list_filter = ["is_active", "is_staff", "membership__institution"]
    list_select_related = ["membership__institution"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Persönliche Angaben"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Zugang"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description=_("Institution"), ordering="membership__institution__name")
    def institution_name(self, user: User) -> str:
        return user.institution.short_name if user.institution else "–"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # An administrator must not be able to make anyone (or themselves) a superuser.
            readonly.append("is_superuser")
        return readonly


class WorkingGroupForm(forms.ModelForm):
    field_of_action = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=FieldOfAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WorkingGroup
        fields = ["name", "field_of_action", "description", "members"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    form = WorkingGroupForm
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(WorkingGroupMeeting)
class WorkingGroupMeetingAdmin(admin.ModelAdmin):
    list_display = ["working_group", "date"]
    list_filter = ["working_group"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees"]
