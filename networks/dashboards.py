"""Start page sections per role. Each app contributes the sections for its roles."""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from networks.models import Role


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)


# role -> (title, template, dotted path of a function user -> context dict)
SECTIONS = [
    (
        Role.CASE_MANAGER,
        _("Fallmanagement"),
        "home/case_manager.html",
        "cases.dashboard.case_manager_context",
    ),
    (
        Role.COORDINATOR,
        _("Koordination"),
        "home/coordinator.html",
        "cases.dashboard.coordinator_context",
    ),
    (
        Role.WORKING_GROUP_MEMBER,
        _("Arbeitskreise"),
        "home/working_group.html",
        "networks.dashboard.working_group_context",
    ),
    (
        Role.STEERING_MEMBER,
        _("Lenkungsgruppe"),
        "home/steering.html",
        "steering.dashboard.steering_context",
    ),
    (
        Role.COMMITTEE_READER,
        _("Sozialausschuss"),
        "home/committee.html",
        "steering.dashboard.committee_context",
    ),
    (
        Role.ADMINISTRATOR,
        _("Administration"),
        "home/administrator.html",
        "networks.dashboard.administrator_context",
    ),
]


def sections_for(user) -> list[Section]:
    return [
        Section(title, template, import_string(context_path)(user))
        for role, title, template, context_path in SECTIONS
        if user.has_role(role)
    ]
