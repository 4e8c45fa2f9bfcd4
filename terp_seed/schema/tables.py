"""SQLAlchemy tables built from the snapshot: the only place the project spells a column type.

One MetaData serves MySQL/MariaDB (exact types, defaults, keys and FK names, so the seeded
database is indistinguishable from one drizzle-kit pushed) and SQLite (for fast tests, where the
same tables degrade to SQLite's type affinities).

Three things SQLAlchemy does not express portably are handled by DDL compile hooks and events
registered when this module is imported; each acts only on objects built here (marked through
`info`), so other MetaData in the process (Dagster's own storage, say) are untouched:

- MySQL's `ON UPDATE CURRENT_TIMESTAMP` column clause;
- SQLite's database-wide index namespace (TERP reuses names such as `idx_status` across tables,
  which MySQL scopes per table);
- MariaDB before 10.10 defaulting `explicit_defaults_for_timestamp` to OFF, which would give
  NOT NULL TIMESTAMP columns without a default an implicit one.
"""

import functools
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, CreateIndex, DropIndex

from terp_seed.schema.snapshot import ColumnSpec, TableSpec, table_names, table_spec

_MYSQL_DIALECTS = ("mysql", "mariadb")
# `info` keys marking the objects the DDL hooks below act on.
_ON_UPDATE_KEY = "terp_on_update"
_SQLITE_INDEX_NAME_KEY = "terp_sqlite_index_name"
# Every way TERP's snapshot spells "the current time" as a column default.
_CURRENT_TIMESTAMP_SPELLINGS = frozenset(
    {"(now())", "now()", "current_timestamp", "(current_timestamp)", "current_timestamp()"}
)


@functools.cache
def build_metadata() -> sa.MetaData:
    """Build (once) the MetaData holding every TERP table.

    `create_all` works on MySQL/MariaDB and SQLite; `sorted_tables` is in FK dependency order
    (reverse it to delete or drop).

    Returns:
        The shared MetaData with all 233 tables. Treat it as read-only.
    """
    metadata = sa.MetaData()
    for name in table_names():
        _build_table(metadata, table_spec(name))
    _defer_cyclic_foreign_keys(metadata)
    return metadata


def column_type(column: ColumnSpec) -> sa.types.TypeEngine[Any]:
    """Return the SQLAlchemy type of a column: exact on MySQL, an affinity on SQLite.

    Args:
        column: The column's spec.

    Returns:
        The type to declare the column with.

    Raises:
        ValueError: If the column kind is unknown.
    """
    match column.kind:
        case "int":
            # INTEGER is INT on MySQL and, as the only PK type, SQLite's rowid alias.
            return sa.Integer()
        case "varchar":
            return sa.String(column.length)
        case "decimal":
            return sa.Numeric(column.precision, column.scale).with_variant(
                mysql.DECIMAL(column.precision, column.scale), *_MYSQL_DIALECTS
            )
        case "text":
            return sa.Text()
        case "longtext":
            return sa.Text().with_variant(mysql.LONGTEXT(), *_MYSQL_DIALECTS)
        case "enum":
            # Native ENUM on MySQL; a plain VARCHAR (no CHECK) elsewhere.
            return sa.Enum(*column.enum_values, native_enum=True, create_constraint=False)
        case "boolean":
            # BOOL, which MySQL stores as TINYINT(1).
            return sa.Boolean(create_constraint=False)
        case "json":
            return sa.JSON()
        case "timestamp":
            return TerpTimestamp()
        case "date":
            return sa.Date()
    raise ValueError(f"column {column.name}: unknown kind {column.kind!r}")


def server_default(column: ColumnSpec) -> sa.TextClause | str | None:
    """Return the DDL default of a column, spelled so MySQL, MariaDB and SQLite all accept it.

    Args:
        column: The column's spec.

    Returns:
        A string (rendered as a quoted literal), a SQL text clause, or None for no default.

    Raises:
        ValueError: If the default is a SQL expression this module does not know.
    """
    if column.default_sql is not None:
        if column.default_sql.strip().lower() in _CURRENT_TIMESTAMP_SPELLINGS:
            # drizzle writes (now()); CURRENT_TIMESTAMP is the same default and SQLite has it.
            return sa.text("CURRENT_TIMESTAMP")
        raise ValueError(f"column {column.name}: unsupported SQL default {column.default_sql!r}")
    value = column.default
    if value is None:
        return None
    if column.kind == "boolean":
        return sa.text("1" if value else "0")
    if column.kind == "int":
        return sa.text(str(int(value)))
    if column.kind == "json":
        # MySQL 8 only accepts an expression default on JSON, hence the parentheses;
        # MariaDB and SQLite accept it too.
        text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        literal = "'" + text.replace("'", "''") + "'"
        return sa.text(f"({literal})".replace(":", r"\:"))
    # Decimals stay strings ('0.00'), as drizzle emits them; MySQL converts them exactly.
    return str(value)


