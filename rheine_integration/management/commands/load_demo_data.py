"""``python manage.py load_demo_data``: the network of Vorlage 199/17 with fictitious people.

Idempotent: master data is matched on its natural key and written only when it differs, demo
persons are matched on name and birth year and skipped when they exist, so a second run
changes nothing. Cases are created through cases.services, the same path the views take.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cases import demo as cases_demo
from networks import demo as networks_demo
from networks.demo import DEMO_PASSWORD, USERS
from networks.models import Role
from steering import demo as steering_demo


class Command(BaseCommand):
    help = "Lädt Demodaten: Institutionen, Benutzerkonten, Arbeitskreise, Lenkungsgruppe, Katalog, Fälle."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app loads its own; the later ones refer to the accounts and institutions.
        institutions, users = networks_demo.load()
        steering_demo.load(users=users, institutions=institutions)
        created = cases_demo.load(users=users, institutions=institutions)
        self._report(created)

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
