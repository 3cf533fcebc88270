"""The audit log is filtered by username (the coordinators' page and CSV export), which had no
index: at 800 000 entries a filter for a rare name read the whole table (80-200 ms), and the
log grows by one entry per case shown. The index on (user, -at) served no query (the user's
foreign key has its own index for the PROTECT check) and goes, so writing an entry costs no
more than before. Built concurrently: every page writes to this table."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0009_caseaccess_scoped_search")]

    operations = [
        AddIndexConcurrently(
            model_name="auditentry",
            index=models.Index(fields=["username", "-at"], name="audit_username"),
        ),
        RemoveIndexConcurrently(model_name="auditentry", name="audit_user"),
    ]
