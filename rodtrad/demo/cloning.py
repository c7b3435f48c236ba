"""The national background for the scale benchmarks: a template lifecycle built through the
services, then copied many times with one INSERT … SELECT per table.

How a copy works: the template's rows are the rows each table gained while the template was
built (ids in (before, after]; nothing else writes meanwhile). Copy g of a table's row gets the id
`id - before + base + (g - 1) * span`, where base is the table's largest id when copying starts
and span is after - before. A foreign key into a copied table is moved the same way; a foreign
key to anything else (people, organisations, the quality model) is kept, so every copy belongs
to the template's buyer, providers and panel. The copy count is a recursive CTE, which both
PostgreSQL and SQLite run.

What the copies bypass: the services and the audit log (no events are written for them, so the
hash chain is untouched and `rodtrad verify-audit-log` still passes), notifications, and the
files on disk (copies point at the template's PDFs). Sealed tender content is bound to its
procurement id, so a copy's tender content cannot be unsealed; the benchmarks only open the
municipality's procurement, which is built through the services.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

# The apps whose rows make up one lifecycle; accounts, quality models, audit and notifications
# are shared or left out.
LIFECYCLE_APPS = (
    "procurements",
    "tenders",
    "evaluations",
    "assessments",
    "award",
    "contracts",
    "followup",
    "improvements",
    "indicators",
    "partnership",
)
NATIONAL_PROCUREMENTS = 3000
CONTRACT_SHARE = 2 / 3


@dataclass(frozen=True)
class Range:
    before: int
    after: int

    @property
    def span(self) -> int:
        return self.after - self.before


def lifecycle_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in LIFECYCLE_APPS and model._meta.pk.name == "id"
    ]


def max_ids() -> dict[type[models.Model], int]:
    found = {}
    with connection.cursor() as cursor:
        for model in lifecycle_models():
            table = _quote(model._meta.db_table)  # a model's table name, quoted
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            found[model] = cursor.fetchone()[0]
    return found


def ranges(before: dict, after: dict) -> dict[type[models.Model], Range]:
    return {
        model: Range(before[model], after[model])
        for model in before
        if after[model] > before[model]
    }


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _moved(column: str, span: Range, base: int) -> str:
    """SQL for a value moved into copy g, if it points into the template's range."""
    column = _quote(column)
    shift = f"({base - span.before} + (g.n - 1) * {span.span})"
    return (
        f"CASE WHEN {column} > {span.before} AND {column} <= {span.after} "
        f"THEN {column} + {shift} ELSE {column} END"
    )


def _select_list(
    model: type[models.Model], found: dict[type[models.Model], Range], bases: dict
) -> tuple[list[str], list[str]]:
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = str(field.column)
        columns.append(_quote(column))
        if field.primary_key:
            values.append(_moved(column, found[model], bases[model]))
            continue
        target = field.related_model if field.is_relation else None
        if target is not None and target in found:
            values.append(_moved(column, found[target], bases[target]))
        else:
            values.append(_quote(column))
    return columns, values


def copy_table(model: type[models.Model], found: dict, bases: dict, copies: int) -> int:
    span = found[model]
    columns, values = _select_list(model, found, bases)
    table = _quote(model._meta.db_table)
    # Only quoted names of the model's own columns are put into the text; values are parameters.
    insert = f"INSERT INTO {table} ({', '.join(columns)}) "
    select = f"SELECT {', '.join(values)} FROM {table} CROSS JOIN g "  # noqa: S608
    sql = (
        "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s) "  # noqa: S608
        + insert
        + select
        + "WHERE id > %s AND id <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [copies, span.before, span.after])
        return cursor.rowcount


def reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), lifecycle_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def clone(found: dict[type[models.Model], Range], copies: int, log: Callable) -> None:
    """`copies` copies of the template whose rows are `found`, in one transaction."""
    if copies <= 0:
        return
    bases = {model: value for model, value in max_ids().items() if model in found}
    with transaction.atomic():
        for model in found:
            started = time.perf_counter()
            rows = copy_table(model, found, bases, copies)
            log(f"  {model._meta.label}: {rows} rows in {time.perf_counter() - started:.1f} s")
        reset_sequences()


def build_template(build: Callable[[], object]) -> dict[type[models.Model], Range]:
    before = max_ids()
    with transaction.atomic():
        build()
    return ranges(before, max_ids())


def seed_background(fraction: float, log: Callable = print, tiny: bool = False) -> None:
    """About 3,000 procurements × fraction besides the municipality's, two thirds with a
    contract and its rounds. `tiny` builds the templates small (for tests)."""
    from rodtrad.demo import scale

    total = max(2, round((NATIONAL_PROCUREMENTS - 1) * fraction))
    with_contract = max(1, round(total * CONTRACT_SHARE))
    shapes = (
        (scale.TINY_BACKGROUND, scale.TINY_AWARDED) if tiny else (scale.BACKGROUND, scale.AWARDED)
    )
    log("Building the background templates through the services …")
    full = build_template(lambda: scale.build_lifecycle(shapes[0], serial=300))
    awarded = build_template(lambda: scale.build_lifecycle(shapes[1], serial=500))
    log(f"Copying {with_contract - 1} contracted and {total - with_contract - 1} awarded …")
    clone(full, with_contract - 1, log)
    clone(awarded, total - with_contract - 1, log)
    analyse(log)


def analyse(log: Callable) -> None:
    """Fresh planner statistics: without them PostgreSQL plans the grown tables as if they were
    still small (seconds instead of milliseconds for the engine's score queries)."""
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in lifecycle_models():
            cursor.execute(f"ANALYZE {_quote(model._meta.db_table)}")
    log(f"Analysed the tables in {time.perf_counter() - started:.1f} s")
