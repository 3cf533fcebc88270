"""The main navigation: which entries each role sees. Data, read by the context processor."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from networks.models import REPORT_ROLES, STEERING_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]

    @property
    def url(self) -> str:
        return _path(self.url_name, get_script_prefix())


@lru_cache(maxsize=64)
def _path(url_name: str, script_prefix: str) -> str:
    # Reversed once per process and prefix: the links are on every page (four reverse()
    # calls per page add up).
    return reverse(url_name)


NAVIGATION = [
    NavItem(_("Fälle"), "cases:list", frozenset({Role.CASE_MANAGER})),
    NavItem(_("Person aufnehmen"), "cases:register", frozenset({Role.CASE_MANAGER})),
    NavItem(_("Wiedervorlagen"), "cases:follow_ups", frozenset({Role.CASE_MANAGER})),
    NavItem(_("Eingang"), "cases:inbox", frozenset({Role.CASE_MANAGER})),
    NavItem(_("Kursangebote"), "cases:course_offers", frozenset({Role.COURSE_PROVIDER})),
    NavItem(_("Maßnahmenkatalog"), "cases:measure_types", frozenset({Role.COORDINATOR})),
    NavItem(_("Protokoll"), "cases:audit", frozenset({Role.COORDINATOR})),
    NavItem(_("Löschfristen"), "cases:retention", frozenset({Role.COORDINATOR})),
    NavItem(
        _("Arbeitskreise"),
        "networks:working_groups",
        frozenset({Role.WORKING_GROUP_MEMBER, Role.COORDINATOR}),
    ),
    NavItem(_("Lenkungsgruppe"), "steering:index", STEERING_ROLES),
    NavItem(_("Dashboard"), "steering:dashboard", STEERING_ROLES),
    NavItem(_("Projekthaushalt"), "steering:budget", STEERING_ROLES),
    NavItem(_("Berichte"), "steering:reports", REPORT_ROLES),
    NavItem(_("Verwaltung"), "admin:index", frozenset({Role.ADMINISTRATOR})),
]


def items_for(user) -> list[NavItem]:
    roles = user.roles if user.is_authenticated else frozenset()
    return [item for item in NAVIGATION if item.roles & roles]
