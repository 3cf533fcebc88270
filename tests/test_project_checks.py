"""The project passes Django's system checks and has no model change without a migration."""

from django.core.management import call_command


def test_system_checks_pass(db):
    call_command("check", fail_level="WARNING")


def test_every_model_change_has_a_migration(db):
    # --check exits with status 1 (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_apps_database_connections_start_no_parallel_workers(db):
    """Short page queries lost 15 ms to starting parallel workers at 1 M cases (README)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
