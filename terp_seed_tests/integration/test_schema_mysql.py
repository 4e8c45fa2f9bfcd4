"""The MetaData creates, on a real MariaDB/MySQL, exactly the schema the snapshot describes.

Everything is read back from information_schema and compared with the snapshot, table by table
and column by column: types, nullability, defaults, ON UPDATE, auto-increment, foreign keys
(name, column, target, rules) and indexes (name, uniqueness, columns in order).

The creation runs three ways: `create_all` with the server's explicit_defaults_for_timestamp,
`create_all` with it forced OFF as on MariaDB < 10.10 (where NOT NULL TIMESTAMP columns would
otherwise get implicit defaults), and the store's own DDL (one CREATE TABLE per table, indexes
inline), which must build the very same schema. How fast it is belongs to the benchmark
(scripts/bench_seed.py), not to a test.
"""

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
import sqlalchemy as sa

from terp_seed.schema import ColumnSpec, TableSpec, build_metadata, table_names, table_spec
from terp_seed.store.mysql import MySQLStore
from terp_seed_tests.integration.conftest import scratch_database, scratch_name

pytestmark = pytest.mark.integration

MAX_REPORTED = 40


@dataclasses.dataclass(frozen=True)
class LiveSchema:
    """What information_schema says about the scratch database after create_all."""

    columns: dict[str, list[dict[str, Any]]]  # table -> columns in ordinal order
    json_checked: set[tuple[str, str]]  # (table, column) with a json_valid() CHECK
    other_checks: list[tuple[str, str, str]]
    foreign_keys: dict[str, dict[str, dict[str, Any]]]  # table -> constraint -> fk
    indexes: dict[str, dict[str, dict[str, Any]]]  # table -> index -> {unique, columns}


def _fetch(connection: sa.Connection, sql: str) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.exec_driver_sql(sql)]


