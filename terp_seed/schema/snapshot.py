"""The pinned TERP schema snapshot, read into typed, immutable specs.

`terp_schema.json` (package data) was read from TERP's drizzle-orm table objects and checked
against the DDL drizzle-kit emits. Everything else in the project asks this module, never the
JSON, what a table or column looks like.
"""

import dataclasses
import difflib
import functools
import importlib.resources
import json
import re
from typing import Any, Literal

SNAPSHOT_FILE = "terp_schema.json"

ColumnKind = Literal[
    "int", "decimal", "varchar", "text", "longtext", "enum", "boolean", "json", "timestamp", "date"
]

# Types the snapshot spells without parameters, as MySQL prints them.
_PLAIN_KINDS: dict[str, ColumnKind] = {
    "int": "int",
    "text": "text",
    "longtext": "longtext",
    "boolean": "boolean",
    "json": "json",
    "timestamp": "timestamp",
    "date": "date",
}
_VARCHAR_RE = re.compile(r"^varchar\((\d+)\)$")
_DECIMAL_RE = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
_ENUM_RE = re.compile(r"^enum\((.*)\)$", re.DOTALL)
_ENUM_VALUE_RE = re.compile(r"'((?:[^']|'')*)'")


@functools.cache
def load_snapshot() -> dict[str, Any]:
    """Return the pinned schema snapshot as parsed JSON.

    The result is cached and shared by every caller: treat it as read-only.

    Returns:
        The snapshot: `source`, `notes`, `dual_definitions` and `tables` keyed by table name.
    """
    resource = importlib.resources.files("terp_seed.schema").joinpath(SNAPSHOT_FILE)
    return json.loads(resource.read_text(encoding="utf-8"))


@dataclasses.dataclass(frozen=True)
class ColumnSpec:
    """One column, as the database defines it.

    Attributes:
        name: The SQL column name (TERP mixes snake_case and camelCase; use it verbatim).
        sql_type: The type as MySQL prints it, e.g. `decimal(15,2)`.
        kind: The type family: int, decimal, varchar, text, longtext, enum, boolean, json,
            timestamp or date.
        length: Maximum characters of a varchar, else None.
        precision: Total digits of a decimal, else None.
        scale: Digits after the point of a decimal, else None.
        enum_values: Allowed values of an enum, in declaration order; empty otherwise.
        nullable: Whether the column accepts NULL.
        has_default: Whether the database fills the column when an INSERT omits it (a literal
            or SQL-expression default). An app-side `{"fn": ...}` default does not count.
        autoincrement: Whether the database numbers the column (AUTO_INCREMENT).
        pk: Whether the column is (part of) the primary key.
        default: The literal database default (str, int or bool; JSON literals as compact
            JSON text), or None.
        default_sql: A SQL-expression default as the snapshot spells it, e.g. `(now())`.
        on_update: `CURRENT_TIMESTAMP` when MySQL refreshes the column on UPDATE, else None.
        unique: Whether the column alone carries a UNIQUE key (`<table>_<column>_unique`).
        ts_property: The TypeScript property name TERP's code uses for the column.
    """

    name: str
    sql_type: str
    kind: ColumnKind
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    enum_values: tuple[str, ...] = ()
    nullable: bool = True
    has_default: bool = False
    autoincrement: bool = False
    pk: bool = False
    default: str | int | bool | None = None
    default_sql: str | None = None
    on_update: str | None = None
    unique: bool = False
    ts_property: str | None = None


@dataclasses.dataclass(frozen=True)
class ForeignKeySpec:
    """A link from one column to another table's column.

    Used for enforced FKs (`constraint` set), app-declared `relations_one`, FKs only TERP's SQL
    migrations add, and name-based guesses (`inferred_references`).

    Attributes:
        column: The referencing column of this table.
        references_table: The referenced table.
        references_column: The referenced column.
        constraint: The FK constraint name, for FKs the database enforces.
        on_delete: The ON DELETE action as the snapshot spells it (e.g. `cascade`), or None.
        on_update: The ON UPDATE action, or None.
    """

    column: str
    references_table: str
    references_column: str
    constraint: str | None = None
    on_delete: str | None = None
    on_update: str | None = None


@dataclasses.dataclass(frozen=True)
class IndexSpec:
    """A named index or unique constraint over one or more columns, in key order."""

    name: str
    columns: tuple[str, ...]
    unique: bool


@dataclasses.dataclass(frozen=True)
class PolymorphicReference:
    """A (type, id) column pair whose target table depends on the type value."""

    type_column: str
    id_column: str


