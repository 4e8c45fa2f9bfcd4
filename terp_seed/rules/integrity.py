"""R14 as one rule per family: every link of its tables, declared or logical, resolves.

TERP enforces only some of its links in the database; many more are declared only in the
app (`relations_one`) or added by hand-written migrations. Seeded data must honour all of them,
or the app will show orders whose client or batch does not exist.
"""

from collections.abc import Sequence

from terp_seed.rules.core import Rule
from terp_seed.schema import table_spec


def dangling_links_query(tables: Sequence[str], quote: str = "`") -> str:
    """SQL listing every row of `tables` whose link points at no row, one row per break.

    `quote` is the identifier quote: a backtick for MySQL, a double quote for SQLite (TERP
    has columns named like SQL words, such as `order`).

    Columns: link (child.column -> parent.column), row_id (the child's primary key), value.
    """
    parts = []
    for table in tables:
        spec = table_spec(table)
        links = {
            (link.column, link.references_table, link.references_column)
            for link in (*spec.foreign_keys, *spec.relations_one, *spec.sql_migration_foreign_keys)
        }
        key = spec.primary_key[0]
        for column, parent, parent_column in sorted(links):
            q = lambda name: f"{quote}{name}{quote}"  # noqa: E731
            parts.append(
                f"SELECT '{table}.{column} -> {parent}.{parent_column}' AS link, "
                f"c.{q(key)} AS row_id, c.{q(column)} AS value FROM {q(table)} c "
                f"LEFT JOIN {q(parent)} p ON p.{q(parent_column)} = c.{q(column)} "
                f"WHERE c.{q(column)} IS NOT NULL AND p.{q(parent_column)} IS NULL"
            )
    return " UNION ALL ".join(parts) if parts else "SELECT 1 AS link WHERE 1 = 0"


def links_resolve(family: str, tables: Sequence[str]) -> Rule:
    """The R14 rule of a family: its tables' links all resolve."""
    return Rule(
        "R14",
        f"{family}_references_resolve",
        f"Every link of the {family} tables, enforced by the database or only by the app, "
        "points at an existing row.",
        "violations",
        lambda context: dangling_links_query(tables, '"' if context.dialect == "sqlite" else "`"),
        tuple(tables),
    )
