"""Several lists of related rows in one SQL statement.

Each list becomes one column of a single-row query: ``ARRAY(SELECT to_jsonb(row) || ...)``
(ArraySubquery of RowWith), with the few columns of related rows the page shows. ``hydrate``
turns the JSON back into model instances through each field's own conversion, so templates and
model methods work as with rows read by the ORM. Used where a page shows many short lists of
one object (the case page): one statement instead of one per list.
"""

from collections.abc import Callable
from functools import cache

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, Func, JSONField, Model, QuerySet
from django.db.models.functions import JSONObject

# Related rows carry only what pages show of them (no password hashes, no contact data).
INSTITUTION = ("id", "name", "short_name")
USER = ("id", "username", "first_name", "last_name")


class RowWith(Func):
    """The query's own row as JSON (PostgreSQL's ``to_jsonb`` of the row: every column, keyed
    by column name, which is the attname: no field here sets db_column), joined with a JSON
    object of related fields. One expression for the row instead of one per field: building
    the case page's statement from a JSONObject of every field was far slower."""

    output_field = JSONField()

    def __init__(self, related: JSONObject):
        super().__init__(F("pk"), related)

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        related_sql, related_params = compiler.compile(self.source_expressions[1])
        row = pk_sql.rsplit(".", 1)[0]  # '"U0"."id"' -> '"U0"', the alias Django gave the table
        return f"(to_jsonb({row}) || {related_sql})", [*pk_params, *related_params]


def as_array(queryset: QuerySet, related: dict[str, tuple[str, ...]]) -> ArraySubquery:
    """Every column of the queryset's model, plus ``related`` fields by relation."""
    keys = [f"{relation}__{name}" for relation, names in related.items() for name in names]
    return ArraySubquery(queryset.values(row=RowWith(JSONObject(**{key: key for key in keys}))))


def hydrate(model: type[Model], rows: list[dict], related: dict[str, tuple[str, ...]]) -> list:
    objects = []
    # One instance per related row: the 200 notes of a long history have a handful of authors.
    related_instances = {}
    relation_fields = {relation: model._meta.get_field(relation) for relation in related}
    for row in rows:
        obj = _instance(model, row)
        for relation, names in related.items():
            rel_id = row[f"{relation}__id"]
            key = (relation, rel_id)
            if rel_id is not None and key not in related_instances:
                values = {name: row[f"{relation}__{name}"] for name in names}
                related_instances[key] = _instance(relation_fields[relation].related_model, values)
            # As select_related() does: into the relation's cache, without the checks of
            # assigning an instance (its id is already the row's).
            relation_fields[relation].set_cached_value(obj, related_instances.get(key))
        objects.append(obj)
    return objects


def _instance(model: type[Model], values: dict) -> Model:
    conversions = [(name, convert) for name, convert in _conversions(model) if name in values]
    return model.from_db(
        connection.alias,
        [name for name, _convert in conversions],
        [None if values[name] is None else convert(values[name]) for name, convert in conversions],
    )


@cache
def _conversions(model: type[Model]) -> list[tuple[str, Callable]]:
    """(attname, JSON value -> Python value) for each concrete field, worked out once per model."""
    return [(field.attname, _conversion(field)) for field in model._meta.concrete_fields]


def _conversion(field) -> Callable:
    # Fields with a database conversion (e.g. encrypted text) get it after their to_python().
    if hasattr(field, "from_db_value") and field.get_internal_type() != "JSONField":
        return lambda value: field.from_db_value(field.to_python(value), None, connection)
    return field.to_python
