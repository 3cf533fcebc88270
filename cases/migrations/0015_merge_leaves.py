# The branches merged into int left three leaves; this joins them so migrate runs (the lead
# renumbers at merge time).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_audit_hash_chain"),
        ("cases", "0013_person_name_keys"),
        ("cases", "0014_notification_handover_answers"),
    ]
    operations = []
