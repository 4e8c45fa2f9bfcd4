"""Reliability tier (issue 18): never half-seeded, never a false report, no stored password.

Each test reproduces one fault against a real MariaDB (and SQLite where it applies) and asserts
the live database's checksum and the exit code:
- two seeds of one target: the second is refused at once, even forced into the first's publish;
- publish swaps in only the shadow its own run started;
- a connection lost right after the swap's RENAME: the tool reports what happened (published);
- a SIGKILL at each phase leaves the live database unchanged, no empty database, no temp file;
- the database password never reaches Dagster's run storage (blobs read zlib-decompressed);
- bad inputs: one line, exit 2, nothing written, no traceback.
"""

import contextlib
import glob
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from terp_seed.store import PublishError, open_store
from terp_seed.store.base import MARKER_KEY
from terp_seed.store.mysql import MySQLStore
from terp_seed_tests.cli_run import RUN_ENV, run_cli
from terp_seed_tests.integration.conftest import scratch_name
from terp_seed_tests.integration.test_publish_mysql import (
    Seeded,
    database_name,
    differing,
    digests,
    marker_of,
    row_counts,
    schemas,
    scratch,
)

pytestmark = pytest.mark.integration

PHASE_WAIT_SECONDS = 240.0
# Every seed here describes the same pinned day, so digests compare whatever day tests run.
AS_OF = ("--end", "2025-10-31")
LIGHT = ("--profile", "light", *AS_OF)
# Tables every light seed fills: a live database missing one of them is half-seeded.
CORE_TABLES = ("users", "clients", "batches", "orders", "invoices", "ledgerEntries")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RUN_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def seeded(mysql_url: str) -> Iterator[Seeded]:
    """A scratch MariaDB database seeded once with the light profile (seed 42)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in RUN_ENV:
            patch.delenv(name, raising=False)
        with scratch(mysql_url, "rel") as url:
            run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", url)
            assert run.code == 0, f"seeding the light profile failed: {run.explain()}"
            yield Seeded(url, digests(url), marker_of(url) or {})


def _siblings(url: str) -> set[str]:
    name = database_name(url)
    return {name + "__next", name + "__prev"} & schemas(url)


def _our_temp_files() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "terp_seed_*")))


# -- processes ----------------------------------------------------------------------------------
class Seed:
    """A `terp-seed seed` in a child process whose stderr lines we can wait for."""

    def __init__(self, url: str, log_dir: Path, label: str, *argv: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in RUN_ENV}
        self.err_path = log_dir / f"{label}.err"
        self.out_path = log_dir / f"{label}.out"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "terp_seed.cli", "seed", "--database-url", url, *argv],
            stdout=self.out_path.open("w"),
            stderr=self.err_path.open("w"),
            env=env,
            cwd=log_dir,
        )

    def explain(self) -> str:
        return (
            f"exit {self.process.returncode}\n--- stdout ---\n{self.out_path.read_text()}"
            f"\n--- stderr ---\n{self.err_path.read_text()}"
        )

    def wait_for(self, line: str) -> None:
        """Block until the child prints `line` on stderr (fail if it exits first)."""
        started = time.monotonic()
        while time.monotonic() - started < PHASE_WAIT_SECONDS:
            if line in self.err_path.read_text().splitlines():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the seed exited before printing {line!r}\n{self.explain()}")
            time.sleep(0.02)
        pytest.fail(f"no {line!r} within {PHASE_WAIT_SECONDS:.0f}s\n{self.explain()}")

    def finish(self) -> int:
        return self.process.wait(timeout=PHASE_WAIT_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=30)


@contextlib.contextmanager
def seed_process(url: str, log_dir: Path, label: str, *argv: str) -> Iterator[Seed]:
    seed = Seed(url, log_dir, label, *argv)
    try:
        yield seed
    finally:
        seed.stop()


HOLD_LOCK = """
import sys, time
from terp_seed.store import open_store
with open_store(sys.argv[1]).run_lock():
    print("held", flush=True)
    time.sleep(120)
"""


@contextlib.contextmanager
def lock_held_elsewhere(url: str) -> Iterator[None]:
    """Another process holding the target's run lock, as a running seed does."""
    env = {k: v for k, v in os.environ.items() if k not in RUN_ENV}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, url], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held", "the helper could not take the lock"
        yield
    finally:
        holder.kill()
        holder.wait(timeout=30)


