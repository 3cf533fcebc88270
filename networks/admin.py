"""Master data in the Django admin (/verwaltung/): institutions, accounts, working groups.

Administrators keep accounts and master data; they see no case content (cases/admin.py
registers only the measure catalogue). Institution groups are kept by networks.signals, so
neither groups nor single permissions are edited here.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from networks.models import (
    FieldOfAction,
    Institution,
    Membership,
    Role,
    User,
    WorkingGroup,
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


def _is_own_account(request, user) -> bool:
    return user is not None and user.pk == request.user.pk


class MembershipInline(admin.StackedInline):
    model = Membership
    form = MembershipForm
    can_delete = True
    max_num = 1
    verbose_name = _("Institution und Rollen")
    verbose_name_plural = _("Institution und Rollen")
    readonly_fields = ["roles_since"]

    # Separation of duties: nobody gives themselves roles or another institution here; a
    # colleague with admin access does (and the coordinators are told, cases.admin).
    def has_add_permission(self, request, obj=None):
        return not _is_own_account(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_own_account(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_own_account(request, obj) and super().has_delete_permission(request, obj)

    @admin.display(description=_("Rollen seit"))
    def roles_since(self, membership: Membership) -> str:
        return roles_since_text(membership)


def roles_since_text(membership: Membership | None) -> str:
    if membership is None or not membership.roles:
        return "–"
    labels = dict(Role.choices)
    return "; ".join(
        f"{labels.get(role, role)} {_('seit')} {date_format(localtime(at), 'SHORT_DATETIME_FORMAT')}"
        if at
        else f"{labels.get(role, role)} ({_('seit unbekannt')})"
        for role, at in membership.roles_since()
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "institution_name",
        "roles_since",
        "is_active",
    ]
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

    @admin.display(description=_("Rollen seit"))
    def roles_since(self, user: User) -> str:
        return roles_since_text(getattr(user, "membership", None))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # An administrator must not be able to make anyone (or themselves) a superuser.
            readonly.append("is_superuser")
        if _is_own_account(request, obj):
            readonly += ["is_active", "is_staff", "is_superuser"]
        return readonly

    def user_change_password(self, request, id, form_url=""):
        # One's own password is changed with the old one (account menu), never set here.
        if str(id) == str(request.user.pk):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


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
