"""Seed the nightly computation of the steering indicators as data (django-celery-beat).

Idempotent: running it on a database that has the row changes nothing.
"""

from django.db import migrations
from django.utils import timezone

NAME = "Kennzahlen der Lenkungsgruppe berechnen"


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Berlin",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "steering.tasks.refresh_figures",
            "crontab": crontab,
            "description": "Berechnet nachts die Monatszahlen und Diagramme des Dashboards.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0002_zielsystem_figures_budget"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
