"""The `terp-seed` command on SQLite: bad input is refused before anything is written.

A refusal exits 2 with one line on stderr starting `terp-seed:` and leaves the live file
byte-identical; an unreachable server exits 2 without showing the password; a good seed exits 0
and reports rows per table and every check.
"""

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import re
import shlex
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from terp_seed import cli
from terp_seed.definitions import defs
from terp_seed.schema import table_names
from terp_seed.store import Where, open_store
from terp_seed_tests.cli_run import RUN_ENV, CliRun, run_cli


@dataclasses.dataclass(frozen=True)
class SeededFile:
    path: Path
    url: str
    run: CliRun


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededFile]:
    """A SQLite file seeded once with the light profile: the live database refusals must keep."""
    path = tmp_path_factory.mktemp("cli") / "terp.sqlite"
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as patch:
        for name in RUN_ENV:
            patch.delenv(name, raising=False)
        run = run_cli("seed", "--profile", "light", "--database-url", url)
        assert run.code == 0, f"seed --profile light failed: {run.explain()}"
        yield SeededFile(path, url, run)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RUN_ENV:
        monkeypatch.delenv(name, raising=False)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# (flags, a word the one-line message must contain)
BAD_PARAMETERS = {
    "negative_buyers": (["--buyers", "-5"], "buyers"),
    "negative_clients_alias": (["--clients=-1"], "buyers"),
    "whale_share_above_one": (["--whale-share", "1.5"], "whale_share"),
    "more_whales_than_buyers": (["--buyers", "60", "--whales", "61"], "whales"),
    "as_many_whales_as_buyers": (["--buyers", "60", "--whales", "60"], "whales"),
    "end_before_start": (["--start", "2025-06-01", "--end", "2025-05-31"], "before"),
    "unknown_profile": (["--profile", "nope"], "nope"),
    "unknown_flag": (["--bogus", "3"], "--bogus"),
    "months_not_a_number": (["--months", "abc"], "months"),
    "zero_months": (["--months", "0"], "months"),
    "end_not_a_date": (["--end", "2025-13-01"], "end"),
    "end_year_one": (["--end", "0001-06-30"], "end"),
    "end_past_mysql_timestamps": (["--end", "2038-06-30"], "end"),
    "buyers_ten_million": (["--buyers", "10000000"], "buyers"),
    "suppliers_five_million": (["--suppliers", "5000000"], "suppliers"),
    "monthly_sales_inf": (["--monthly-sales", "inf"], "monthly_sales"),
    "monthly_sales_nan": (["--monthly-sales", "nan"], "monthly_sales"),
    "monthly_sales_1e15": (["--monthly-sales", "1e15"], "monthly_sales"),
    "whale_share_nan": (["--whale-share", "nan"], "whale_share"),
    "seed_negative": (["--seed", "-1"], "seed"),
    "abbreviated_flag": (["--buyer", "5"], "--buyer"),
    "months_a_thousand": (["--months", "1000"], "months"),
}


@pytest.mark.parametrize("flags, named", BAD_PARAMETERS.values(), ids=BAD_PARAMETERS.keys())
def test_bad_parameters_exit_2_and_write_nothing(
    seeded: SeededFile, flags: list[str], named: str
) -> None:
    before = sha256_of(seeded.path)
    shadow = seeded.path.with_name(seeded.path.name + ".next")
    run = run_cli("seed", "--database-url", seeded.url, *flags)
    assert run.code == 2, f"seed {' '.join(flags)} should exit 2: {run.explain()}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("terp-seed: "), (
        f"seed {' '.join(flags)}: stderr should be one 'terp-seed:' line: {run.stderr!r}"
    )
    assert named in lines[0], f"seed {' '.join(flags)}: message does not name {named!r}: {lines[0]}"
    assert run.stdout == "", f"seed {' '.join(flags)} printed on stdout: {run.stdout!r}"
    assert sha256_of(seeded.path) == before, f"seed {' '.join(flags)} changed the live file"
    assert not shadow.exists(), f"seed {' '.join(flags)} started a shadow file"


