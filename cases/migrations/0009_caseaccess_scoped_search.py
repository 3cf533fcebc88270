"""Name search finds one institution's matches in the GIN index itself (issue 6).

Each access row's copy of the person's search vector now carries its institution in every
lexeme ('i12xhoxha' for 'hoxha' at institution 12), so a search of institution 12 asks the
index for 'i12x…' lexemes only. Before, the index returned the matches of every institution
(a frequent sound code: 12 000 rows at 1 M cases) and PostgreSQL ANDed them with the
institution's whole index (15 000-23 000 rows), 7-9 ms a search. The access join still decides
what is visible; the prefix only narrows the index scan. cases.permissions.search_scope()
builds the same prefix for queries. The institution's own index goes: the composite ones lead
with it, and with it the planner ANDed a search's few matches with all the institution's rows.
"""

import django.db.models.deletion
from django.db import migrations, models

SCOPED = """
CREATE OR REPLACE FUNCTION cases_scoped_search(vector tsvector, institution bigint)
RETURNS tsvector AS $$
    SELECT CASE WHEN vector IS NULL THEN NULL ELSE array_to_tsvector(ARRAY(
        SELECT 'i' || institution || 'x' || lexeme FROM unnest(tsvector_to_array(vector)) lexeme
    )) END
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION cases_access_search_from_person() RETURNS trigger AS $$
BEGIN
    SELECT cases_scoped_search(p.search_vector, NEW.institution_id) INTO NEW.search_vector
    FROM cases_case c JOIN cases_person p ON p.id = c.person_id
    WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cases_person_search_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess a SET search_vector = cases_scoped_search(NEW.search_vector, a.institution_id)
    FROM cases_case c WHERE c.person_id = NEW.id AND a.case_id = c.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Every existing row: its BEFORE UPDATE trigger computes the scoped copy.
UPDATE cases_caseaccess SET search_vector = NULL;
"""

UNSCOPED = """
CREATE OR REPLACE FUNCTION cases_access_search_from_person() RETURNS trigger AS $$
BEGIN
    SELECT p.search_vector INTO NEW.search_vector
    FROM cases_case c JOIN cases_person p ON p.id = c.person_id
    WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cases_person_search_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess a SET search_vector = NEW.search_vector
    FROM cases_case c WHERE c.person_id = NEW.id AND a.case_id = c.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

UPDATE cases_caseaccess SET search_vector = NULL;
DROP FUNCTION IF EXISTS cases_scoped_search(tsvector, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_caseaccess_case_open")]

    operations = [
        migrations.RunSQL(SCOPED, UNSCOPED),
        migrations.AlterField(
            model_name="caseaccess",
            name="institution",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="networks.institution",
            ),
        ),
    ]