def _read_live_schema(connection: sa.Connection) -> LiveSchema:
    columns: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _fetch(
        connection,
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,"
        " COLUMN_DEFAULT AS dflt, EXTRA AS extra FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    ):
        columns[row["t"]].append(row)

    json_checked: set[tuple[str, str]] = set()
    other_checks: list[tuple[str, str, str]] = []
    for row in _fetch(
        connection,
        "SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause"
        " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
    ):
        # MariaDB stores JSON as LONGTEXT plus CHECK (json_valid(`col`)).
        match = re.fullmatch(r"json_valid\(`(.+)`\)", row["clause"].strip())
        if match:
            json_checked.add((row["t"], match.group(1)))
        else:
            other_checks.append((row["t"], row["name"], row["clause"]))

    foreign_keys: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in _fetch(
        connection,
        "SELECT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS c,"
        " k.REFERENCED_TABLE_NAME AS ref_t, k.REFERENCED_COLUMN_NAME AS ref_c,"
        " r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update"
        " FROM information_schema.KEY_COLUMN_USAGE k"
        " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
        "   ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
        "   AND r.TABLE_NAME = k.TABLE_NAME"
        " WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL"
        " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    ):
        fk = foreign_keys[row["t"]].setdefault(row["name"], {**row, "columns": []})
        fk["columns"].append((row["c"], row["ref_c"]))

    indexes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in _fetch(
        connection,
        "SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS non_unique,"
        " COLUMN_NAME AS c, SUB_PART AS sub_part FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    ):
        index = indexes[row["t"]].setdefault(
            row["name"], {"unique": not int(row["non_unique"]), "columns": []}
        )
        index["columns"].append(
            row["c"] if row["sub_part"] is None else f"{row['c']}({row['sub_part']})"
        )

    return LiveSchema(
        columns=dict(columns),
        json_checked=json_checked,
        other_checks=other_checks,
        foreign_keys=dict(foreign_keys),
        indexes=dict(indexes),
    )


@pytest.fixture(
    scope="module", params=["server_timestamp_mode", "explicit_defaults_off", "store_ddl"]
)
def live_schema(request: pytest.FixtureRequest, mysql_url: str) -> Iterator[LiveSchema]:
    """Create all tables in a scratch database and read its information_schema."""
    legacy = request.param == "explicit_defaults_off"
    # One database per process, named from TERP_TEST_MYSQL_URL's database.
    name = scratch_name(mysql_url, f"schema_{request.param[:6]}")
    metadata = build_metadata()
    with scratch_database(mysql_url, name) as url:
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                if legacy:
                    try:
                        connection.exec_driver_sql(
                            "SET SESSION explicit_defaults_for_timestamp = 0"
                        )
                    except sa.exc.DBAPIError as error:
                        pytest.skip(f"cannot turn explicit_defaults_for_timestamp off: {error}")
                if request.param == "store_ddl":
                    MySQLStore(sa.make_url(url))._create_schema(connection)
                else:
                    metadata.create_all(connection)
                if legacy:
                    # The hook must leave the session as it found it.
                    restored = connection.exec_driver_sql(
                        "SELECT @@SESSION.explicit_defaults_for_timestamp"
                    ).scalar()
                    assert int(restored) == 0, "explicit_defaults_for_timestamp not restored"
                live = _read_live_schema(connection)
            yield live
            with engine.begin() as connection:
                metadata.drop_all(connection)
        finally:
            engine.dispose()


# --- normalisation: what MariaDB / MySQL 8 print -> the snapshot's spelling ---------------


def _normalise_type(table: str, column: str, column_type: str, live: LiveSchema) -> str:
    # Lower-case the type name only: enum values are case-sensitive data.
    head, paren, rest = column_type.strip().partition("(")
    column_type = head.lower() + paren + rest
    if column_type == "tinyint(1)":
        return "boolean"
    if column_type == "longtext" and (table, column) in live.json_checked:
        return "json"
    # Display widths (int(11)) mean nothing for storage; MySQL 8 no longer prints them.
    return re.sub(r"^int\(\d+\)", "int", column_type)


def _unquote(text: str) -> str:
    # MySQL 8 prefixes expression string literals with a charset introducer (_utf8mb4'[]')
    # and escapes quotes with backslashes; MariaDB quotes literals since 10.2.7.
    text = re.sub(r"^_[a-z0-9]+(?=')", "", text)
    text = text.replace("\\'", "'")
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _normalise_default(raw: str | None, kind: str) -> Any:
    if raw is None or raw == "NULL":
        return None
    if raw.lower().rstrip("()") in {"current_timestamp", "now"}:
        return "CURRENT_TIMESTAMP"
    value = _unquote(raw.strip())
    if value.startswith("(") and value.endswith(")"):
        value = _unquote(value[1:-1])
    return _typed_default(value, kind)


def _typed_default(value: Any, kind: str) -> Any:
    try:
        if kind == "decimal":
            return Decimal(str(value))
        if kind == "int":
            return int(value)
        if kind == "boolean":
            return int(value)
        if kind == "json":
            return json.loads(value) if isinstance(value, str) else value
    except (InvalidOperation, ValueError, TypeError):
        return value
    return value


def _expected_default(column: ColumnSpec) -> Any:
    if column.default_sql is not None:
        return "CURRENT_TIMESTAMP"
    if column.default is None:
        return None
    return _typed_default(column.default, column.kind)


def _on_update(extra: str) -> str | None:
    match = re.search(r"on update (current_timestamp)", extra or "", re.IGNORECASE)
    return "CURRENT_TIMESTAMP" if match else None


def _fk_rule(rule: str | None) -> set[str]:
    # No clause means RESTRICT; MySQL 8 reports it as NO ACTION, MariaDB as RESTRICT.
    return {"RESTRICT", "NO ACTION"} if rule is None else {rule.upper()}


def _expected_indexes(spec: TableSpec) -> dict[str, dict[str, Any]]:
    expected: dict[str, dict[str, Any]] = {
        "PRIMARY": {"unique": True, "columns": list(spec.primary_key)}
    }
    for column in spec.columns:
        if column.unique:
            expected[f"{spec.name}_{column.name}_unique"] = {
                "unique": True,
                "columns": [column.name],
            }
    for constraint in spec.unique_constraints:
        expected[constraint.name] = {"unique": True, "columns": list(constraint.columns)}
    for index in spec.indexes:
        expected[index.name] = {"unique": index.unique, "columns": list(index.columns)}
    # InnoDB gives an FK column with no index starting on it an index named after the FK.
    for fk in spec.foreign_keys:
        if not any(index["columns"][0] == fk.column for index in expected.values()):
            expected[fk.constraint] = {"unique": False, "columns": [fk.column]}
    return expected


def _report(problems: list[str]) -> str:
    shown = problems[:MAX_REPORTED]
    more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return f"{len(problems)} mismatches:\n" + "\n".join(shown) + more


# --- the comparisons --------------------------------------------------------------------------


def test_every_table_exists_and_no_other(live_schema: LiveSchema) -> None:
    expected = set(table_names())
    actual = set(live_schema.columns)
    assert actual == expected, (
        f"missing tables: {sorted(expected - actual)}; "
        f"unexpected tables: {sorted(actual - expected)}"
    )


def test_columns_match_snapshot(live_schema: LiveSchema) -> None:
    problems: list[str] = []
    for name in table_names():
        spec = table_spec(name)
        live_columns = live_schema.columns.get(name, [])
        live_names = [row["c"] for row in live_columns]
        if live_names != list(spec.column_names):
            problems.append(
                f"{name}: columns (in order) are {live_names}, "
                f"snapshot has {list(spec.column_names)}"
            )
        by_name = {row["c"]: row for row in live_columns}
        for column in spec.columns:
            row = by_name.get(column.name)
            if row is None:
                continue
            where = f"{name}.{column.name}"
            live_type = _normalise_type(name, column.name, row["type"], live_schema)
            if live_type != column.sql_type:
                problems.append(
                    f"{where}: type is {live_type!r} ({row['type']}), snapshot {column.sql_type!r}"
                )
            live_nullable = row["nullable"] == "YES"
            if live_nullable != column.nullable:
                problems.append(f"{where}: nullable is {live_nullable}, snapshot {column.nullable}")
            live_default = _normalise_default(row["dflt"], column.kind)
            expected_default = _expected_default(column)
            if live_default != expected_default:
                problems.append(
                    f"{where}: default is {live_default!r} (raw {row['dflt']!r}), "
                    f"snapshot {expected_default!r}"
                )
            live_on_update = _on_update(row["extra"])
            if live_on_update != column.on_update:
                problems.append(
                    f"{where}: ON UPDATE is {live_on_update!r} (extra {row['extra']!r}), "
                    f"snapshot {column.on_update!r}"
                )
            live_autoincrement = "auto_increment" in (row["extra"] or "").lower()
            if live_autoincrement != column.autoincrement:
                problems.append(
                    f"{where}: auto_increment is {live_autoincrement}, "
                    f"snapshot {column.autoincrement}"
                )
    for table, constraint, clause in live_schema.other_checks:
        problems.append(f"{table}: unexpected CHECK {constraint}: {clause}")
    assert not problems, _report(problems)


def test_foreign_keys_match_snapshot(live_schema: LiveSchema) -> None:
    problems: list[str] = []
    for name in table_names():
        spec = table_spec(name)
        live_fks = live_schema.foreign_keys.get(name, {})
        expected = {fk.constraint: fk for fk in spec.foreign_keys}
        for constraint in sorted(set(live_fks) - set(expected)):
            problems.append(
                f"{name}: unexpected FK {constraint} on {live_fks[constraint]['columns']}"
            )
        for constraint, fk in expected.items():
            live = live_fks.get(constraint)
            where = f"{name}.{fk.column} FK {constraint}"
            if live is None:
                problems.append(
                    f"{where}: missing (snapshot -> {fk.references_table}.{fk.references_column})"
                )
                continue
            if (
                live["columns"] != [(fk.column, fk.references_column)]
                or live["ref_t"] != fk.references_table
            ):
                problems.append(
                    f"{where}: is {live['columns']} -> {live['ref_t']}, "
                    f"snapshot {fk.column} -> {fk.references_table}.{fk.references_column}"
                )
            if live["on_delete"].upper() not in _fk_rule(fk.on_delete):
                problems.append(
                    f"{where}: ON DELETE is {live['on_delete']}, snapshot {fk.on_delete}"
                )
            if live["on_update"].upper() not in _fk_rule(fk.on_update):
                problems.append(
                    f"{where}: ON UPDATE is {live['on_update']}, snapshot {fk.on_update}"
                )
    assert not problems, _report(problems)


def test_indexes_match_snapshot(live_schema: LiveSchema) -> None:
    problems: list[str] = []
    for name in table_names():
        spec = table_spec(name)
        live = live_schema.indexes.get(name, {})
        expected = _expected_indexes(spec)
        for index_name in sorted(set(live) - set(expected)):
            problems.append(f"{name}: unexpected index {index_name} {live[index_name]}")
        for index_name, want in expected.items():
            got = live.get(index_name)
            if got is None:
                problems.append(f"{name}: missing index {index_name} {want}")
            elif got != want:
                problems.append(f"{name}: index {index_name} is {got}, snapshot {want}")
    assert not problems, _report(problems)
