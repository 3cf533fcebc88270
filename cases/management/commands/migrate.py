"""`manage.py migrate` as the owner's role when MIGRATION_DATABASE_URL is set.

The app's role (DATABASE_URL) owns nothing and cannot run DDL, so migrations connect as the
owner and afterwards grant the app's role its privileges on whatever they created.
"""

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from cases.management.commands.grant_app_role import grant_app_role

# Only the credentials change: the database stays the connection's own (the test database
# under pytest, which creates it with this command).
OWNER_KEYS = ("USER", "PASSWORD")


class Command(migrate.Command):
    def handle(self, *args, **options):
        owner = settings.MIGRATION_DATABASE
        if not owner or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        app_settings = {key: connection.settings_dict.get(key) for key in OWNER_KEYS}
        connection.close()
        connection.settings_dict.update({key: owner.get(key, "") for key in OWNER_KEYS})
        try:
            super().handle(*args, **options)
            grant_app_role(app_settings["USER"])
        finally:
            connection.close()
            connection.settings_dict.update(app_settings)
