"""Write, audit, publish (DESIGN.md section 5) against a real MariaDB/MySQL, and SQLite beside it.

What these tests hold the store and the CLI to:
- the same seed gives the same table digests on MariaDB and on SQLite;
- a seed killed (SIGKILL) while it loads its shadow leaves the live database exactly as it was;
- the guard refuses foreign data without --force, and production always;
- reset builds TERP's empty schema, clear empties a seeded one and keeps the schema;
- a failing blocking check stops the publish: exit code 1, live database unchanged.

Every test works in its own scratch databases (`<test db>_<label>_<pid>`, named from
TERP_TEST_MYSQL_URL's database), dropped afterwards with their `__next` / `__prev` siblings.
"""

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
import sqlalchemy as sa

import terp_seed.generate.clients
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.rules import SUITES
from terp_seed.schema import build_metadata, table_names
from terp_seed.store import Where, open_store
from terp_seed.store.base import MARKER_KEY
from terp_seed_tests.cli_run import RUN_ENV, run_cli
from terp_seed_tests.integration.conftest import scratch_database, scratch_name

pytestmark = pytest.mark.integration

TERP_TABLE_COUNT = 233
SIBLING_SUFFIXES = ("__next", "__prev")
KILL_WAIT_SECONDS = 240.0
POLL_SECONDS = 0.05


# -- helpers -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Seeded:
    """A live database seeded once with the light profile, and what it held then."""

    url: str
    digests: dict[str, str]
    marker: Mapping[str, object]


def _server(mysql_url: str) -> sa.Engine:
    return sa.create_engine(sa.make_url(mysql_url)._replace(database=None))


