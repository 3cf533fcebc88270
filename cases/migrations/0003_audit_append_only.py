from django.db import migrations

# The audit log is append-only at the database too: no UPDATE, DELETE or TRUNCATE, whoever asks.
FORBID = """
CREATE OR REPLACE FUNCTION cases_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_auditentry is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_auditentry_no_update_delete
    BEFORE UPDATE OR DELETE ON cases_auditentry
    FOR EACH ROW EXECUTE FUNCTION cases_audit_append_only();
CREATE TRIGGER cases_auditentry_no_truncate
    BEFORE TRUNCATE ON cases_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION cases_audit_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS cases_auditentry_no_update_delete ON cases_auditentry;
DROP TRIGGER IF EXISTS cases_auditentry_no_truncate ON cases_auditentry;
DROP FUNCTION IF EXISTS cases_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
