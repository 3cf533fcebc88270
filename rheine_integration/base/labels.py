"""The label of a choice field's value, in the active language.

Not ``get_FOO_display()``: Django rebuilds the choices mapping on every call and hashes each
lazy label on the way, which translates every label of the field (the case page with 200 notes
made about 2 400 gettext calls for it). Here the mapping is built once per field, and each
label once per language (a long case page shows about 900 labels).
"""

from functools import cache, lru_cache

from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.translation import get_language


@cache
def _labels(model: type[Model], field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def label(instance: Model, field_name: str):
    """The label; a value without one (empty, None) comes back as it is, as from Django."""
    return _translated(type(instance), field_name, getattr(instance, field_name), get_language())


@lru_cache(maxsize=2048)
def _translated(model: type[Model], field_name: str, value, language: str | None):
    return force_str(_labels(model, field_name).get(value, value), strings_only=True)
