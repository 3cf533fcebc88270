"""The case list ordered by opening date, phase or name from one index each, for open, closed
and all cases (issue 6, benchmarks at 1 M cases).

The orders by opening date and by phase joined every visible case and sorted them all (about 140 ms for the large
institution at 1 M cases, on every page). The access row now carries copies of the case's
opening date and of its phase's place in the case management cycle, kept by the triggers that
keep its open state (any write path: services, admin, bulk updates, COPY), with an index each
on (institution, copy, case).

Each of these orders, and the name's order of migration 0011, now has two indexes, as the
default order has had: one of all the institution's rows (the list of all cases and of closed
ones; with the open state first, the list of all cases sorted every visible case: 130 ms) and
one of its open rows (the default list; the other one would read the closed rows too: the open
cases ordered by phase descending read all closed ones first).

The phase is copied as its rank in the cycle (intake 1 ... closed 6): ordered by its stored
value the list ran alphabetically by the English code (assessment, closed, implementation, ...).
"""

from django.db import migrations, models

# The order of Case.Phase; tests/cases/test_case_list.py checks that the two agree.
PHASES = ["intake", "assessment", "planning", "implementation", "monitoring", "closed"]

COPIES = f"""
CREATE FUNCTION cases_phase_rank(phase text) RETURNS smallint AS $$
    SELECT array_position(ARRAY{PHASES!r}::text[], phase)::smallint;
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION cases_access_copies_from_case() RETURNS trigger AS $$
BEGIN
    SELECT c.closed_on IS NULL, c.opened_on, cases_phase_rank(c.phase)
    INTO NEW.case_open, NEW.case_opened_on, NEW.case_phase_rank
    FROM cases_case c WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER cases_caseaccess_open ON cases_caseaccess;
DROP FUNCTION cases_access_open_from_case();
CREATE TRIGGER cases_caseaccess_copies
    BEFORE INSERT ON cases_caseaccess
    FOR EACH ROW EXECUTE FUNCTION cases_access_copies_from_case();

CREATE FUNCTION cases_case_copies_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess
    SET case_open = NEW.closed_on IS NULL,
        case_opened_on = NEW.opened_on,
        case_phase_rank = cases_phase_rank(NEW.phase)
    WHERE case_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER cases_case_open ON cases_case;
DROP FUNCTION cases_case_open_to_access();
CREATE TRIGGER cases_case_copies
    AFTER UPDATE OF closed_on, opened_on, phase ON cases_case
    FOR EACH ROW WHEN (
        (OLD.closed_on IS NULL) IS DISTINCT FROM (NEW.closed_on IS NULL)
        OR OLD.opened_on IS DISTINCT FROM NEW.opened_on
        OR OLD.phase IS DISTINCT FROM NEW.phase
    )
    EXECUTE FUNCTION cases_case_copies_to_access();

UPDATE cases_caseaccess a
SET case_opened_on = c.opened_on, case_phase_rank = cases_phase_rank(c.phase)
FROM cases_case c WHERE a.case_id = c.id;
"""

# The triggers of migration 0008, as they were.
OPEN_ONLY = """
DROP TRIGGER cases_case_copies ON cases_case;
DROP FUNCTION cases_case_copies_to_access();
CREATE FUNCTION cases_case_open_to_access() RETURNS trigger AS $$
BEGIN
    UPDATE cases_caseaccess SET case_open = NEW.closed_on IS NULL WHERE case_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_case_open
    AFTER UPDATE OF closed_on ON cases_case
    FOR EACH ROW WHEN ((OLD.closed_on IS NULL) IS DISTINCT FROM (NEW.closed_on IS NULL))
    EXECUTE FUNCTION cases_case_open_to_access();

DROP TRIGGER cases_caseaccess_copies ON cases_caseaccess;
DROP FUNCTION cases_access_copies_from_case();
CREATE FUNCTION cases_access_open_from_case() RETURNS trigger AS $$
BEGIN
    SELECT c.closed_on IS NULL INTO NEW.case_open FROM cases_case c WHERE c.id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_caseaccess_open
    BEFORE INSERT ON cases_caseaccess
    FOR EACH ROW EXECUTE FUNCTION cases_access_open_from_case();

DROP FUNCTION cases_phase_rank(text);
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_caseaccess_person_family_name")]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="case_opened_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="caseaccess",
            name="case_phase_rank",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(COPIES, OPEN_ONLY),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "case_opened_on", "case"],
                name="access_institution_opened",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "case_opened_on", "case"],
                condition=models.Q(case_open=True),
                name="access_institution_open_opened",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "case_phase_rank", "case"],
                name="access_institution_phase",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "case_phase_rank", "case"],
                condition=models.Q(case_open=True),
                name="access_institution_open_phase",
            ),
        ),
        migrations.RemoveIndex(model_name="caseaccess", name="access_institution_name"),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "person_family_name", "case"],
                name="access_institution_name",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["institution", "person_family_name", "case"],
                condition=models.Q(case_open=True),
                name="access_institution_open_name",
            ),
        ),
    ]