@dataclasses.dataclass(frozen=True)
class TableSpec:
    """One table of TERP's database, as the snapshot describes it.

    Attributes:
        name: The SQL table name.
        columns: Columns in table order.
        primary_key: Primary-key column names, in key order.
        foreign_keys: FK constraints the database enforces.
        relations_one: Links TERP declares in drizzle `relations()` (no DB constraint).
        sql_migration_foreign_keys: FKs only TERP's hand-written SQL migrations add.
        polymorphic_references: (type, id) column pairs.
        in_test_db_push: False for the 21 tables TERP's own test database leaves out.
        indexes: Named indexes (unique or not).
        unique_constraints: Named multi-column unique constraints.
        inferred_references: Column-name guesses at links; verify before relying on them.
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeySpec, ...] = ()
    relations_one: tuple[ForeignKeySpec, ...] = ()
    sql_migration_foreign_keys: tuple[ForeignKeySpec, ...] = ()
    polymorphic_references: tuple[PolymorphicReference, ...] = ()
    in_test_db_push: bool = True
    indexes: tuple[IndexSpec, ...] = ()
    unique_constraints: tuple[IndexSpec, ...] = ()
    inferred_references: tuple[ForeignKeySpec, ...] = ()
    _by_name: dict[str, ColumnSpec] = dataclasses.field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {column.name: column for column in self.columns})

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in table order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> ColumnSpec:
        """Return the column called `name`.

        Args:
            name: The SQL column name (case-sensitive, as in the snapshot).

        Returns:
            The column's spec.

        Raises:
            KeyError: If the table has no such column; the message suggests near names.
        """
        try:
            return self._by_name[name]
        except KeyError:
            message = _unknown_name_message(f"column of {self.name}", name, self._by_name)
            raise KeyError(message) from None


def table_names() -> list[str]:
    """Return every table name, in snapshot order.

    Returns:
        The 233 table names.
    """
    return list(_table_specs())


def table_spec(name: str) -> TableSpec:
    """Return the spec of one table.

    Args:
        name: The SQL table name (case-sensitive: `ledgerEntries`, `order_line_items`).

    Returns:
        The table's spec.

    Raises:
        KeyError: If the snapshot has no such table; the message suggests near names.
    """
    specs = _table_specs()
    try:
        return specs[name]
    except KeyError:
        raise KeyError(_unknown_name_message("table", name, specs)) from None


def parse_column(raw: dict[str, Any]) -> ColumnSpec:
    """Turn one snapshot column entry into a ColumnSpec.

    Args:
        raw: The column's JSON object from `tables.<name>.columns`.

    Returns:
        The column's spec.

    Raises:
        ValueError: If the type is one this project does not know how to build.
    """
    sql_type = raw["type"]
    length = precision = scale = None
    enum_values: tuple[str, ...] = ()
    if sql_type in _PLAIN_KINDS:
        kind = _PLAIN_KINDS[sql_type]
    elif match := _VARCHAR_RE.match(sql_type):
        kind, length = "varchar", int(match.group(1))
    elif match := _DECIMAL_RE.match(sql_type):
        kind, precision, scale = "decimal", int(match.group(1)), int(match.group(2))
    elif match := _ENUM_RE.match(sql_type):
        kind = "enum"
        parsed = tuple(v.replace("''", "'") for v in _ENUM_VALUE_RE.findall(match.group(1)))
        enum_values = tuple(raw.get("enum") or parsed)
        if enum_values != parsed:
            raise ValueError(f"column {raw['name']}: enum list {enum_values} != type {sql_type}")
    else:
        raise ValueError(f"column {raw['name']}: unsupported type {sql_type!r}")

    raw_default = raw.get("default")
    default: str | int | bool | None = None
    default_sql: str | None = None
    if isinstance(raw_default, dict):
        # {"sql": ...} is a database expression; {"fn": ...} is drizzle's $defaultFn, which
        # runs in TERP's app and leaves the database column without a default.
        default_sql = raw_default.get("sql")
    elif isinstance(raw_default, list | tuple):
        default = json.dumps(raw_default, separators=(",", ":"))
    elif raw_default is not None:
        default = raw_default

    return ColumnSpec(
        name=raw["name"],
        sql_type=sql_type,
        kind=kind,
        length=length,
        precision=precision,
        scale=scale,
        enum_values=enum_values,
        nullable=bool(raw["nullable"]),
        has_default=default is not None or default_sql is not None,
        autoincrement=bool(raw.get("autoincrement", False)),
        pk=bool(raw.get("pk", False)),
        default=default,
        default_sql=default_sql,
        on_update=raw.get("on_update"),
        unique=bool(raw.get("unique", False)),
        ts_property=raw.get("ts_property"),
    )


def parse_table(name: str, raw: dict[str, Any]) -> TableSpec:
    """Turn one snapshot table entry into a TableSpec.

    Args:
        name: The table name (the key under `tables`).
        raw: The table's JSON object.

    Returns:
        The table's spec.
    """

    def links(key: str) -> tuple[ForeignKeySpec, ...]:
        return tuple(
            ForeignKeySpec(
                column=link["column"],
                references_table=link["references_table"],
                references_column=link["references_column"],
                constraint=link.get("constraint"),
                on_delete=link.get("on_delete"),
                on_update=link.get("on_update"),
            )
            for link in raw.get(key) or ()
        )

    return TableSpec(
        name=name,
        columns=tuple(parse_column(column) for column in raw["columns"]),
        primary_key=tuple(raw.get("primary_key") or ()),
        foreign_keys=links("foreign_keys"),
        relations_one=links("relations_one"),
        sql_migration_foreign_keys=links("sql_migration_foreign_keys"),
        polymorphic_references=tuple(
            PolymorphicReference(type_column=ref["type_column"], id_column=ref["id_column"])
            for ref in raw.get("polymorphic_references") or ()
        ),
        in_test_db_push=bool(raw.get("in_test_db_push", True)),
        indexes=tuple(
            IndexSpec(name=index["name"], columns=tuple(index["columns"]), unique=index["unique"])
            for index in raw.get("indexes") or ()
        ),
        unique_constraints=tuple(
            IndexSpec(name=constraint["name"], columns=tuple(constraint["columns"]), unique=True)
            for constraint in raw.get("unique_constraints") or ()
        ),
        inferred_references=links("inferred_references"),
    )


@functools.cache
def _table_specs() -> dict[str, TableSpec]:
    # `tables.<name>` is authoritative. Three names have a second drizzle definition under
    # `dual_definitions` (referral_settings differs in columns); drizzle-kit emits the
    # `tables` variant, so that is the one the database has and the one we build.
    return {name: parse_table(name, raw) for name, raw in load_snapshot()["tables"].items()}


def _unknown_name_message(what: str, name: str, known: dict[str, Any]) -> str:
    near = difflib.get_close_matches(name, list(known), n=3)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"unknown TERP {what}: {name!r}{hint}"
