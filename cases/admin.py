"""Only the measure catalogue is master data. Case content never appears in the admin:
administrators must not see it by virtue of their role (see cases/permissions.py). The account
admin is networks', registered again here with the audit entries of cases.accounts."""

from django.contrib import admin

from cases import accounts
from cases.forms import MeasureTypeForm
from cases.models import MeasureType
from networks.admin import UserAdmin as NetworksUserAdmin
from networks.models import User


@admin.register(MeasureType)
class MeasureTypeAdmin(admin.ModelAdmin):
    form = MeasureTypeForm
    list_display = ["name", "field_of_action", "min_german_level", "min_literacy", "is_active"]
    list_filter = ["field_of_action", "is_active"]
    search_fields = ["name"]


class AuditedUserAdmin(NetworksUserAdmin):
    """networks' account admin, with every case role granted or removed and every password set
    here written to the audit log (cases.accounts)."""

    def save_related(self, request, form, formsets, change):
        before = accounts.membership_state(form.instance) if change else (None, frozenset())
        super().save_related(request, form, formsets, change)
        accounts.record_membership_change(account=form.instance, by=request.user, before=before)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            accounts.record_password_set(account=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            accounts.record_password_set(account=User.objects.get(pk=id), by=request.user)
        return response


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