def _build_table(metadata: sa.MetaData, spec: TableSpec) -> sa.Table:
    columns = [
        sa.Column(
            column.name,
            column_type(column),
            primary_key=column.pk,
            nullable=column.nullable,
            autoincrement=column.autoincrement if column.pk else False,
            server_default=server_default(column),
            server_onupdate=sa.FetchedValue() if column.on_update else None,
            info={_ON_UPDATE_KEY: column.on_update} if column.on_update else {},
        )
        for column in spec.columns
    ]
    # drizzle names a column's .unique() key `<table>_<column>_unique`; keep that name.
    unique_columns = [
        sa.UniqueConstraint(column.name, name=f"{spec.name}_{column.name}_unique")
        for column in spec.columns
        if column.unique
    ]
    unique_constraints = [
        sa.UniqueConstraint(*constraint.columns, name=constraint.name)
        for constraint in spec.unique_constraints
    ]
    indexes = [
        sa.Index(
            index.name,
            *index.columns,
            unique=index.unique,
            info={_SQLITE_INDEX_NAME_KEY: f"{spec.name}__{index.name}"},
        )
        for index in spec.indexes
    ]
    foreign_keys = [
        sa.ForeignKeyConstraint(
            [fk.column],
            [f"{fk.references_table}.{fk.references_column}"],
            name=fk.constraint,
            ondelete=fk.on_delete.upper() if fk.on_delete else None,
            onupdate=fk.on_update.upper() if fk.on_update else None,
        )
        for fk in spec.foreign_keys
    ]
    table = sa.Table(
        spec.name,
        metadata,
        *columns,
        *unique_columns,
        *unique_constraints,
        *indexes,
        *foreign_keys,
        info={"terp_spec": spec},
    )
    if any(c.kind == "timestamp" and not c.nullable and not c.has_default for c in spec.columns):
        sa.event.listen(table, "before_create", _explicit_timestamp_defaults_on)
        sa.event.listen(table, "after_create", _explicit_timestamp_defaults_restore)
    return table


def _defer_cyclic_foreign_keys(metadata: sa.MetaData) -> None:
    # Tables that reference each other in a cycle cannot all be created with inline FKs (nor
    # ordered by `sorted_tables`). SQLAlchemy reports the FKs inside such cycles as the
    # trailing (None, fks) entry; adding those with ALTER after the CREATEs breaks the cycle.
    # The pinned snapshot has none (only orders' self-reference, which needs nothing), so this
    # guards future snapshots.
    for table, fks in sa.schema.sort_tables_and_constraints(metadata.tables.values()):
        if table is None:
            for fk in fks:
                fk.use_alter = True


def _explicit_timestamp_defaults_on(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    # With explicit_defaults_for_timestamp OFF (MariaDB < 10.10, old MySQL), a NOT NULL
    # TIMESTAMP without DEFAULT silently gets CURRENT_TIMESTAMP or a zero date. Switch it on
    # for this session only while the table is created; after_create restores it.
    if connection.dialect.name not in _MYSQL_DIALECTS:
        return
    current = connection.exec_driver_sql(
        "SELECT @@SESSION.explicit_defaults_for_timestamp"
    ).scalar()
    if not int(current):
        connection.exec_driver_sql("SET SESSION explicit_defaults_for_timestamp = 1")
        connection.info["terp_restore_explicit_defaults"] = True


def _explicit_timestamp_defaults_restore(
    target: sa.Table, connection: sa.Connection, **_: Any
) -> None:
    if connection.info.pop("terp_restore_explicit_defaults", False):
        connection.exec_driver_sql("SET SESSION explicit_defaults_for_timestamp = 0")


class TerpTimestamp(sa.TIMESTAMP):
    """TERP's TIMESTAMP: second precision, as drizzle creates it.

    Dagster's own storage registers a MySQL compile rule that turns every sa.TIMESTAMP into
    TIMESTAMP(6) process-wide once it is imported; this type keeps TERP's DDL exact anyway.
    """

    cache_ok = True


@compiles(TerpTimestamp, *_MYSQL_DIALECTS)
def _compile_terp_timestamp(_element: TerpTimestamp, _compiler: Any, **_: Any) -> str:
    return "TIMESTAMP"


@compiles(CreateColumn, *_MYSQL_DIALECTS)
def _create_column_with_on_update(element: CreateColumn[Any], compiler: Any, **kw: Any) -> str:
    text = compiler.visit_create_column(element, **kw)
    on_update = element.element.info.get(_ON_UPDATE_KEY)
    if text and on_update:
        text = f"{text} ON UPDATE {on_update}"
    return text


@compiles(CreateIndex, "sqlite")
def _create_sqlite_index(element: CreateIndex, compiler: Any, **kw: Any) -> str:
    index = element.element
    sqlite_name = index.info.get(_SQLITE_INDEX_NAME_KEY)
    if sqlite_name is None:
        return compiler.visit_create_index(element, **kw)
    preparer = compiler.preparer
    columns = ", ".join(preparer.quote(column.name) for column in index.columns)
    return "CREATE {}INDEX {}{} ON {} ({})".format(
        "UNIQUE " if index.unique else "",
        "IF NOT EXISTS " if element.if_not_exists else "",
        preparer.quote(sqlite_name),
        preparer.format_table(index.table),
        columns,
    )


@compiles(DropIndex, "sqlite")
def _drop_sqlite_index(element: DropIndex, compiler: Any, **kw: Any) -> str:
    index = element.element
    sqlite_name = index.info.get(_SQLITE_INDEX_NAME_KEY)
    if sqlite_name is None:
        return compiler.visit_drop_index(element, **kw)
    if_exists = "IF EXISTS " if element.if_exists else ""
    return f"DROP INDEX {if_exists}{compiler.preparer.quote(sqlite_name)}"
