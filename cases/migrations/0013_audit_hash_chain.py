"""A hash chain over the audit log (issue 16, point 5): tampering is evident even to a
database administrator who switches the append-only trigger off.

A deferred constraint trigger links each entry when its transaction commits: it takes one
advisory lock (held only for the rest of that commit, so concurrent writers keep one chain and
no transaction waits for it while holding row locks it took later), reads the last link and
appends the next. It runs as the owner (SECURITY DEFINER): the app's database role only reads
the chain. ``cases_audit_digest`` is the one definition of a link's hash; the trigger and
``manage.py verify_audit_chain`` both use it. Existing entries are linked in id order.
"""

from django.db import migrations, models

CHAIN = """
CREATE FUNCTION cases_audit_digest(previous text, link_position bigint, e cases_auditentry)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        previous, link_position, e.id,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        e.user_id, e.username, e.institution_id, e.action, e.object_type, e.object_id,
        e.case_id, e.detail
    )::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION cases_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    last record;
BEGIN
    PERFORM pg_advisory_xact_lock(4215016);
    SELECT position, hash INTO last FROM cases_auditchain ORDER BY position DESC LIMIT 1;
    INSERT INTO cases_auditchain (entry_id, position, hash) VALUES (
        NEW.id,
        coalesce(last.position, 0) + 1,
        cases_audit_digest(coalesce(last.hash, ''), coalesce(last.position, 0) + 1, NEW)
    );
    RETURN NULL;
END;
$$;

-- "zz": after the entry's own foreign key checks, which run at the same commit.
CREATE CONSTRAINT TRIGGER zz_cases_auditentry_chain
    AFTER INSERT ON cases_auditentry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION cases_audit_chain();

CREATE TRIGGER cases_auditchain_no_update_delete
    BEFORE UPDATE OR DELETE ON cases_auditchain
    FOR EACH ROW EXECUTE FUNCTION cases_audit_append_only();
CREATE TRIGGER cases_auditchain_no_truncate
    BEFORE TRUNCATE ON cases_auditchain
    FOR EACH STATEMENT EXECUTE FUNCTION cases_audit_append_only();

DO $$
DECLARE
    e cases_auditentry;
    previous text := '';
    link_position bigint := 0;
BEGIN
    FOR e IN SELECT * FROM cases_auditentry ORDER BY id LOOP
        link_position := link_position + 1;
        previous := cases_audit_digest(previous, link_position, e);
        INSERT INTO cases_auditchain (entry_id, position, hash)
            VALUES (e.id, link_position, previous);
    END LOOP;
END;
$$;
"""

UNCHAIN = """
DROP TRIGGER IF EXISTS cases_auditchain_no_truncate ON cases_auditchain;
DROP TRIGGER IF EXISTS cases_auditchain_no_update_delete ON cases_auditchain;
DROP TRIGGER IF EXISTS zz_cases_auditentry_chain ON cases_auditentry;
DROP FUNCTION IF EXISTS cases_audit_chain();
DROP FUNCTION IF EXISTS cases_audit_digest(text, bigint, cases_auditentry);
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_caseaccess_opened_on_phase")]

    operations = [
        migrations.CreateModel(
            name="AuditChainLink",
            fields=[
                ("entry_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("position", models.BigIntegerField(unique=True)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={"db_table": "cases_auditchain", "default_permissions": ()},
        ),
        migrations.RunSQL(CHAIN, UNCHAIN),
    ]
