"""Re-encrypt the encrypted fields with the first key of FIELD_ENCRYPTION_KEY.

Rotation: put the new key in front (``FIELD_ENCRYPTION_KEY=new,old``), deploy, run this
command, then remove the old key. Backups made before still need the old key.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from cases.models import Assessment, Note
from rheine_integration.base import encryption

ENCRYPTED = ((Assessment, "health_constraints"), (Note, "text"))


class Command(BaseCommand):
    help = "Re-encrypt health constraints and note texts with the first FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        for model, column in ENCRYPTED:
            table = model._meta.db_table
            count = 0
            with transaction.atomic(), connection.cursor() as cursor:
                # Raw values: the field would decrypt on read; here the ciphertext is rotated.
                cursor.execute(
                    f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" <> %s FOR UPDATE',  # noqa: S608  # nosec B608 - identifiers from model meta
                    [""],
                )
                for pk, stored in cursor.fetchall():
                    cursor.execute(
                        f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s',  # noqa: S608  # nosec B608 - identifiers from model meta
                        [encryption.rotate(stored), pk],
                    )
                    count += 1
            self.stdout.write(f"{table}.{column}: {count} re-encrypted")
