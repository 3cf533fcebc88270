"""Institutions of the network, their staff and roles, and the working groups (Arbeitskreise)."""

import datetime

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rheine_integration.base.accounts import account_name  # noqa: F401 (networks.models.account_name stays importable)


class LegalDomain(models.TextChoices):
    """Rechtskreis: the body of law an institution acts under and a person is served under."""

    ASYLBLG = "asylblg", _("AsylbLG (Asylbewerberleistungen)")
    RESIDENCE_LAW = "aufenthg", _("AufenthG / AsylG (Aufenthaltsrecht)")
    SGB_II = "sgb2", _("SGB II (Grundsicherung für Arbeitsuchende)")
    SGB_III = "sgb3", _("SGB III (Arbeitsförderung)")
    SGB_VIII = "sgb8", _("SGB VIII (Kinder- und Jugendhilfe)")
    SGB_XII = "sgb12", _("SGB XII (Sozialhilfe)")
    EDUCATION = "education", _("Bildung (Schulrecht)")
    TRAINING_WORK = "work", _("Ausbildung und Arbeit")
    NONE = "none", _("kein Rechtskreis (Beratung, Ehrenamt)")


class FieldOfAction(models.TextChoices):
    """Handlungsfelder named in Vorlage 199/17."""

    LANGUAGE = "language", _("Sprache")
    QUALIFICATION = "qualification", _("Qualifikation")
    TRAINING = "training", _("Ausbildung")
    WORK = "work", _("Arbeit")