# -- 1. one run per target ------------------------------------------------------------------------
@pytest.mark.parametrize("command", [("seed", *LIGHT), ("reset",), ("clear",)])
def test_a_second_run_is_refused_at_once_on_mariadb(seeded: Seeded, command: tuple) -> None:
    with lock_held_elsewhere(seeded.url):
        run = run_cli(*command, "--database-url", seeded.url)
    assert run.code == 2, f"{command[0]} beside a running seed: {run.explain()}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "another seed of" in lines[0] and "is running (since" in lines[0], (
        f"{command[0]} beside a running seed did not say so in one line: {run.stderr!r}"
    )
    assert not differing(seeded.digests, digests(seeded.url)), f"{command[0]} changed live tables"
    assert not _siblings(seeded.url), f"a refused {command[0]} left {_siblings(seeded.url)}"


def test_a_second_run_is_refused_at_once_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "terp.sqlite"
    url = f"sqlite:///{path}"
    with lock_held_elsewhere(url):
        run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", url)
    assert run.code == 2, f"seed beside a running seed: {run.explain()}"
    assert "another seed of" in run.stderr and "is running (since" in run.stderr, run.explain()
    assert not path.exists(), "a refused seed created the SQLite file"
    assert not path.with_name("terp.sqlite.next").exists(), "a refused seed started a shadow"
    # The holder was killed: its lock went with it (a leftover lock file holds nothing).
    with open_store(url).run_lock():
        pass
    assert not path.with_name("terp.sqlite.lock").exists(), "a released lock left its file"


def test_forced_interleaving_publishes_one_complete_audited_seed(
    seeded: Seeded, tmp_path: Path
) -> None:
    """Issue 18 item 1: A stopped at publish, B started: B is refused, A publishes all of A."""
    with seed_process(seeded.url, tmp_path, "a", "--profile", "light", *AS_OF, "--seed", "1") as a:
        a.wait_for("  publish ...")
        a.process.send_signal(signal.SIGSTOP)
        with seed_process(seeded.url, tmp_path, "b", *LIGHT, "--seed", "2") as b:
            assert b.finish() == 2, f"run B beside run A: {b.explain()}"
            assert "another seed of" in b.err_path.read_text(), b.explain()
        a.process.send_signal(signal.SIGCONT)
        assert a.finish() == 0, f"run A after B was refused: {a.explain()}"
    marker = marker_of(seeded.url) or {}
    assert marker.get("seed") == 1, f"the live marker is not run A's: {marker}"
    counts = row_counts(seeded.url)
    empty = [t for t in CORE_TABLES if not counts[t]]
    assert not empty, f"run A published a half-built database: {empty} are empty"
    assert not _siblings(seeded.url), f"publish left {_siblings(seeded.url)}"
    # Put the fixture's seed back for the tests after this one.
    run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", seeded.url)
    assert run.code == 0 and not differing(seeded.digests, digests(seeded.url)), run.explain()


def test_publish_swaps_in_only_the_shadow_its_run_started(seeded: Seeded) -> None:
    other = open_store(seeded.url, run_id="run-b")
    mine = open_store(seeded.url, run_id="run-a")
    try:
        other.begin_shadow()
        with pytest.raises(PublishError, match="not this run's"):
            mine.publish({"state": "empty"})
    finally:
        other.dispose()
        mine.dispose()
        MySQLStore(sa.make_url(seeded.url))._run_on_server(
            f"DROP DATABASE IF EXISTS `{database_name(seeded.url)}__next`"
        )
    assert not differing(seeded.digests, digests(seeded.url)), "a foreign shadow was published"
    assert marker_of(seeded.url) == seeded.marker, "a foreign shadow's marker went live"


