"""The default case list (open cases, latest activity first) from an index of open rows only
(issue 6, benchmarks at 1 M cases).

The list's index walk used to check every access row's case for ``closed_on``: at 1 M cases the
large institution's newest 500 rows held only 101 open cases, each found through a join. The
access row now carries a copy of the case's open state, kept by triggers (any write path:
services, admin, bulk updates, COPY), and a partial index covers the open rows.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE OR REPLACE FUNCTION cases_access_open_from_case() RETURNS trigger AS $$
BEGIN
    SELECT c.closed_on IS NULL INTO NEW.case_open FROM cases_case c WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_caseaccess_open
    BEFORE INSERT ON cases_caseaccess
    FOR EACH ROW EXECUTE FUNCTION cases_access_open_from_case();

CREATE OR REPLACE FUNCTION cases_case_open_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess SET case_open = NEW.closed_on IS NULL WHERE case_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_case_open
    AFTER UPDATE OF closed_on ON cases_case
    FOR EACH ROW WHEN ((OLD.closed_on IS NULL) IS DISTINCT FROM (NEW.closed_on IS NULL))
    EXECUTE FUNCTION cases_case_open_to_access();

UPDATE cases_caseaccess a SET case_open = FALSE
FROM cases_case c WHERE a.case_id = c.id AND c.closed_on IS NOT NULL;
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS cases_case_open ON cases_case;
DROP FUNCTION IF EXISTS cases_case_open_to_access();
DROP TRIGGER IF EXISTS cases_caseaccess_open ON cases_caseaccess;
DROP FUNCTION IF EXISTS cases_access_open_from_case();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_caseaccess_search"),
        ("networks", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="case_open",
            field=models.BooleanField(db_default=True, default=True, editable=False),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                condition=models.Q(("case_open", True)),
                fields=["institution", "-case_updated_at", "-case"],
                name="access_institution_open",
            ),
        ),
    ]
