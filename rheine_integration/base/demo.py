"""Helpers for the apps' demo data (rheine_integration/management/commands/load_demo_data.py)."""

from django.db import models


def sync(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """update_or_create that writes only when something differs (a second run stays silent)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
    return obj
