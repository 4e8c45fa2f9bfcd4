"""The schema layer, checked on SQLite in memory against the raw snapshot JSON.

The expected values come from `load_snapshot()` (the JSON as stored), not from the parsed
specs, so a parsing bug cannot hide behind itself.
"""

import datetime
import warnings

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.schema import CreateTable

from terp_seed.schema import (
    ColumnSpec,
    build_metadata,
    load_snapshot,
    table_names,
    table_spec,
)
from terp_seed.schema.snapshot import parse_column

RAW_TABLES = load_snapshot()["tables"]


@pytest.fixture(scope="module")
def sqlite_engine() -> sa.Engine:
    engine = sa.create_engine("sqlite://")
    build_metadata().create_all(engine)
    return engine


@pytest.fixture(scope="module")
def sqlite_inspector(sqlite_engine: sa.Engine) -> sa.Inspector:
    return sa.inspect(sqlite_engine)


def test_snapshot_has_233_tables_in_order() -> None:
    assert table_names() == list(RAW_TABLES)
    assert len(table_names()) == 233
    assert sum(table_spec(name).in_test_db_push for name in table_names()) == 212


def test_all_tables_created_on_sqlite(sqlite_inspector: sa.Inspector) -> None:
    created = set(sqlite_inspector.get_table_names())
    missing = sorted(set(RAW_TABLES) - created)
    assert not missing, f"tables not created on SQLite: {missing}"


@pytest.mark.parametrize("table", list(RAW_TABLES))
def test_sqlite_columns_and_nullability_match_snapshot(
    sqlite_inspector: sa.Inspector, table: str
) -> None:
    reflected = sqlite_inspector.get_columns(table)
    expected = [(c["name"], c["nullable"]) for c in RAW_TABLES[table]["columns"]]
    actual = [(c["name"], c["nullable"]) for c in reflected]
    for (want_name, want_null), (got_name, got_null) in zip(expected, actual, strict=False):
        assert got_name == want_name, (
            f"{table}: column {got_name!r} where snapshot has {want_name!r}"
        )
        assert got_null == want_null, (
            f"{table}.{got_name}: nullable {got_null} on SQLite, snapshot {want_null}"
        )
    assert len(actual) == len(expected), f"{table}: {len(actual)} columns, snapshot {len(expected)}"


def test_every_enum_column_has_the_snapshot_values() -> None:
    metadata = build_metadata()
    enum_columns = 0
    for table, raw in RAW_TABLES.items():
        for raw_column in raw["columns"]:
            column = metadata.tables[table].c[raw_column["name"]]
            where = f"{table}.{raw_column['name']}"
            if raw_column["type"].startswith("enum("):
                enum_columns += 1
                assert isinstance(column.type, sa.Enum), f"{where}: {column.type!r} is not an Enum"
                assert list(column.type.enums) == raw_column["enum"], (
                    f"{where}: enum {column.type.enums} != snapshot {raw_column['enum']}"
                )
                assert list(table_spec(table).column(column.name).enum_values) == raw_column["enum"]
            else:
                assert not isinstance(column.type, sa.Enum), f"{where}: unexpected Enum"
    assert enum_columns == 181


def test_primary_and_foreign_keys_match_snapshot() -> None:
    metadata = build_metadata()
    for table, raw in RAW_TABLES.items():
        sa_table = metadata.tables[table]
        assert [c.name for c in sa_table.primary_key.columns] == raw["primary_key"], table
        fks = {
            fk.name: (
                fk.column_keys,
                fk.referred_table.name,
                fk.elements[0].column.name,
                fk.ondelete,
            )
            for fk in sa_table.foreign_key_constraints
        }
        expected = {
            fk["constraint"]: (
                [fk["column"]],
                fk["references_table"],
                fk["references_column"],
                fk["on_delete"].upper() if fk["on_delete"] else None,
            )
            for fk in raw["foreign_keys"]
        }
        assert fks == expected, f"{table}: FKs differ"


def test_sorted_tables_needs_no_cycle_breaking_and_puts_parents_first() -> None:
    metadata = build_metadata()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SQLAlchemy warns when cycles make the sort unreliable
        order = [table.name for table in metadata.sorted_tables]
    position = {name: index for index, name in enumerate(order)}
    for table, raw in RAW_TABLES.items():
        for fk in raw["foreign_keys"]:
            parent = fk["references_table"]
            if parent != table:
                assert position[parent] < position[table], f"{table} sorts before {parent}"


def test_every_index_is_created_on_sqlite(sqlite_inspector: sa.Inspector) -> None:
    # TERP reuses index names across tables (idx_status...), which SQLite scopes per database.
    for table, raw in RAW_TABLES.items():
        created = {index["name"] for index in sqlite_inspector.get_indexes(table)}
        for index in raw["indexes"]:
            assert f"{table}__{index['name']}" in created, f"{table}: index {index['name']} missing"


def test_sqlite_fills_database_defaults(sqlite_engine: sa.Engine) -> None:
    metadata = build_metadata()
    users = metadata.tables["users"]
    rules = metadata.tables["calendar_recurrence_rules"]
    with sqlite_engine.begin() as connection:
        connection.execute(users.insert().values(openId="seed-user"))
        user = connection.execute(sa.select(users)).mappings().one()
        assert user["role"] == "user"
        assert user["createdAt"] is not None
        connection.execute(
            rules.insert().values(
                event_id=1, frequency="DAILY", start_date=datetime.date(2024, 1, 1)
            )
        )
        rule = connection.execute(sa.select(rules)).mappings().one()
        assert rule["interval"] == 1
        assert rule["exception_dates"] == []
        connection.rollback()


