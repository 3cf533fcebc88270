"""Seed the reminder schedule as data (django-celery-beat): administrators edit it in the admin.

The tasks skip weekends and NRW public holidays themselves (rheine_integration.base.workdays), so plain daily
crontabs are enough. Idempotent: running it on a database that has the rows changes nothing.
"""

from django.db import migrations

SCHEDULE = [
    # (name, task, hour, minute, description)
    (
        "Einwilligungen: abgelaufene Zugriffe entziehen",
        "cases.tasks.revoke_expired_consents",
        "0",
        "30",
        "Entzieht täglich (auch am Wochenende) den Zugriff aus abgelaufenen Einwilligungen.",
    ),
    (
        "Erinnerungen ermitteln",
        "cases.tasks.find_reminders",
        "6",
        "0",
        "Ermittelt an Arbeitstagen fällige Wiedervorlagen, Fristen und Übergaben.",
    ),
    (
        "Tagesbericht per E-Mail",
        "cases.tasks.send_digests",
        "7",
        "0",
        "Versendet an Arbeitstagen einen Tagesbericht je Person.",
    ),
]


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, hour, minute, description in SCHEDULE:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Berlin",
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": task, "crontab": crontab, "description": description},
        )
    # Tell a running beat that the schedule changed (what PeriodicTask.save() does normally).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row[0] for row in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