def _drop_siblings(mysql_url: str, name: str) -> None:
    server = _server(mysql_url)
    try:
        with server.begin() as connection:
            for suffix in SIBLING_SUFFIXES:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}{suffix}`")
    finally:
        server.dispose()


@contextlib.contextmanager
def scratch(mysql_url: str, label: str) -> Iterator[str]:
    """A scratch database unique to this process; it and its shadow siblings are dropped after."""
    name = scratch_name(mysql_url, label)
    _drop_siblings(mysql_url, name)
    try:
        with scratch_database(mysql_url, name) as url:
            yield url
    finally:
        _drop_siblings(mysql_url, name)


def schemas(url: str) -> set[str]:
    server = _server(url)
    try:
        with server.connect() as connection:
            return {row[0] for row in connection.exec_driver_sql("SHOW DATABASES")}
    finally:
        server.dispose()


def database_name(url: str) -> str:
    return str(sa.make_url(url).database)


def digests(url: str) -> dict[str, str]:
    """Every TERP table's content digest in the live database, empty tables included."""
    store = open_store(url)
    try:
        return {table: store.digest(table, Where.LIVE) for table in table_names()}
    finally:
        store.dispose()


def row_counts(url: str) -> dict[str, int]:
    store = open_store(url)
    try:
        return store.row_counts(Where.LIVE)
    finally:
        store.dispose()


def marker_of(url: str) -> Mapping[str, object] | None:
    store = open_store(url)
    try:
        return store.inspect_target().marker
    finally:
        store.dispose()


def differing(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def live_tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def clean_env() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in RUN_ENV:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def _clean_test_env(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    for name in RUN_ENV:
        monkeypatch.delenv(name, raising=False)
    # A failure report shows Dagster's INFO and above, not every step output's DEBUG line.
    caplog.handler.setLevel(logging.INFO)


@pytest.fixture(scope="module")
def light_mysql(mysql_url: str, clean_env: None) -> Iterator[Seeded]:
    """A scratch MariaDB database seeded once with the light profile (seed 42)."""
    with scratch(mysql_url, "light") as url:
        run = run_cli("seed", "--profile", "light", "--database-url", url)
        assert run.code == 0, f"seeding the light profile into MariaDB failed: {run.explain()}"
        marker = marker_of(url)
        assert marker, "the light seed left no terp-seed marker in organization_settings"
        yield Seeded(url, digests(url), marker)


@pytest.fixture(scope="module")
def light_sqlite(tmp_path_factory: pytest.TempPathFactory, clean_env: None) -> Seeded:
    """A SQLite file seeded once with the light profile (seed 42)."""
    path = tmp_path_factory.mktemp("light_sqlite") / "terp.sqlite"
    url = f"sqlite:///{path}"
    run = run_cli("seed", "--profile", "light", "--database-url", url)
    assert run.code == 0, f"seeding the light profile into SQLite failed: {run.explain()}"
    marker = marker_of(url)
    assert marker, "the light seed left no terp-seed marker in the SQLite file"
    return Seeded(url, digests(url), marker)


# -- determinism across backends -------------------------------------------------------------
def test_light_seed_has_the_same_digests_on_mariadb_and_sqlite(
    light_mysql: Seeded, light_sqlite: Seeded
) -> None:
    mysql_rows = {t: n for t, n in row_counts(light_mysql.url).items() if n}
    sqlite_rows = {t: n for t, n in row_counts(light_sqlite.url).items() if n}
    assert mysql_rows == sqlite_rows, (
        f"row counts differ between MariaDB {mysql_rows} and SQLite {sqlite_rows}"
    )
    assert len(mysql_rows) > 5, f"the light seed filled only {sorted(mysql_rows)}"
    different = [
        table
        for table in sorted(mysql_rows)
        if light_mysql.digests[table] != light_sqlite.digests[table]
    ]
    assert not different, f"same seed, different content on MariaDB and SQLite in: {different}"


# -- the kill test ----------------------------------------------------------------------------
def _start_seed(url: str, log_dir: Path, *argv: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in RUN_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "terp_seed.cli", "seed", "--database-url", url, *argv],
        stdout=(log_dir / "seed.out").open("w"),
        stderr=(log_dir / "seed.err").open("w"),
        env=env,
        cwd=log_dir,
    )


def _log_tail(log_dir: Path) -> str:
    return "\n".join(
        f"--- {name} ---\n" + "\n".join((log_dir / name).read_text().splitlines()[-15:])
        for name in ("seed.out", "seed.err")
    )


def _kill_when(
    process: subprocess.Popen, loading: Callable[[], list[str]], log_dir: Path
) -> tuple[float, list[str]]:
    """SIGKILL `process` as soon as `loading()` names shadow tables holding rows."""
    started = time.monotonic()
    try:
        while time.monotonic() - started < KILL_WAIT_SECONDS:
            if process.poll() is not None:
                pytest.fail(
                    f"the seed exited ({process.returncode}) before its shadow was seen loading; "
                    f"the kill could not be tested\n{_log_tail(log_dir)}"
                )
            tables = loading()
            if tables:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
                return time.monotonic() - started, tables
            time.sleep(POLL_SECONDS)
        pytest.fail(f"no shadow rows within {KILL_WAIT_SECONDS:.0f}s\n{_log_tail(log_dir)}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _mysql_shadow_tables_with_rows(url: str) -> Callable[[], list[str]]:
    shadow = database_name(url) + "__next"
    server = _server(url)

    def probe() -> list[str]:
        try:
            with server.connect() as connection:
                tables = [
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                        (shadow,),
                    )
                ]
                if not tables:
                    return []
                union = " UNION ALL ".join(
                    f"SELECT '{t}' FROM (SELECT 1 FROM `{shadow}`.`{t}` LIMIT 1) AS p{i}"
                    for i, t in enumerate(tables)
                )
                return [row[0] for row in connection.exec_driver_sql(union)]
        except sa.exc.DBAPIError:  # the shadow is being created or dropped under us
            return []

    probe.dispose = server.dispose  # type: ignore[attr-defined]
    return probe


def test_killed_seed_leaves_live_mariadb_as_it_was(light_mysql: Seeded, tmp_path: Path) -> None:
    url = light_mysql.url
    shadow = database_name(url) + "__next"
    probe = _mysql_shadow_tables_with_rows(url)
    # Another profile and seed: had it published, every digest and the marker would differ.
    process = _start_seed(url, tmp_path, "--profile", "full", "--seed", "7")
    try:
        seconds, loaded = _kill_when(process, probe, tmp_path)
    finally:
        probe.dispose()  # type: ignore[attr-defined]
    print(f"\nkilled the MariaDB seed after {seconds:.1f}s; shadow held rows in {loaded}")

    assert process.returncode == -signal.SIGKILL, f"the seed was not killed: {process.returncode}"
    assert shadow in schemas(url), (
        f"{shadow} is gone after the kill: the seed had already published, so the kill "
        "happened too late to test anything"
    )
    after = digests(url)
    changed = differing(light_mysql.digests, after)
    assert not changed, f"a killed seed changed the live MariaDB tables: {changed}"
    assert marker_of(url) == light_mysql.marker, (
        f"a killed seed changed the live marker: {light_mysql.marker} -> {marker_of(url)}"
    )


def test_killed_seed_leaves_live_sqlite_file_as_it_was(
    light_sqlite: Seeded, tmp_path: Path
) -> None:
    live = Path(sa.make_url(light_sqlite.url).database)
    shadow = live.with_name(live.name + ".next")
    live_bytes = sha256_of(live)

    def loading() -> list[str]:
        if not shadow.exists():
            return []
        try:
            connection = sqlite3.connect(f"file:{shadow}?mode=ro", uri=True, timeout=0.05)
            try:
                found = connection.execute("SELECT 1 FROM users LIMIT 1").fetchall()
            finally:
                connection.close()
        except sqlite3.Error:  # still being created, or locked by the writer
            return []
        return ["users"] if found else []

    process = _start_seed(light_sqlite.url, tmp_path, "--profile", "full", "--seed", "7")
    seconds, loaded = _kill_when(process, loading, tmp_path)
    print(f"\nkilled the SQLite seed after {seconds:.1f}s; shadow held rows in {loaded}")

    assert process.returncode == -signal.SIGKILL, f"the seed was not killed: {process.returncode}"
    assert shadow.exists(), f"{shadow.name} is gone after the kill: the seed had already published"
    assert sha256_of(live) == live_bytes, f"a killed seed changed the bytes of {live}"
    changed = differing(light_sqlite.digests, digests(light_sqlite.url))
    assert not changed, f"a killed seed changed the live SQLite tables: {changed}"
    assert marker_of(light_sqlite.url) == light_sqlite.marker, "a killed seed changed the marker"

    # The leftover shadow does not stop the next run, which reproduces the same tables.
    rerun = run_cli("seed", "--profile", "light", "--database-url", light_sqlite.url)
    assert rerun.code == 0, f"a seed after the kill failed: {rerun.explain()}"
    assert not shadow.exists(), f"{shadow.name} left behind by a successful seed"
    changed = differing(light_sqlite.digests, digests(light_sqlite.url))
    assert not changed, f"the same light seed after a kill gave different tables: {changed}"


# -- the guard --------------------------------------------------------------------------------
FOREIGN_CLIENT = "Client 7"


def _make_foreign(url: str, *, terp_shaped: bool = True) -> None:
    """Rows terp-seed did not write: a `clients` row as TERP's own seeders leave, no marker."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            existing = set(sa.inspect(connection).get_table_names())
            if terp_shaped:
                metadata = build_metadata()
                for table in ("clients", "organization_settings"):
                    if table not in existing:
                        metadata.tables[table].create(connection)
                connection.execute(
                    sa.text("DELETE FROM organization_settings WHERE setting_key = :key"),
                    {"key": MARKER_KEY},
                )
                connection.execute(
                    sa.text("INSERT INTO clients (teri_code, name) VALUES ('C7', :name)"),
                    {"name": FOREIGN_CLIENT},
                )
            else:
                connection.exec_driver_sql(
                    "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64))"
                )
                connection.exec_driver_sql(f"INSERT INTO customers VALUES (1, '{FOREIGN_CLIENT}')")
    finally:
        engine.dispose()


def _names_in(url: str, table: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql(f"SELECT name FROM {table}")]
    finally:
        engine.dispose()


COMMANDS = (("seed", "--profile", "light"), ("reset",), ("clear",))


@pytest.mark.parametrize("terp_shaped", [True, False], ids=["terp_tables", "other_table"])
def test_guard_refuses_foreign_data_without_force(mysql_url: str, terp_shaped: bool) -> None:
    table = "clients" if terp_shaped else "customers"
    with scratch(mysql_url, f"foreign_{table}") as url:
        _make_foreign(url, terp_shaped=terp_shaped)
        for command in COMMANDS:
            run = run_cli(*command, "--database-url", url)
            assert run.code == 2, f"{command[0]} on foreign data: {run.explain()}"
            assert run.stderr.startswith("terp-seed: "), f"{command[0]}: {run.explain()}"
            assert "did not write" in run.stderr and table in run.stderr, (
                f"{command[0]} refused without saying what it found: {run.stderr!r}"
            )
            assert _names_in(url, table) == [FOREIGN_CLIENT], (
                f"{command[0]} touched the foreign rows of {table}"
            )
            assert database_name(url) + "__next" not in schemas(url), (
                f"a refused {command[0]} still created a shadow database"
            )


def test_guard_proceeds_on_foreign_data_with_force(mysql_url: str) -> None:
    with scratch(mysql_url, "forced") as url:
        _make_foreign(url)
        run = run_cli("clear", "--force", "--database-url", url)
        assert run.code == 0, f"clear --force on foreign data: {run.explain()}"
        assert _names_in(url, "clients") == [], "clear --force left the foreign client"
        assert (marker_of(url) or {}).get("state") == "empty", "clear --force wrote no marker"

        _make_foreign(url)
        run = run_cli("reset", "--force", "--database-url", url)
        assert run.code == 0, f"reset --force on foreign data: {run.explain()}"
        counts = row_counts(url)
        assert len(live_tables(url)) == TERP_TABLE_COUNT and counts["clients"] == 0, (
            f"reset --force did not rebuild the empty schema: clients={counts['clients']}"
        )

        _make_foreign(url)
        run = run_cli("seed", "--profile", "light", "--force", "--database-url", url)
        assert run.code == 0, f"seed --force on foreign data: {run.explain()}"
        assert FOREIGN_CLIENT not in _names_in(url, "clients"), "seed --force kept the foreign row"
        assert (marker_of(url) or {}).get("profile") == "light", "seed --force wrote no marker"


def test_clear_force_without_a_settings_table_empties_and_marks(mysql_url: str) -> None:
    """A foreign database lacking organization_settings: clear --force still leaves a marker."""
    with scratch(mysql_url, "forced_bare") as url:
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                build_metadata().tables["clients"].create(connection)
                connection.exec_driver_sql(
                    "INSERT INTO clients (teri_code, name) VALUES ('C7', 'A')"
                )
        finally:
            engine.dispose()
        run = run_cli("clear", "--force", "--database-url", url)
        assert run.code == 0, f"clear --force without organization_settings: {run.explain()}"
        assert _names_in(url, "clients") == [], "clear --force left the foreign client"
        assert (marker_of(url) or {}).get("state") == "empty", (
            f"clear --force wrote no marker: {marker_of(url)}"
        )


def test_terp_env_production_is_refused_even_with_force(
    mysql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with scratch(mysql_url, "prod_env") as url:
        _make_foreign(url)
        monkeypatch.setenv("TERP_ENV", "production")
        for command in COMMANDS:
            run = run_cli(*command, "--force", "--database-url", url)
            assert run.code == 2, f"{command[0]} --force under TERP_ENV=production: {run.explain()}"
            assert "TERP_ENV=production" in run.stderr, (
                f"{command[0]} refused without naming TERP_ENV=production: {run.stderr!r}"
            )
            assert _names_in(url, "clients") == [FOREIGN_CLIENT], (
                f"{command[0]} --force under TERP_ENV=production touched the data"
            )
        assert database_name(url) + "__next" not in schemas(url), "a refused run made a shadow"


def test_production_marker_is_refused_even_with_force(mysql_url: str) -> None:
    with scratch(mysql_url, "prod_marker") as url:
        _make_foreign(url)
        marker = {"tool": "terp-seed", "env": "production", "state": "seeded"}
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO organization_settings (setting_key, setting_value, "
                        "setting_type, scope) VALUES (:key, :value, 'JSON', 'SYSTEM')"
                    ),
                    {"key": MARKER_KEY, "value": json.dumps(marker)},
                )
        finally:
            engine.dispose()
        for command in COMMANDS:
            run = run_cli(*command, "--force", "--database-url", url)
            assert run.code == 2, f"{command[0]} --force on a production marker: {run.explain()}"
            assert "production" in run.stderr, (
                f"{command[0]} refused without saying production: {run.stderr!r}"
            )
            assert _names_in(url, "clients") == [FOREIGN_CLIENT], (
                f"{command[0]} --force touched a database marked production"
            )
            assert marker_of(url) == marker, f"{command[0]} changed the production marker"


# -- reset and clear --------------------------------------------------------------------------
def _assert_empty_schema(url: str, action: str) -> None:
    tables = live_tables(url)
    missing, extra = set(table_names()) - tables, tables - set(table_names())
    assert len(tables) == TERP_TABLE_COUNT and not missing and not extra, (
        f"{action} left {len(tables)} tables, not TERP's {TERP_TABLE_COUNT}: "
        f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
    )
    counts = row_counts(url)
    filled = {t: n for t, n in counts.items() if n and t != "organization_settings"}
    assert not filled, f"{action} left rows in {filled}"
    assert counts["organization_settings"] == 1, (
        f"{action}: organization_settings holds {counts['organization_settings']} rows, "
        "not just the marker"
    )
    marker = marker_of(url) or {}
    assert marker.get("state") == "empty" and marker.get("tool") == "terp-seed", (
        f"{action} wrote the marker {marker}"
    )
    leftovers = {database_name(url) + s for s in SIBLING_SUFFIXES} & schemas(url)
    assert not leftovers, f"{action} left {sorted(leftovers)} behind"


def test_reset_builds_an_empty_schema_and_clear_empties_a_seeded_one(mysql_url: str) -> None:
    with scratch(mysql_url, "reset_clear") as url:
        started = time.monotonic()
        run = run_cli("reset", "--database-url", url)
        print(f"\nreset of an empty MariaDB database took {time.monotonic() - started:.1f}s")
        assert run.code == 0, f"reset failed: {run.explain()}"
        _assert_empty_schema(url, "reset")

        run = run_cli("seed", "--profile", "light", "--database-url", url)
        assert run.code == 0, f"seeding after reset failed: {run.explain()}"
        assert row_counts(url)["clients"] > 0, "the seed before clear wrote no clients"
        run = run_cli("clear", "--database-url", url)
        assert run.code == 0, f"clear failed: {run.explain()}"
        _assert_empty_schema(url, "clear")


# -- a failing blocking check stops the publish ------------------------------------------------
BROKEN_BUYER_ID = 3


@pytest.fixture
def buyer_with_email(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inject a fault R15 must catch: one buyer carries an email."""
    original = terp_seed.generate.clients.generate

    def generate(params):  # type: ignore[no-untyped-def]
        frames = original(params)
        clients: pd.DataFrame = frames["clients"].copy()
        clients.loc[clients["id"] == BROKEN_BUYER_ID, "email"] = "buyer@example.com"
        return {**frames, "clients": clients}

    monkeypatch.setattr(terp_seed.generate.clients, "generate", generate)


def test_failing_blocking_check_leaves_live_untouched(
    light_mysql: Seeded, buyer_with_email: None
) -> None:
    url = light_mysql.url
    run = run_cli("seed", "--profile", "light", "--seed", "7", "--database-url", url)
    assert run.code == 1, f"a seed with a buyer's email should fail its check: {run.explain()}"
    assert "buyers_carry_no_email_or_address" in run.stderr + run.stdout, (
        f"the CLI did not name the failing check: {run.explain()}"
    )
    assert "not published" in run.stderr, f"the CLI did not say it did not publish: {run.explain()}"
    changed = differing(light_mysql.digests, digests(url))
    assert not changed, f"a seed that failed its check changed live tables: {changed}"

    from terp_seed.definitions import defs

    rules = [rule.check for rule in SUITES["clients"]]
    with dg.DagsterInstance.ephemeral() as instance:
        result = (
            defs()
            .resolve_job_def("seed_job")
            .execute_in_process(
                resources={
                    "seed_settings": SeedSettings(profile="light", seed=7),
                    "database": TerpDatabase(url=url),
                },
                instance=instance,
                raise_on_error=False,
            )
        )
    assert not result.success, "the seed job succeeded with a buyer carrying an email"
    evaluations = {
        event.event_specific_data.check_name: event.event_specific_data.passed
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert evaluations.get("buyers_carry_no_email_or_address") is False, (
        f"buyers_carry_no_email_or_address did not fail: {evaluations}"
    )
    assert [c for c in rules if evaluations.get(c) is not True] == [
        "buyers_carry_no_email_or_address"
    ], f"only the email check should fail: {evaluations}"
    published = [
        event
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
        and event.asset_key == dg.AssetKey("publish")
    ]
    assert not published, "publish materialized although a blocking check failed"
    changed = differing(light_mysql.digests, digests(url))
    assert not changed, f"the failed seed job changed live tables: {changed}"
    assert marker_of(url) == light_mysql.marker, "the failed seed job changed the live marker"