class Institution(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_OFFICE = "municipal", _("Kommunale Fachstelle")
        SOCIAL_WELFARE_OFFICE = "social_welfare", _("Sozialamt")
        IMMIGRATION_OFFICE = "immigration", _("Ausländerbehörde")
        JOBCENTER = "jobcenter", _("Jobcenter")
        EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit")
        YOUTH_WELFARE_OFFICE = "youth_welfare", _("Jugendamt")
        INTEGRATION_AGENCY = "integration_agency", _("Integrationsagentur")
        COUNSELLING = "counselling", _("Beratungsstelle")
        SCHOOL = "school", _("Schule / Berufskolleg")
        EDUCATION_PROVIDER = "education_provider", _("Bildungsträger")
        ADULT_EDUCATION = "adult_education", _("Volkshochschule")
        CHAMBER = "chamber", _("Kammer / Kreishandwerkerschaft")
        EMPLOYER = "employer", _("Unternehmen")
        VOLUNTEERS = "volunteers", _("Ehrenamt")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=40, unique=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    legal_domain = models.CharField(
        _("Rechtskreis"), max_length=20, choices=LegalDomain.choices, default=LegalDomain.NONE
    )
    email = models.EmailField(_("Funktionspostfach"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # The duplicate check across all institutions tells that someone is a client somewhere:
    # only the offices whose task is to register persons (Sozialamt, Ausländerbehörde,
    # Jobcenter, ...) run it; others check only the cases they already see.
    registers_persons = models.BooleanField(
        _("nimmt Personen auf"),
        default=False,
        help_text=_(
            "Prüft bei der Aufnahme über alle Institutionen, ob eine Person schon bekannt ist."
        ),
    )
    # django-guardian grants case permissions to this group; networks.signals keeps it in step.
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, editable=False, related_name="institution", null=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Institution")
        verbose_name_plural = _("Institutionen")

    def __str__(self):
        return self.name

    @property
    def group_name(self) -> str:
        return f"Institution: {self.short_name}"


class User(AbstractUser):
    """A staff account. It acts for exactly one institution (see Membership)."""

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    def __str__(self):
        return account_name(self.first_name, self.last_name, self.username)

    @property
    def institution(self) -> Institution | None:
        membership = getattr(self, "membership", None)
        return membership.institution if membership else None

    @property
    def roles(self) -> frozenset[str]:
        membership = getattr(self, "membership", None)
        return frozenset(membership.roles) if membership and self.is_active else frozenset()

    def has_role(self, role: str) -> bool:
        return role in self.roles


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Fallmanagement")
    COORDINATOR = "coordinator", _("Koordination")
    WORKING_GROUP_MEMBER = "working_group", _("Arbeitskreis")
    STEERING_MEMBER = "steering", _("Lenkungsgruppe")
    COMMITTEE_READER = "committee", _("Sozialausschuss")
    ADMINISTRATOR = "administrator", _("Administration")
    # Staff of a course provider: keep their institution's course offers and see, per
    # participant, only what a course consent discloses (cases.permissions).
    COURSE_PROVIDER = "course_provider", _("Kursanbieter")


# Who opens the steering pages and who the reports (navigation and steering.permissions).
STEERING_ROLES = frozenset({Role.STEERING_MEMBER, Role.COORDINATOR})
REPORT_ROLES = STEERING_ROLES | {Role.COMMITTEE_READER}


class Membership(models.Model):
    """Staff membership. One per account, so every action is attributable to one institution;
    a person who works for two institutions gets two accounts."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="memberships"
    )
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices),
        verbose_name=_("Rollen"),
        default=list,
    )
    function = models.CharField(_("Funktion"), max_length=120, blank=True)
    # Since when each role is held ({"case_manager": "2026-12-02T14:03:00+00:00"}): the admin
    # shows who holds which role with case access since when. Kept by save().
    role_granted_at = models.JSONField(_("Rollen seit"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        indexes = [models.Index(fields=["institution"])]

    def __str__(self):
        return f"{self.user} ({self.institution.short_name})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "roles" in update_fields:
            before = Membership.objects.filter(pk=self.pk).values_list("institution", "roles")
            institution_id, held = before.first() or (None, [])
            # A role counts from the day it was granted for this institution.
            kept = held if institution_id == self.institution_id else []
            now = timezone.now().isoformat()
            self.role_granted_at = {
                role: (self.role_granted_at.get(role) if role in kept else None) or now
                for role in self.roles
            }
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "role_granted_at"}
        super().save(*args, **kwargs)

    def roles_since(self) -> list[tuple[str, datetime.datetime | None]]:
        """(role, granted at) for each role held; None for roles granted before it was kept."""
        since = {
            role: datetime.datetime.fromisoformat(at) for role, at in self.role_granted_at.items()
        }
        return [(role, since.get(role)) for role in self.roles]


class WorkingGroup(models.Model):
    """Arbeitskreis: cross-agency group that studies typical case trajectories."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    field_of_action = ArrayField(
        models.CharField(max_length=20, choices=FieldOfAction.choices),
        verbose_name=_("Handlungsfelder"),
        default=list,
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    members = models.ManyToManyField(
        User, related_name="working_groups", blank=True, verbose_name=_("Mitglieder")
    )
    # The chair invites and runs the meetings and submits strategies; the deputy stands in.
    chair = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_groups",
        verbose_name=_("Vorsitz"),
    )
    deputy = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputised_groups",
        verbose_name=_("Stellvertretung"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Arbeitskreis")
        verbose_name_plural = _("Arbeitskreise")

    def __str__(self):
        return self.name


class AccountChange(models.Model):
    """A change made in the admin that the coordinators of the institution concerned are told
    about and can undo (separation of duties, cases.accounts): a role that opens case content
    given, taken or moved to another institution, or a password set by an administrator."""

    class Kind(models.TextChoices):
        ROLES = "roles", _("Rollen mit Fallzugang geändert")
        PASSWORD = "password", _("Passwort von der Administration gesetzt")

    account = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_changes")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("am"), auto_now_add=True)
    institution_before = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, related_name="+"
    )
    institution_after = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, related_name="+"
    )
    roles_before = ArrayField(models.CharField(max_length=20), default=list)
    roles_after = ArrayField(models.CharField(max_length=20), default=list)
    undone_at = models.DateTimeField(_("rückgängig gemacht am"), null=True, blank=True)
    undone_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Kontoänderung")
        verbose_name_plural = _("Kontoänderungen")
        indexes = [models.Index(fields=["institution_after", "-at"], name="accountchange_after")]

    def __str__(self):
        return f"{self.account} {self.kind} {self.at:%d.%m.%Y}"

    @property
    def roles_before_text(self) -> str:
        return ", ".join(str(dict(Role.choices).get(r, r)) for r in self.roles_before) or "–"

    @property
    def roles_after_text(self) -> str:
        return ", ".join(str(dict(Role.choices).get(r, r)) for r in self.roles_after) or "–"


# Meetings, trajectories and strategies live in their own modules of this app; imported here
# so Django registers them with the app.
from networks.meetings import ActionItem, AgendaItem, Attendance, Meeting  # noqa: E402, F401
from networks.strategies import AffectedInstitution, Strategy, StrategyComment  # noqa: E402, F401
from networks.trajectories import (  # noqa: E402, F401
    ObservedRun,
    Station,
    Trajectory,
    TrajectoryVersion,
)
