"""``python manage.py load_demo_data``: the network of Vorlage 199/17 with fictitious people.

Idempotent: master data is matched on its natural key and written only when it differs, demo
persons are matched on name and birth year and skipped when they exist, so a second run
changes nothing. Cases are created through cases.services, the same path the views take.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases import demo as cases_demo
from cases.models import MeasureType
from networks import demo as networks_demo
from networks.demo import DEMO_PASSWORD, USERS
from networks.models import Institution, Role
from rheine_integration.base.demo import sync
from rheine_integration.management import demo_working_groups
from steering import demo as steering_demo

# Enough for a trend in every chart and a few suppressed cells per institution and month.
DEMO_GENERATED_CASES = 4000
DEMO_GOALS = [
    # (goal, indicator, series, target, direction, tolerance for amber)
    ("Übergaben zügig annehmen", "handover_acceptance", "", 5, "lower", 3),
    (
        "Planung nach Übergabe fortführen statt neu beginnen",
        "planning_restart",
        "",
        20,
        "lower",
        10,
    ),
]


class Command(BaseCommand):
    help = "Lädt Demodaten: Institutionen, Benutzerkonten, Arbeitskreise, Lenkungsgruppe, Katalog, Fälle."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app loads its own; the later ones refer to the accounts and institutions.
        institutions, users = networks_demo.load()
        steering_demo.load(users=users, institutions=institutions)
        created = cases_demo.load(users=users, institutions=institutions)
        catalogue = {measure_type.name: measure_type for measure_type in MeasureType.objects.all()}
        # The generated cases first: the observed trajectories are computed over them too, and a
        # second run must find the same data.
        self._steering_figures(institutions)
        demo_working_groups.load(users=users, institutions=institutions, catalogue=catalogue)
        self._report(created)

    def _steering_figures(self, institutions) -> None:
        """The dashboard's material: fictitious cases over the last 24 months from the benchmark
        generator at a small size (its own institutions G000..., nobody of the demo accounts
        sees them), two goals, the figures computed once, and the paper's budget."""
        from cases.benchmarking.generator import Generator
        from steering import figures
        from steering.models import FigureRun, Goal, GoalIndicator
        from steering.paper_budget import create_paper_budget

        create_paper_budget()
        today = timezone.localdate()
        if not Institution.objects.filter(short_name="G000").exists():
            Generator(cases=DEMO_GENERATED_CASES, institutions=6, seed=21, today=today).run()
        for title, code, series, target, direction, tolerance in DEMO_GOALS:
            goal = sync(
                Goal, {"title": title}, {"responsible_institution": institutions["Fachstelle"]}
            )
            sync(
                GoalIndicator,
                {"goal": goal, "indicator": code, "series": series},
                {"target": target, "direction": direction, "tolerance": tolerance},
            )
        if not FigureRun.objects.filter(finished_at__isnull=False).exists():
            figures.refresh_figures(run=FigureRun.objects.create(), today=today)

    def _report(self, created: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demodaten geladen ({created} neue Fälle)."))
        self.stdout.write("")
        self.stdout.write(f"Adresse: {settings.SITE_URL}")
        self.stdout.write(f"Passwort für alle Demo-Konten: {DEMO_PASSWORD}")
        self.stdout.write("")
        width = max(len(row[0]) for row in USERS)
        self.stdout.write(f"{'Benutzername'.ljust(width)}  Institution / Rollen")
        for username, _first, _last, short, roles, _function in USERS:
            labels = ", ".join(str(Role(r).label) for r in roles)
            self.stdout.write(f"{username.ljust(width)}  {short}: {labels}")
