"""Grant the app's database role what it needs and nothing more (README, "Datenbankrollen").

Normal reads and writes on every table; on the audit log and its hash chain only what keeps
them append-only (INSERT and SELECT on the log, SELECT on the chain, which the owner's trigger
writes). The role owns nothing, so it can neither alter nor drop a table nor switch a trigger
off. Default privileges give it the same on tables later migrations create.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from psycopg import sql

APPEND_ONLY = {"cases_auditentry": "SELECT, INSERT", "cases_auditchain": "SELECT"}


def grant_app_role(role: str) -> None:
    """Run as the owner of the tables (the role migrations run as)."""
    app = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            app
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(app),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(app),
    ]
    for table, privileges in APPEND_ONLY.items():
        statements += [
            sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(table), app),
            sql.SQL("GRANT " + privileges + " ON {} TO {}").format(sql.Identifier(table), app),
        ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Command(BaseCommand):
    help = (
        "Gibt der Datenbankrolle der Anwendung ihre Rechte (ohne Eigentum, Protokoll nur anfügen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="Name der Datenbankrolle der Anwendung")

    def handle(self, *args, role, **options):
        grant_app_role(role)
        self.stdout.write(f"Rechte für {role} gesetzt.")
