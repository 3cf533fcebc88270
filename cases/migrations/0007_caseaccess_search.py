"""Name search inside an institution's cases from one index (issue 6, benchmarks at 1 M cases).

CaseAccess carries a copy of the person's search vector, kept by triggers (any write path:
services, admin, bulk, COPY), with a GIN index of its own: PostgreSQL ANDs its bitmap with the
institution's (btree) and reads only the institution's matching rows, instead of either all
its rows or all matching persons of the installation. (No btree_gin: the embedded
development PostgreSQL has no contrib extensions.)
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

TRIGGERS = """
CREATE OR REPLACE FUNCTION cases_access_search_from_person() RETURNS trigger AS $$
BEGIN
    SELECT p.search_vector INTO NEW.search_vector
    FROM cases_case c JOIN cases_person p ON p.id = c.person_id
    WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_caseaccess_search
    BEFORE INSERT OR UPDATE ON cases_caseaccess
    FOR EACH ROW EXECUTE FUNCTION cases_access_search_from_person();

CREATE OR REPLACE FUNCTION cases_person_search_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess a SET search_vector = NEW.search_vector
    FROM cases_case c WHERE c.person_id = NEW.id AND a.case_id = c.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_person_search
    AFTER UPDATE ON cases_person
    FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION cases_person_search_to_access();

UPDATE cases_caseaccess a SET search_vector = p.search_vector
FROM cases_case c JOIN cases_person p ON p.id = c.person_id WHERE a.case_id = c.id;
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS cases_person_search ON cases_person;
DROP FUNCTION IF EXISTS cases_person_search_to_access();
DROP TRIGGER IF EXISTS cases_caseaccess_search ON cases_caseaccess;
DROP FUNCTION IF EXISTS cases_access_search_from_person();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_security_encryption_person_version")]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="caseaccess",
            index=GinIndex(fields=["search_vector"], name="access_search_gin"),
        ),
    ]
