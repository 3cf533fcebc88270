"""Steering group (Lenkungsgruppe, Anlage 3 of Vorlage 199/17)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SteeringGroup(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    constituted_on = models.DateField(_("konstituiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lenkungsgruppe")
        verbose_name_plural = _("Lenkungsgruppen")

    def __str__(self):
        return self.name


class SteeringGroupMember(models.Model):
    """A seat in the steering group: who, for which institution, in which function, with deputy."""

    steering_group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="seats"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_seats",
        verbose_name=_("Mitglied"),
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, verbose_name=_("Institution")
    )
    function = models.CharField(_("Funktion"), max_length=120)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_deputy_seats",
        verbose_name=_("Vertretung"),
    )

    class Meta:
        ordering = ["institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["steering_group", "member"], name="one_seat_per_member")
        ]
        verbose_name = _("Sitz in der Lenkungsgruppe")
        verbose_name_plural = _("Sitze in der Lenkungsgruppe")

    def __str__(self):
        return f"{self.member} ({self.function})"


# --- Zielsystem: goals, their indicators and the monthly figures -------------------------------


class Direction(models.TextChoices):
    LOWER = "lower", _("niedriger ist besser")
    HIGHER = "higher", _("höher ist besser")


class Goal(models.Model):
    """A project goal the steering group follows; judged by one or more indicators."""

    title = models.CharField(_("Ziel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    responsible_institution = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verantwortliche Institution"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")

    def __str__(self):
        return self.title


class GoalIndicator(models.Model):
    """An indicator (code of cases.statistics.INDICATORS) with its target and traffic light:
    green when the target is reached, amber within the tolerance, red beyond it."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(_("Kennzahl"), max_length=40)
    series = models.CharField(
        _("Reihe (z. B. Maßnahmeart; leer: alle)"), max_length=150, blank=True
    )
    target = models.DecimalField(_("Zielwert"), max_digits=10, decimal_places=1)
    direction = models.CharField(_("Richtung"), max_length=10, choices=Direction.choices)
    tolerance = models.DecimalField(
        _("Toleranz für Gelb"), max_digits=10, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("Kennzahl eines Ziels")
        verbose_name_plural = _("Kennzahlen der Ziele")

    def __str__(self):
        return f"{self.goal}: {self.indicator}"

    def light(self, value) -> str:
        """'green', 'amber', 'red', or '' without a (shown) value."""
        if value is None:
            return ""
        gap = value - self.target if self.direction == Direction.LOWER else self.target - value
        if gap <= 0:
            return "green"
        return "amber" if gap <= self.tolerance else "red"


class FigureRun(models.Model):
    """One computation of all indicators (nightly or asked for by a coordinator)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        get_latest_by = "requested_at"

    def __str__(self):
        return f"{self.requested_at:%Y-%m-%d %H:%M}"


class MonthlyFigure(models.Model):
    """A stored, already suppressed cell of an indicator: the dashboard reads only these."""

    indicator = models.CharField(max_length=40)
    month = models.DateField()
    field_of_action = models.CharField(max_length=20, blank=True)  # "": all fields
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # null: all institutions
    series = models.CharField(max_length=150, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=1, null=True)
    base = models.PositiveIntegerField()
    suppressed = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["field_of_action", "institution", "indicator", "month"],
                name="figure_lookup",
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.month:%Y-%m}"


class ChartImage(models.Model):
    """A chart's SVG for one filter choice, rendered with the figures of one run."""

    run = models.ForeignKey(FigureRun, on_delete=models.CASCADE, related_name="charts")
    indicator = models.CharField(max_length=40)
    field_of_action = models.CharField(max_length=20, blank=True)
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    first_month = models.DateField()
    last_month = models.DateField()
    svg = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "run",
                    "indicator",
                    "field_of_action",
                    "institution",
                    "first_month",
                    "last_month",
                ],
                nulls_distinct=False,
                name="one_chart_per_choice",
            )
        ]

    def __str__(self):
        return self.indicator


# --- Project budget (Vorlage 199/17): money as Decimal, derived figures computed --------------


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class FundingPeriod(models.Model):
    name = models.CharField(_("Bezeichnung"), max_length=200)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    # Share of the expenditure the state funds (90 % in the paper).
    funding_rate = models.DecimalField(_("Förderquote (%)"), max_digits=5, decimal_places=2)
    # Totals as typed in from a source document, to compare with the computed ones.
    source_revenue = money(_("Erträge laut Quelle"), null=True, blank=True)
    source_expenditure = money(_("Aufwendungen laut Quelle"), null=True, blank=True)
    source_own_share = money(_("Verminderung Eigenkapital laut Quelle"), null=True, blank=True)
    source_document = models.CharField(_("Quelle"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("Förderzeitraum")
        verbose_name_plural = _("Förderzeiträume")

    def __str__(self):
        return self.name


class BudgetYear(models.Model):
    period = models.ForeignKey(FundingPeriod, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    planned_revenue = money(_("Erträge geplant"))
    planned_expenditure = money(_("Aufwendungen geplant"))
    actual_revenue = money(_("Erträge Ist"), null=True, blank=True)
    actual_expenditure = money(_("Aufwendungen Ist"), null=True, blank=True)
    source_own_share = money(_("Verminderung Eigenkapital laut Quelle"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("Haushaltsjahr")
        verbose_name_plural = _("Haushaltsjahre")
        constraints = [
            models.UniqueConstraint(fields=["period", "year"], name="one_budget_row_per_year")
        ]

    def __str__(self):
        return str(self.year)


class StaffShare(models.Model):
    period = models.ForeignKey(FundingPeriod, on_delete=models.CASCADE, related_name="staff")
    function = models.CharField(_("Aufgabe"), max_length=200)
    person = models.CharField(_("Person"), max_length=200, blank=True)
    posts = models.DecimalField(_("Stellenanteil"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Stellenanteil")
        verbose_name_plural = _("Stellenanteile")

    def __str__(self):
        return f"{self.function} ({self.posts})"


class BudgetChange(models.Model):
    """Every change to the budget: who, when, which row and field, before and after."""

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField()
    field = models.CharField(max_length=60)
    before = models.CharField(max_length=100, blank=True)
    after = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.object_type} {self.object_id}: {self.field}"
