"""The label of a choice field's value, in the active language.

Not ``get_FOO_display()``: Django rebuilds the choices mapping on every call and hashes each
lazy label on the way, which translates every label of the field (the case page with 200 notes
made about 2 400 gettext calls for it). Here the mapping is built once per field and only the
label shown is translated.
"""

from functools import cache

from django.db.models import Model
from django.utils.encoding import force_str


@cache
def _labels(model: type[Model], field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def label(instance: Model, field_name: str):
    """The label; a value without one (empty, None) comes back as it is, as from Django."""
    value = getattr(instance, field_name)
    return force_str(_labels(type(instance), field_name).get(value, value), strings_only=True)
