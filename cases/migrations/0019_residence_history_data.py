from django.db import migrations

# The single field becomes the first entry of each person's history, nothing dropped: status,
# expiry and legal domain as they were; the basis is the usual one of the status (frozen copy
# of cases.residence.DEFAULT_BASIS); valid from the arrival (or the registration) day, never
# after the expiry.
DEFAULT_BASIS = {
    "gestattung": "55_asylg",
    "duldung": "60a_aufenthg",
    "humanitarian": "25_2",
    "temporary_protection": "24_aufenthg",
    "family": "28_36_aufenthg",
    "employment": "18a_aufenthg",
    "settlement": "9_aufenthg",
    "eu": "2_freizuegg",
    "german": "german",
    "unclear": "unclear",
}
_BASIS_CASE = " ".join(f"WHEN '{status}' THEN '{basis}'" for status, basis in DEFAULT_BASIS.items())
MIGRATE_SINGLE_FIELD = f"""
INSERT INTO cases_residencerecord
    (person_id, status, legal_basis, valid_from, valid_until, decided_on, authority,
     legal_domain, became_possible, migrated, created_at)
SELECT id, residence_status, CASE residence_status {_BASIS_CASE} ELSE 'unclear' END,
    LEAST(COALESCE(arrival_date, created_at::date), COALESCE(residence_expires_on, 'infinity')),
    residence_expires_on, NULL, '', legal_domain, '{{}}', true, now()
FROM cases_person
"""  # noqa: S608 (constants of this file only)


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_residence_history")]

    operations = [
        migrations.RunSQL(
            MIGRATE_SINGLE_FIELD,
            reverse_sql="DELETE FROM cases_residencerecord WHERE migrated",
        ),
    ]
