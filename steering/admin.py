"""The steering group and its seats (Anlage 3 of Vorlage 199/17) in the admin."""

from django.contrib import admin

from steering.models import SteeringGroup, SteeringGroupMember


class SeatInline(admin.TabularInline):
    model = SteeringGroupMember
    fields = ["institution", "member", "function", "deputy"]
    extra = 0


@admin.register(SteeringGroup)
class SteeringGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "constituted_on"]
    inlines = [SeatInline]
