"""Several lists of related rows in one SQL statement.

Each list becomes one column of a single-row query: ``ARRAY(SELECT json_build_object(...))``
(ArraySubquery of JSONObject), with the few columns of related rows the page shows. ``hydrate``
turns the JSON back into model instances through each field's own conversion, so templates and
model methods work as with rows read by the ORM. Used where a page shows many short lists of
one object (the case page): one statement instead of one per list.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.functions import JSONObject

# Related rows carry only what pages show of them (no password hashes, no contact data).
INSTITUTION = ("id", "name", "short_name")
USER = ("id", "username", "first_name", "last_name")


def as_array(queryset: QuerySet, related: dict[str, tuple[str, ...]]) -> ArraySubquery:
    """Every concrete field of the queryset's model, plus ``related`` fields by relation."""
    keys = [field.attname for field in queryset.model._meta.concrete_fields]
    keys += [f"{relation}__{name}" for relation, names in related.items() for name in names]
    return ArraySubquery(queryset.values(row=JSONObject(**{key: key for key in keys})))


def hydrate(model: type[Model], rows: list[dict], related: dict[str, tuple[str, ...]]) -> list:
    objects = []
    for row in rows:
        obj = _instance(model, row)
        for relation, names in related.items():
            values = {name: row[f"{relation}__{name}"] for name in names}
            rel_model = model._meta.get_field(relation).related_model
            setattr(obj, relation, None if values["id"] is None else _instance(rel_model, values))
        objects.append(obj)
    return objects


def _instance(model: type[Model], values: dict) -> Model:
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    converted = [_python(model._meta.get_field(_field_name(model, n)), values[n]) for n in names]
    return model.from_db(connection.alias, names, converted)


def _field_name(model: type[Model], attname: str) -> str:
    return next(f.name for f in model._meta.concrete_fields if f.attname == attname)


def _python(field, value):
    if value is None:
        return None
    if hasattr(field, "from_db_value") and not field.get_internal_type() == "JSONField":
        return field.from_db_value(field.to_python(value), None, connection)
    return field.to_python(value)
