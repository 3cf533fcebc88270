"""Anonymise persons whose retention period has ended (cases.retention)."""

from django.core.management.base import BaseCommand

from cases import retention


class Command(BaseCommand):
    help = (
        "Anonymisiert Personen, deren Fälle länger als die Aufbewahrungsfrist abgeschlossen sind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur auflisten, nichts ändern")

    def handle(self, *args, dry_run=False, **options):
        due = retention.anonymise_expired(dry_run=dry_run)
        for entry in due:
            self.stdout.write(
                f"{', '.join(entry.references)}\tabgeschlossen {entry.closed_on:%d.%m.%Y}"
            )
        verb = "fällig (Probelauf, nichts geändert)" if dry_run else "anonymisiert"
        self.stdout.write(f"{len(due)} Person(en) {verb}.")
