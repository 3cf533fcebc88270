"""Only institutions that register persons run the duplicate check across institutions
(issue 16.4). Existing offices of the kinds whose task that is keep it."""

from django.db import migrations, models

REGISTERING_KINDS = ["municipal", "social_welfare", "immigration", "jobcenter", "employment_agency"]


def set_registering(apps, schema_editor):
    Institution = apps.get_model("networks", "Institution")
    Institution.objects.filter(kind__in=REGISTERING_KINDS).update(registers_persons=True)


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="registers_persons",
            field=models.BooleanField(
                default=False,
                help_text="Prüft bei der Aufnahme über alle Institutionen, ob eine Person schon bekannt ist.",
                verbose_name="nimmt Personen auf",
            ),
        ),
        migrations.RunPython(set_registering, migrations.RunPython.noop, elidable=True),
    ]