@pytest.mark.parametrize("command", ["seed", "reset", "clear", "check"])
def test_unreachable_mysql_exits_2_without_the_password(command: str) -> None:
    url = "mysql+pymysql://root:s3cret@127.0.0.1:1/x"
    run = run_cli(command, "--database-url", url)
    assert run.code == 2, f"{command} on an unreachable server should exit 2: {run.explain()}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("terp-seed: "), (
        f"{command}: stderr should be one 'terp-seed:' line: {run.stderr!r}"
    )
    assert "127.0.0.1:1" in lines[0], f"{command}: message does not say which server: {lines[0]}"
    assert "s3cret" not in run.stdout + run.stderr, (
        f"{command} leaked the password: {run.explain()}"
    )


def test_seed_light_exits_0_and_reports_rows_and_checks(seeded: SeededFile) -> None:
    out = seeded.run.stdout
    assert "rows per table:" in out, f"no rows-per-table report: {out}"
    reported = {
        match[1]: int(match[2].replace(",", ""))
        for match in re.finditer(r"^ {2}(\w+) +([\d,]+)$", out, re.MULTILINE)
    }
    store = open_store(seeded.url)
    try:
        live = {table: rows for table, rows in store.row_counts(Where.LIVE).items() if rows}
    finally:
        store.dispose()
    assert reported == live, f"reported rows {reported} differ from the live file {live}"
    assert {"clients", "users", "accounts"} <= live.keys(), f"light seed filled only {live}"

    # Every check of the seed job is reported; integrity (blocking) checks must pass for exit 0,
    # distribution checks may only warn (a one-month window cannot show a 0.5% return rate).
    graph = defs().resolve_asset_graph()
    blocking = {key.name: graph.get_check_spec(key).blocking for key in graph.asset_check_keys}
    verdicts = {
        match[1]: match[2]
        for match in re.finditer(r"^ {2}R\d+ (\w+): (pass|FAIL|not applicable)", out, re.MULTILINE)
    }
    assert verdicts.keys() == blocking.keys(), (
        f"checks reported {sorted(verdicts)} are not the job's checks {sorted(blocking)}"
    )
    failed_blocking = [c for c, v in verdicts.items() if v == "FAIL" and blocking[c]]
    assert not failed_blocking, f"exit 0 although blocking checks failed: {failed_blocking}"
    for check in ("buyers_carry_no_email_or_address", "whale_count_matches_profile"):
        assert verdicts[check] == "pass", f"check {check} reported {verdicts[check]}"
    failed = sum(v == "FAIL" for v in verdicts.values())
    skipped = sum(v == "not applicable" for v in verdicts.values())
    passed = len(verdicts) - failed - skipped
    summary = (
        f"checks: {passed} passed, {failed} failed ({failed} of them warnings), "
        f"{skipped} not applicable"
    )
    assert summary in out, f"check summary missing or wrong, expected {summary!r}: {out}"


def test_a_sqlite_file_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nope' / 'terp.sqlite'}"
    for command in ("seed", "reset", "clear", "check"):
        run = run_cli(command, "--database-url", url)
        assert run.code == 2 and "does not exist" in run.stderr, f"{command}: {run.explain()}"
        assert len(run.stderr.splitlines()) == 1, f"{command}: {run.stderr!r}"
    assert not (tmp_path / "nope").exists(), "a refused command created the folder"


def test_check_on_a_missing_file_says_empty_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite"
    run = run_cli("check", "--database-url", f"sqlite:///{path}")
    assert run.code == 2 and "empty database" in run.stderr, run.explain()
    assert not path.exists(), "check created the SQLite file it was asked to read"