# -- 3. a lost connection at the swap ----------------------------------------------------------
def test_lost_connection_after_the_rename_is_reported_as_published(
    mysql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed_after_rename(self: MySQLStore, connection: sa.Connection) -> None:
        victim = connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
        killer = sa.create_engine(self.url._replace(database=None))
        try:
            with killer.connect() as other:
                other.exec_driver_sql(f"KILL CONNECTION {int(victim)}")
        finally:
            killer.dispose()

    with scratch(mysql_url, "lost") as url:
        first = run_cli("seed", "--profile", "light", *AS_OF, "--seed", "3", "--database-url", url)
        assert first.code == 0, first.explain()
        monkeypatch.setattr(MySQLStore, "_after_rename", killed_after_rename)
        run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", url)
        assert run.code == 0, f"the new seed went live but the CLI said: {run.explain()}"
        assert "not published" not in run.stderr, f"false report: {run.explain()}"
        assert (marker_of(url) or {}).get("seed") == 42, "the second seed is not live"
        assert not _siblings(url), f"__prev / __next left after a lost connection: {_siblings(url)}"


# -- kills at each phase ---------------------------------------------------------------------------
PHASES = ("reference ...", "clients_suite ...", "orders ...", "ledger_suite ...", "publish ...")


@pytest.mark.parametrize("phase", PHASES)
def test_a_kill_at_each_phase_leaves_live_unchanged(
    seeded: Seeded, tmp_path: Path, phase: str
) -> None:
    temp_before = _our_temp_files()
    with seed_process(seeded.url, tmp_path, "k", *LIGHT, "--seed", "7") as seed:
        seed.wait_for(f"  {phase}")
        seed.process.kill()
        seed.process.wait(timeout=30)
    changed = differing(seeded.digests, digests(seeded.url))
    assert not changed, f"a kill at {phase!r} changed live tables: {changed}"
    assert marker_of(seeded.url) == seeded.marker, f"a kill at {phase!r} changed the marker"
    assert _our_temp_files() <= temp_before, f"a kill at {phase!r} left temp files"
    # The lock died with the process: the next run goes through.
    run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", seeded.url)
    assert run.code == 0, f"a seed after a kill at {phase!r}: {run.explain()}"
    assert not differing(seeded.digests, digests(seeded.url)), "the re-seed differs"
    assert not _siblings(seeded.url), f"{_siblings(seeded.url)} left after the re-seed"


def test_a_killed_first_seed_leaves_no_empty_live_database(mysql_url: str, tmp_path: Path) -> None:
    name = scratch_name(mysql_url, "first")
    url = sa.make_url(mysql_url).set(database=name).render_as_string(hide_password=False)
    try:
        with seed_process(url, tmp_path, "f", "--profile", "light", *AS_OF) as seed:
            seed.wait_for("  clients ...")
            seed.process.kill()
            seed.process.wait(timeout=30)
        assert name not in schemas(url), "a killed first seed left an empty live database"
    finally:
        engine = sa.create_engine(sa.make_url(mysql_url)._replace(database=None))
        with engine.begin() as connection:
            for suffix in ("", "__next", "__prev"):
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}{suffix}`")
        engine.dispose()


# -- 2. credentials never in Dagster's run storage -----------------------------------------------
def _readable_blobs(home: Path) -> Iterator[bytes]:
    """Every byte string Dagster's storage holds: raw files, and each cell zlib-decompressed."""
    for path in home.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        yield raw
        if raw.startswith(b"SQLite format 3"):
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
                for table in tables:
                    with contextlib.suppress(sqlite3.Error):
                        for row in connection.execute(f'SELECT * FROM "{table}"'):
                            for cell in row:
                                data = cell.encode() if isinstance(cell, str) else cell
                                if not isinstance(data, bytes):
                                    continue
                                yield data
                                with contextlib.suppress(zlib.error):
                                    yield zlib.decompress(data)
            finally:
                connection.close()


@pytest.fixture
def user_with_password(mysql_url: str) -> Iterator[tuple[str, str]]:
    """A MariaDB login with a password, allowed only on this test's databases."""
    name = scratch_name(mysql_url, "secret")
    user, password = f"u{os.getpid()}", f"S3cr3t-{os.getpid()}-pw"
    server = sa.create_engine(sa.make_url(mysql_url)._replace(database=None))
    try:
        with server.begin() as connection:
            connection.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'%%'")
            connection.exec_driver_sql(f"CREATE USER '{user}'@'%%' IDENTIFIED BY '{password}'")
            connection.exec_driver_sql(f"GRANT ALL PRIVILEGES ON `{name}%%`.* TO '{user}'@'%%'")
        url = sa.make_url(mysql_url).set(database=name, username=user, password=password)
        yield url.render_as_string(hide_password=False), password
    finally:
        with server.begin() as connection:
            connection.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'%%'")
            for suffix in ("", "__next", "__prev"):
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}{suffix}`")
        server.dispose()


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_the_password_never_reaches_dagster_run_storage(
    user_with_password: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    url, password = user_with_password
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    if how == "environment":
        monkeypatch.setenv("TERP_DATABASE_URL", url)
        run = run_cli("seed", "--profile", "light", *AS_OF)
    else:
        run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", url)
    assert run.code == 0, f"seed as a user with a password: {run.explain()}"
    assert password not in run.stdout + run.stderr, "the password was printed"
    database = sa.make_url(url).database
    found_database = False
    for blob in _readable_blobs(home):
        assert password.encode() not in blob, f"the password is in Dagster's storage ({how})"
        found_database = found_database or database.encode() in blob
    assert found_database, "the scan never found the run's database name: it read nothing"


def test_a_url_with_a_password_in_run_config_is_refused() -> None:
    from terp_seed.defs.resources import TerpDatabase
    from terp_seed.store import StoreError

    with pytest.raises(StoreError, match="environment"):
        TerpDatabase(url="mysql+pymysql://u:pw@127.0.0.1/x").store()


# -- bad inputs ----------------------------------------------------------------------------------
BAD_SEEDS = {
    "buyers_ten_million": ["--buyers", "10000000"],
    "suppliers_five_million": ["--suppliers", "5000000"],
    "monthly_sales_inf": ["--monthly-sales", "inf"],
    "monthly_sales_nan": ["--monthly-sales", "nan"],
    "monthly_sales_1e15": ["--monthly-sales", "1e15"],
    "end_past_2038": ["--end", "2038-06-30"],
    "end_year_one": ["--end", "0001-06-30"],
    "abbreviated_flag": ["--buyer", "5"],
}


@pytest.mark.parametrize("flags", BAD_SEEDS.values(), ids=BAD_SEEDS.keys())
def test_bad_seed_input_is_one_line_exit_2_and_writes_nothing(
    seeded: Seeded, flags: list[str]
) -> None:
    run = run_cli("seed", "--profile", "light", *AS_OF, "--database-url", seeded.url, *flags)
    lines = run.stderr.splitlines()
    assert run.code == 2 and len(lines) == 1 and lines[0].startswith("terp-seed: "), (
        f"seed {' '.join(flags)}: {run.explain()}"
    )
    assert not differing(seeded.digests, digests(seeded.url)), f"{flags} changed live tables"
    assert not _siblings(seeded.url), f"{flags} started {_siblings(seeded.url)}"


@pytest.mark.parametrize("command", ["seed", "reset"])
def test_a_database_name_too_long_for_its_shadow_is_refused(mysql_url: str, command: str) -> None:
    name = scratch_name(mysql_url, "x")[:10] + "n" * 52
    url = sa.make_url(mysql_url).set(database=name).render_as_string(hide_password=False)
    argv = [command, "--database-url", url] + (list(LIGHT) if command == "seed" else [])
    run = run_cli(*argv)
    assert run.code == 2 and "characters" in run.stderr, f"{command}: {run.explain()}"
    assert len(run.stderr.splitlines()) == 1, f"{command}: more than one line: {run.stderr!r}"
    assert name not in schemas(mysql_url), f"{command} left an empty live database {name}"


def test_a_url_with_a_non_numeric_port_is_one_line() -> None:
    run = run_cli("check", "--database-url", "mysql+pymysql://root@127.0.0.1:port/x")
    assert run.code == 2 and run.stderr.splitlines() == [
        "terp-seed: the database URL is not a valid SQLAlchemy URL (its port is not a number)"
    ], run.explain()


def _set_marker(url: str, value: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "UPDATE organization_settings SET setting_value = :v WHERE setting_key = :k"
                ),
                {"v": value, "k": MARKER_KEY},
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize("marker", ["[1, 2]", '"production"'])
def test_a_marker_that_is_not_an_object_is_one_line(mysql_url: str, marker: str) -> None:
    with scratch(mysql_url, "badmark") as url:
        assert run_cli("reset", "--database-url", url).code == 0
        _set_marker(url, marker)
        for command in ("seed", "check", "clear"):
            run = run_cli(command, "--database-url", url)
            assert run.code == 2 and len(run.stderr.splitlines()) == 1, (
                f"{command} with marker {marker}: {run.explain()}"
            )
            assert "Traceback" not in run.stderr, f"{command}: {run.explain()}"


@pytest.mark.parametrize("env", ["production ", "Production", " PRODUCTION"])
def test_a_production_marker_is_recognised_however_spelled(mysql_url: str, env: str) -> None:
    with scratch(mysql_url, "prodsp") as url:
        assert run_cli("reset", "--database-url", url).code == 0
        _set_marker(url, json.dumps({"tool": "terp-seed", "env": env, "state": "empty"}))
        before = digests(url)
        for command in ("clear", "reset", "seed"):
            run = run_cli(command, "--database-url", url)
            assert run.code == 2 and "production" in run.stderr, f"{command}: {run.explain()}"
        assert not differing(before, digests(url)), f"a production marker {env!r} was touched"


def test_check_on_a_database_missing_a_column_prints_no_traceback(mysql_url: str) -> None:
    with scratch(mysql_url, "nocol") as url:
        assert run_cli("seed", "--profile", "light", *AS_OF, "--database-url", url).code == 0
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE invoices DROP COLUMN amountDue")
        engine.dispose()
        run = run_cli("check", "--database-url", url)
    assert run.code == 1, f"check on a broken database: {run.explain()}"
    assert "amountDue" in run.stdout, f"the report does not name the missing column: {run.stdout}"
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) < 5, (
        f"check printed library noise on stderr: {run.stderr[:2000]}"
    )
