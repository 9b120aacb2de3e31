"""Equality lookups on the page every learner opens, without the ORM's query building.

Django spends about 0.2 ms building a query before the database sees it: several times
what SQLite or MySQL then take for a lookup by index, and a learner's page makes about
ten such lookups (docs/benchmarks.md). `rows` writes the SELECT the ORM would for the
simple shape those reads have (equality on a few columns, an order, a limit) and runs
it through `Manager.raw`, so the rows are complete model instances with every field's
converters applied (dates, JSON, booleans) on SQLite and MySQL alike. Any other shape
of query goes through the ORM as usual.
"""
from __future__ import annotations

from django.db import connections, router
from django.db.models import Model


def rows(model, *, order_by: tuple = (), limit: int | None = None, **equal):
    """`model.objects.filter(**equal).order_by(*order_by)[:limit]`, as model instances.

    `equal` names model fields (a foreign key by its field name or attname); None means IS NULL.
    `order_by` takes field names, "-" first for descending ("pk" is the primary key)."""
    meta = model._meta
    alias = router.db_for_read(model)
    connection = connections[alias]
    quote = connection.ops.quote_name
    where, params = [], []
    for name, value in equal.items():
        field = meta.pk if name == "pk" else meta.get_field(name)
        if value is None:
            where.append(f"{quote(field.column)} IS NULL")
        else:
            if isinstance(value, Model):  # a foreign key given as the row it points to
                value = value.pk
            where.append(f"{quote(field.column)} = %s")
            params.append(field.get_db_prep_value(value, connection))
    sql = f"SELECT * FROM {quote(meta.db_table)}"  # every column: complete instances
    if where:
        sql += " WHERE " + " AND ".join(where)
    if order_by:
        terms = []
        for name in order_by:
            descending = name.startswith("-")
            field_name = name.lstrip("-")
            field = meta.pk if field_name == "pk" else meta.get_field(field_name)
            terms.append(quote(field.column) + (" DESC" if descending else " ASC"))
        sql += " ORDER BY " + ", ".join(terms)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return model.objects.using(alias).raw(sql, params)


def first(model, *, order_by: tuple = ("pk",), **equal):
    """The first row or None, like `filter(...).order_by(...).first()`."""
    found = list(rows(model, order_by=order_by, limit=1, **equal))
    return found[0] if found else None