def test_mysql_ddl_has_on_update_exactly_where_the_snapshot_says() -> None:
    metadata = build_metadata()
    dialect = mysql.dialect()
    for table, raw in RAW_TABLES.items():
        ddl = str(CreateTable(metadata.tables[table]).compile(dialect=dialect))
        lines = {line.strip().split(" ", 1)[0].strip("`"): line for line in ddl.splitlines()}
        for column in raw["columns"]:
            line = lines[column["name"]]
            has_on_update = "ON UPDATE CURRENT_TIMESTAMP" in line
            assert has_on_update == bool(column.get("on_update")), f"{table}: {line.strip()}"


def test_mysql_ddl_spells_exact_types() -> None:
    ddl = str(CreateTable(build_metadata().tables["orders"]).compile(dialect=mysql.dialect()))
    assert "`orderType` ENUM('QUOTE','SALE') NOT NULL" in ddl
    assert "subtotal DECIMAL(15, 2) NOT NULL" in ddl
    assert "is_draft BOOL NOT NULL DEFAULT 1" in ddl
    assert "tax DECIMAL(15, 2) DEFAULT '0'" in ddl
    assert "items JSON NOT NULL" in ddl
    assert "packed_at TIMESTAMP NULL," in ddl
    blob = str(
        CreateTable(build_metadata().tables["demo_media_blobs"]).compile(dialect=mysql.dialect())
    )
    assert "bytes_base64 LONGTEXT NOT NULL" in blob


def test_has_default_counts_database_defaults_only() -> None:
    base = {"name": "c", "nullable": False, "pk": False}
    assert parse_column({**base, "type": "int", "default": 0}).has_default
    assert parse_column({**base, "type": "timestamp", "default": {"sql": "(now())"}}).has_default
    assert parse_column({**base, "type": "json", "default": []}).default == "[]"
    app_side = parse_column({**base, "type": "varchar(36)", "default": {"fn": "uuid()"}})
    assert not app_side.has_default
    assert not parse_column({**base, "type": "int", "default": None}).has_default


@pytest.mark.parametrize(
    ("sql_type", "expected"),
    [
        ("int", ColumnSpec("c", "int", "int")),
        ("varchar(50)", ColumnSpec("c", "varchar(50)", "varchar", length=50)),
        ("decimal(15,4)", ColumnSpec("c", "decimal(15,4)", "decimal", precision=15, scale=4)),
        ("enum('A','B''s')", ColumnSpec("c", "enum('A','B''s')", "enum", enum_values=("A", "B's"))),
        ("boolean", ColumnSpec("c", "boolean", "boolean")),
        ("longtext", ColumnSpec("c", "longtext", "longtext")),
    ],
)
def test_parse_column_kinds(sql_type: str, expected: ColumnSpec) -> None:
    parsed = parse_column({"name": "c", "type": sql_type, "nullable": True, "default": None})
    assert parsed == expected


def test_parse_column_refuses_unknown_types() -> None:
    with pytest.raises(ValueError, match="unsupported type 'bigint'"):
        parse_column({"name": "c", "type": "bigint", "nullable": True, "default": None})


def test_dual_definition_uses_the_tables_variant() -> None:
    spec = table_spec("referral_settings")
    assert spec.column_names == tuple(c["name"] for c in RAW_TABLES["referral_settings"]["columns"])
    # credit_percentage belongs to the schema.ts variant that drizzle-kit does not emit.
    assert "credit_percentage" not in spec.column_names


def test_specs_expose_links_and_lookups() -> None:
    orders = table_spec("orders")
    assert orders.column("client_id").kind == "int"
    assert orders.column("subtotal").scale == 2
    assert orders.primary_key == ("id",)
    assert any(fk.references_table == "clients" for fk in orders.relations_one)
    ledger = table_spec("ledgerEntries")
    assert any(ref.id_column == "referenceId" for ref in ledger.polymorphic_references)
    assert table_spec("billLineItems").sql_migration_foreign_keys


def test_unknown_names_raise_with_suggestions() -> None:
    with pytest.raises(KeyError, match="did you mean orders"):
        table_spec("order")
    with pytest.raises(KeyError, match="did you mean client_id"):
        table_spec("orders").column("clientId")


def test_metadata_and_snapshot_are_built_once() -> None:
    assert build_metadata() is build_metadata()
    assert load_snapshot() is load_snapshot()


def test_timestamps_stay_second_precision_after_dagster_storage_loads() -> None:
    # Dagster's storage registers a process-wide rule compiling sa.TIMESTAMP as TIMESTAMP(6)
    # on MySQL; TERP's columns are TIMESTAMP, and seeding runs inside Dagster.
    import dagster._core.storage.sql  # noqa: F401

    ddl = str(CreateTable(build_metadata().tables["orders"]).compile(dialect=mysql.dialect()))
    assert "packed_at TIMESTAMP NULL," in ddl, "TIMESTAMP(6) leaked into TERP's DDL"