def test_check_on_a_foreign_database_says_not_terp(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers VALUES (1, 'A')")
    connection.commit()
    connection.close()
    before = sha256_of(path)
    run = run_cli("check", "--database-url", f"sqlite:///{path}")
    assert run.code == 2 and "not a TERP database" in run.stderr, run.explain()
    assert sha256_of(path) == before, "check changed a foreign file"


def test_check_on_a_reset_database_says_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reset.sqlite'}"
    assert run_cli("reset", "--database-url", url).code == 0
    run = run_cli("check", "--database-url", url)
    assert run.code == 2 and "empty database" in run.stderr, run.explain()


def test_clear_on_an_empty_target_creates_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    run = run_cli("clear", "--database-url", f"sqlite:///{path}")
    assert run.code == 0, run.explain()
    connection = sqlite3.connect(path)
    try:
        tables = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        connection.close()
    assert tables == set(table_names()), (
        f"clear on an empty target left {len(tables)} tables, not TERP's {len(table_names())}"
    )


def test_every_option_has_help_with_a_default() -> None:
    for command in ("seed", "check", "reset", "clear"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            cli._parser().parse_args([command, "--help"])
        text = re.sub(r"\s+", " ", out.getvalue())
        options = re.findall(r"^ {2}(--[\w-]+)", out.getvalue(), re.MULTILINE)
        assert options, f"{command} --help lists no option"
        for action in cli._parser()._subparsers._group_actions[0].choices[command]._actions:
            if action.option_strings and action.dest != "help":
                assert action.help and "default" in action.help, (
                    f"{command} {action.option_strings[0]} has no help with its default"
                )
        assert "(default" in text, f"{command} --help names no default"


def test_check_table_fits_100_columns_and_counts_not_applicable(seeded: SeededFile) -> None:
    run = run_cli("check", "--database-url", seeded.url)
    lines = run.stdout.splitlines()
    # The rules' table, then the coverage report (its own layout), then the summary.
    table = lines[: next(i for i, line in enumerate(lines) if line.startswith("coverage:"))]
    wide = [line for line in table if len(line) > 100]
    assert not wide, f"check lines wider than 100 columns: {wide[:3]}"
    skipped = [line for line in table if line.endswith("not applicable")]
    summary = lines[-1]
    assert re.fullmatch(r"\d+ passed, \d+ failed, \d+ not applicable", summary), summary
    assert summary.endswith(f"{len(skipped)} not applicable"), (
        f"summary {summary!r} does not count the {len(skipped)} rules that did not apply"
    )
    report = json.loads(run_cli("check", "--format", "json", "--database-url", seeded.url).stdout)
    not_applicable = [r for r in report["rules"] if not r["applicable"]]
    assert all(r["passed"] is None and r["result"] == "not applicable" for r in not_applicable)
    assert report["counts"]["not_applicable"] == len(not_applicable) == len(skipped), report[
        "counts"
    ]


def test_the_ui_hint_is_runnable_as_printed(seeded: SeededFile) -> None:
    hint = next(
        line for line in seeded.run.stdout.splitlines() if line.startswith("open the Dagster UI")
    )
    command = shlex.split(hint.split(": ", 1)[1])
    assert command[0] == "cd" and Path(command[1], "pyproject.toml").is_file(), hint
    assert command[2] == "&&" and command[3].startswith("TERP_DATABASE_URL=sqlite:///"), hint
    assert os.access(command[4], os.X_OK) and command[5] == "dev", (
        f"the hint's dg is not an executable path: {hint}"
    )


def test_a_failed_step_shows_its_real_cause_in_one_line() -> None:
    from types import SimpleNamespace

    from terp_seed.defs.progress import failure_cause

    duplicate = SimpleNamespace(
        cls_name="IntegrityError",
        message="sqlalchemy.exc.IntegrityError: (1062, \"Duplicate entry 'O-1' for key 'x'\")\n"
        "[SQL: INSERT ...]\n",
        cause=None,
    )
    wrapped = SimpleNamespace(
        cls_name="DagsterExecutionStepExecutionError",
        message="dagster._core.errors.DagsterExecutionStepExecutionError: Error occurred while "
        'executing op "orders":\n',
        cause=duplicate,
    )
    assert failure_cause(wrapped) == (
        "IntegrityError: (1062, \"Duplicate entry 'O-1' for key 'x'\")"
    ), failure_cause(wrapped)
    own = SimpleNamespace(
        cls_name="TargetBusy",
        message="terp_seed.store.base.TargetBusy: another seed of x is running (since y)\n",
        cause=None,
    )
    assert failure_cause(SimpleNamespace(**{**vars(wrapped), "cause": own})) == (
        "another seed of x is running (since y)"
    )
