"""Check the audit log's hash chain (migration 0013) and name the first broken entry."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# Every link's hash recomputed from its entry as stored now and the previous link's stored
# hash; a changed entry breaks its own link, a removed one leaves a missing entry or a gap.
_LINKS = """
SELECT c.position, c.entry_id, e.id IS NULL AS missing, lag(c.position) OVER w AS previous,
       c.hash = cases_audit_digest(coalesce(lag(c.hash) OVER w, ''), c.position, e) AS intact
FROM cases_auditchain c LEFT JOIN cases_auditentry e ON e.id = c.entry_id
WINDOW w AS (ORDER BY c.position)
ORDER BY c.position
"""
_UNLINKED = """
SELECT e.id FROM cases_auditentry e
WHERE NOT EXISTS (SELECT 1 FROM cases_auditchain c WHERE c.entry_id = e.id)
ORDER BY e.id LIMIT 1
"""


class Command(BaseCommand):
    help = "Prüft die Hash-Kette des Protokolls und nennt den ersten gebrochenen Eintrag."

    def handle(self, *args, **options):
        count, head = 0, None
        with connection.chunked_cursor() as cursor:
            cursor.execute(_LINKS)
            for position, entry_id, missing, previous, intact in cursor:
                if missing:
                    raise CommandError(
                        f"Kette gebrochen bei Position {position}: Eintrag {entry_id} fehlt."
                    )
                if previous is not None and position != previous + 1:
                    raise CommandError(
                        f"Kette gebrochen bei Position {position} (Eintrag {entry_id}): "
                        f"Positionen {previous + 1} bis {position - 1} fehlen."
                    )
                if not intact:
                    raise CommandError(
                        f"Kette gebrochen bei Position {position}: Eintrag {entry_id} wurde "
                        "verändert (oder der Eintrag davor)."
                    )
                count, head = count + 1, (position, entry_id)
        with connection.cursor() as cursor:
            cursor.execute(_UNLINKED)
            unlinked = cursor.fetchone()
        if unlinked:
            raise CommandError(f"Eintrag {unlinked[0]} steht nicht in der Kette.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT hash FROM cases_auditchain ORDER BY position DESC LIMIT 1")
            last = cursor.fetchone()
        # The last hash, noted outside the database, also shows entries removed at the end.
        self.stdout.write(
            f"Kette intakt: {count} Einträge, letzte Position {head[0] if head else 0}, "
            f"letzter Hash {last[0] if last else '-'}."
        )
