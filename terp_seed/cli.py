"""The `terp-seed` command: seed, reset, clear and check a TERP database.

`seed` runs the same Dagster job as the UI and the schedule, in-process. Exit codes: 0 ok,
1 a check failed or the run failed (the live database is untouched), 2 bad input, an
unreachable database, a target the guard refuses or another run holds (nothing was written).
"""

import argparse
import contextlib
import importlib.metadata
import json
import logging
import os
import shlex
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import sqlalchemy as sa

from terp_seed.defs.progress import failure_cause
from terp_seed.params import (
    DEFAULT_PROFILE,
    PROFILES,
    ParameterError,
    SeedParams,
    overridable_parameters,
    resolve_params,
)
from terp_seed.store import (
    DATABASE_URL_ENV,
    StoreError,
    TargetKind,
    TerpStore,
    Where,
    default_database_url,
    open_store,
)
from terp_seed.store.base import first_line

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line and exit code 2, like every other refusal."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


# What each override means, its unit and its default (defaults not given come from --profile).
PARAMETER_HELP = {
    "seed": "root of every random stream; same seed, same bytes (integer; default 42)",
    "start": "first day of the seeded history (date YYYY-MM-DD; default: --months before --end)",
    "end": "the as-of date, the window's last day (date YYYY-MM-DD, 1970-01-02 .. 2038-01-18; "
    "default: today, UTC: TERP reads the real clock)",
    "months": "length of the window in calendar months, ending on --end (1 .. 120; "
    "default: the profile's)",
    "buyers": "buying clients, whales included (count; default: the profile's)",
    "whales": "buyers that hold --whale-share of sales (count, fewer than --buyers; "
    "default: the profile's)",
    "suppliers": "selling clients, each also a vendor (count; default: the profile's)",
    "users": "staff accounts that create, ship and post things (count; default: the profile's)",
    "monthly_sales": "target sales of an average month (US dollars; default: the profile's, "
    "$2,000,000 for full)",
    "whale_share": "share of sales value held by the whales (fraction 0..1; default 0.70)",
    "q4_uplift": "how much busier Oct-Dec are than the Q1-Q3 mean (fraction 0..2; default 0.25)",
    "consignment_sales_share": "share of sales value on CONSIGNMENT terms (fraction 0..1; "
    "default 0.50)",
    "consigned_batch_share": "share of intake batches held on consignment (fraction 0..1; "
    "default 0.90)",
    "flower_share": "share of products and sales value that is flower (fraction 0..1; "
    "default 0.90)",
    "return_rate": "share of sales orders returned whole (fraction 0..1; default 0.005)",
    "refund_rate": "share of sales orders partly refunded (fraction 0..1; default 0.05)",
    "refund_fraction": "part of an order's total a refund gives back (fraction 0..1; default 0.05)",
    "past_due_share": "share of open receivables past due at as-of (fraction 0..1; default 0.15)",
    "severe_past_due_share": "share of past-due receivables over 120 days (fraction 0..1; "
    "default 0.50)",
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="terp-seed", description=__doc__.splitlines()[0], allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("seed", "generate every family, audit it, publish it atomically"),
        ("reset", "replace the database with TERP's schema, every table empty"),
        ("clear", "empty every table, keep the schema (creates it if missing)"),
        ("check", "run every business rule against the database and report"),
    ):
        command = commands.add_parser(name, help=help_text, allow_abbrev=False)
        command.add_argument(
            "--database-url",
            metavar="URL",
            help=f"SQLAlchemy URL, mysql+pymysql://user:password@host/db or sqlite:///file "
            f"(default: ${DATABASE_URL_ENV}, else ./terp_seed.sqlite)",
        )
        command.add_argument(
            "--verbose",
            action="store_true",
            help="on failure, print the whole traceback too (default: one line)",
        )
        if name in ("seed", "reset", "clear"):
            command.add_argument(
                "--force",
                action="store_true",
                help="replace a database holding data terp-seed did not write (never production; "
                "default: refuse)",
            )
        if name in ("seed", "check"):
            command.add_argument(
                "--profile",
                choices=sorted(PROFILES),
                default=None,
                help=f"volumes and window (default: {DEFAULT_PROFILE}; for check, the profile "
                "the database's marker names)",
            )
            for parameter, kind in overridable_parameters().items():
                flags = [f"--{parameter.replace('_', '-')}"]
                if parameter == "buyers":
                    flags.append("--clients")
                command.add_argument(
                    *flags,
                    dest=parameter,
                    default=None,
                    metavar=kind.__name__.upper(),
                    help=PARAMETER_HELP.get(parameter, "see DESIGN.md section 7"),
                )
        if name in ("seed", "check"):
            _staff_options(command, name)
        if name == "check":
            command.add_argument(
                "--format",
                choices=("table", "json"),
                default="table",
                help="report as a table for people or JSON for tools (default: table)",
            )
    return parser


def _staff_options(command: argparse.ArgumentParser, name: str) -> None:
    from terp_seed.terp.access import DEFAULT_STAFF_PASSWORD, STAFF_FILE_ENV, STAFF_PASSWORD_ENV

    command.add_argument(
        "--staff-password",
        metavar="PASSWORD",
        default=None,
        help=(
            f"the staff logins' password (default: ${STAFF_PASSWORD_ENV}, else "
            f"{DEFAULT_STAFF_PASSWORD!r} for local use); never printed"
            if name == "seed"
            else f"verify staff logins with it (default: ${STAFF_PASSWORD_ENV}; without "
            "either, that one check is skipped)"
        ),
    )
    if name == "seed":
        command.add_argument(
            "--staff-file",
            metavar="PATH",
            default=None,
            help=f"YAML or TOML file of extra staff (name, email, role) and flag settings "
            f"every seed recreates (default: ${STAFF_FILE_ENV})",
        )


def _staff_environment(args: argparse.Namespace, params: SeedParams | None) -> dict[str, str]:
    """The staff password and file for the in-process run, checked before anything is written.

    They reach the run as environment variables, so no run config, log or marker holds them.
    """
    from terp_seed.generate import reference
    from terp_seed.generate.access.staff_file import load_staff_file, staff_password
    from terp_seed.terp.access import STAFF_FILE_ENV, STAFF_PASSWORD_ENV

    password = args.staff_password or os.environ.get(STAFF_PASSWORD_ENV)
    if params is None:  # check: verify logins only with a password given
        return {STAFF_PASSWORD_ENV: password} if password else {}
    env = {STAFF_PASSWORD_ENV: password or staff_password()}
    path = args.staff_file or os.environ.get(STAFF_FILE_ENV)
    if path:
        seeded = set(reference.generate(params)["users"]["email"].str.lower())
        load_staff_file(Path(path), seeded)
        env[STAFF_FILE_ENV] = str(Path(path).resolve())
    return env


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the in-process run, restoring them afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        name: getattr(args, name)
        for name in overridable_parameters()
        if getattr(args, name, None) is not None
    }


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set the run is recorded where `dg dev` shows it; else it is ephemeral.
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


@contextlib.contextmanager
def _url_in_environment(url: str) -> Iterator[None]:
    """The database URL as TERP_DATABASE_URL for the run, so no run config ever holds it.

    Dagster stores a job's resources and run config in its run storage; an environment
    variable the run reads stays in this process.
    """
    before = os.environ.get(DATABASE_URL_ENV)
    os.environ[DATABASE_URL_ENV] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATABASE_URL_ENV, None)
        else:
            os.environ[DATABASE_URL_ENV] = before


def _ui_hint(store: TerpStore) -> str:
    """A command that opens the Dagster UI on this database, runnable as printed."""
    import terp_seed

    project = Path(terp_seed.__file__).resolve().parent.parent
    dg_bin = Path(sys.executable).parent / "dg"
    url = f"sqlite:///{store.url.database}"
    return (
        f"cd {shlex.quote(str(project))} && {DATABASE_URL_ENV}={shlex.quote(url)} "
        f"{shlex.quote(str(dg_bin))} dev"
    )


def _applicable(evaluation: Any) -> bool:
    value = (evaluation.metadata or {}).get("applicable")
    return getattr(value, "value", value) is not False


def _seed(args: argparse.Namespace, params: SeedParams, url: str, store: TerpStore) -> int:
    from terp_seed.definitions import defs as load_defs
    from terp_seed.defs.resources import SeedSettings, TerpDatabase
    from terp_seed.rules.coverage import coverage_from_counts

    overrides = {k: str(v) for k, v in _overrides(args).items() if k != "seed"}
    job = load_defs().resolve_job_def("seed_job")
    _say(
        f"seeding {store.display_url} with profile {params.profile}, seed {params.seed}, "
        f"window {params.start} .. {params.end}"
    )
    started = time.monotonic()
    with _instance() as instance, _url_in_environment(url):
        result = job.execute_in_process(
            resources={
                "seed_settings": SeedSettings(
                    profile=params.profile, seed=params.seed, overrides=overrides
                ),
                "database": TerpDatabase(force=args.force),
            },
            run_config={"loggers": {"terp_progress": {}}},
            instance=instance,
            raise_on_error=False,
        )
        checks = [
            event.event_specific_data
            for event in result.all_events
            if event.event_type_value == "ASSET_CHECK_EVALUATION"
        ]
    elapsed = time.monotonic() - started
    not_applicable = [check for check in checks if not _applicable(check)]
    failed = [check for check in checks if not check.passed]
    # Distribution rules warn (a one-month window cannot show a 0.5% return rate); only
    # integrity rules, which block publish, fail the command.
    blocking_failed = [c for c in failed if c.severity == dg.AssetCheckSeverity.ERROR]
    published = any(
        event.event_type_value == "ASSET_MATERIALIZATION"
        and event.asset_key == dg.AssetKey("publish")
        for event in result.all_events
    )
    if published:
        counts = {t: n for t, n in store.row_counts(Where.LIVE).items() if n}
        print(
            f"seeded {store.display_url} in {elapsed:.1f}s "
            f"(profile {params.profile}, seed {params.seed}, {params.start} .. {params.end})"
        )
        print("rows per table:")
        for table, rows in sorted(counts.items()):
            print(f"  {table:<32} {rows:>10,}")
        _print_logins(store)
        print("coverage: " + "\n".join(coverage_from_counts(counts).lines()))
    print(
        f"checks: {len(checks) - len(failed) - len(not_applicable)} passed, {len(failed)} failed "
        f"({len(failed) - len(blocking_failed)} of them warnings), "
        f"{len(not_applicable)} not applicable"
    )
    for check in checks:
        print(f"  {check.description or check.check_name}")
    if published and store.url.get_backend_name() == "sqlite":
        print(f"database file: {store.url.database}")
        print(f"open the Dagster UI on it: {_ui_hint(store)}")
    if not result.success or blocking_failed:
        failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        for event in failures:
            error = event.event_specific_data.error
            print(f"step {event.step_key} failed: {failure_cause(error)}", file=sys.stderr)
            if args.verbose:
                print(error.to_string(), file=sys.stderr)
        publish_failed = any(e.step_key == "publish" for e in failures)
        # publish settles a failed swap before it reports: it raises PublishError only when
        # the live database is unchanged; any other publish failure leaves the outcome open.
        unknown = publish_failed and not any(
            "PublishError" in _error_classes(e.event_specific_data.error) for e in failures
        )
        if published:
            verdict = "published, but a blocking check failed"
        elif unknown:
            verdict = f"publish failed; run `terp-seed check` on {store.display_url} to see it"
        else:
            verdict = "not published: the live database is as it was"
        print(verdict, file=sys.stderr)
        return EXIT_CHECK_FAILED
    return EXIT_OK


def _print_logins(store: TerpStore) -> None:
    """Who can log in to TERP on the seeded database, and as what; never the password."""
    from terp_seed.terp.access import STAFF_PASSWORD_ENV

    users = store.read("users", Where.LIVE, ["id", "openId", "email"])
    held = store.read("user_roles", Where.LIVE, ["id", "user_id", "role_id"])
    names = store.read("roles", Where.LIVE, ["id", "name"]).set_index("id")["name"]
    roles = held.assign(role=held["role_id"].map(names)).groupby("user_id")["role"].agg(", ".join)
    print(
        f"staff logins (email + the password from --staff-password / ${STAFF_PASSWORD_ENV}, "
        "else the documented local default):"
    )
    for user in users.itertuples():
        print(f"  {user.email:<44} {roles.get(user.openId, '(no role)')}")


def _error_classes(error: Any) -> set[str]:
    names = set()
    while error is not None:
        names.add(str(getattr(error, "cls_name", "")))
        error = getattr(error, "cause", None)
    return names


def _marker(state: str) -> dict[str, str]:
    return {"version": importlib.metadata.version("terp-seed"), "state": state}


def _check(args: argparse.Namespace, store: TerpStore) -> int:
    from terp_seed.rules import SUITES, RuleContext, run_rules
    from terp_seed.rules.coverage import coverage_of
    from terp_seed.schema import table_names

    state = store.inspect_target()
    present = store.live_tables()
    terp_tables = present & set(table_names())
    if state.kind is TargetKind.EMPTY and not present:
        raise StoreError(f"{store.display_url} is an empty database (no tables): seed it first")
    if not terp_tables:
        raise StoreError(
            f"{store.display_url} is not a TERP database (none of TERP's tables; it has "
            f"{len(present)} others)"
        )
    if set(state.tables_with_rows) <= {"organization_settings"}:
        raise StoreError(
            f"{store.display_url} is an empty database (TERP's schema, no rows): seed it first"
        )
    marker = dict(state.marker or {})
    overrides = _overrides(args)
    profile = args.profile or str(marker.get("profile") or DEFAULT_PROFILE)
    if "window" in marker and not ({"start", "end", "months"} & overrides.keys()):
        start, end = str(marker["window"]).split("..")
        overrides = {"start": start, "end": end, **overrides}
    if "seed" in marker:
        overrides.setdefault("seed", marker["seed"])
    params = resolve_params(profile, overrides)
    results = [
        result
        for family, rules in SUITES.items()
        for result in run_rules(store.url_of(Where.LIVE), rules, RuleContext(params), family)
    ]
    failed = [r for r in results if not r.passed]
    skipped = [r for r in results if r.not_applicable]
    coverage = coverage_of(store.url_of(Where.LIVE))
    if args.format == "json":
        report = {
            "database": store.display_url,
            "params": params.summary(),
            "passed": not failed,
            "coverage": coverage.as_json(),
            "counts": {
                "passed": len(results) - len(failed) - len(skipped),
                "failed": len(failed),
                "not_applicable": len(skipped),
            },
            "rules": [
                {
                    "rule": r.rule.rule_id,
                    "check": r.rule.check,
                    "result": _verdict(r),
                    "passed": None if r.not_applicable else r.passed,
                    "applicable": not r.not_applicable,
                    "observed": r.observed,
                    "tolerance": r.tolerance,
                    "blocking": r.rule.blocking,
                    "error": r.error,
                    "first_offending_rows": list(r.offending),
                    **(
                        {"exhibits": {k: list(v) for k, v in r.exhibits.items()}}
                        if r.exhibits
                        else {}
                    ),
                }
                for r in results
            ],
        }
        print(json.dumps(report, indent=2, default=str))
    else:
        for line in _check_table(results):
            print(line)
        print("coverage: " + "\n".join(coverage.lines()))
        if any(r.rule.check == "staff_logins_verify" for r in skipped):
            print(
                "staff_logins_verify skipped: give --staff-password or $TERP_SEED_STAFF_PASSWORD "
                "to verify the staff logins"
            )
        # The summary stays the last line: scripts read it.
        print(
            f"{len(results) - len(failed) - len(skipped)} passed, {len(failed)} failed, "
            f"{len(skipped)} not applicable"
        )
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _verdict(result: Any) -> str:
    if result.not_applicable:
        return "not applicable"
    return "pass" if result.passed else "FAIL"


# The check table fits a 100-column terminal: a long name or tolerance wraps onto its own line
# instead of breaking the columns.
_CHECK_WIDTH, _OBSERVED_WIDTH, _TOLERANCE_WIDTH = 37, 16, 24


def _check_table(results: Sequence[Any]) -> Iterator[str]:
    """The check report as lines of at most 100 characters."""
    import textwrap

    indent = " " * 4
    yield f"{'rule':<4} {'check':<{_CHECK_WIDTH}} {'observed':>{_OBSERVED_WIDTH}}  " + (
        f"{'tolerance':<{_TOLERANCE_WIDTH}} result"
    )
    for r in results:
        name = r.rule.check
        if len(name) > _CHECK_WIDTH:
            yield f"{r.rule.rule_id:<4} {name}"[:100]
            rule_id, name = "", ""
        else:
            rule_id = r.rule.rule_id
        tolerance = textwrap.wrap(r.tolerance, _TOLERANCE_WIDTH) or [""]
        observed = r.observed_text()[:_OBSERVED_WIDTH]
        yield (
            f"{rule_id:<4} {name:<{_CHECK_WIDTH}} {observed:>{_OBSERVED_WIDTH}}  "
            f"{tolerance[0]:<{_TOLERANCE_WIDTH}} {_verdict(r)}"
        )
        pad = " " * (4 + 1 + _CHECK_WIDTH + 1 + _OBSERVED_WIDTH + 2)
        for more in tolerance[1:]:
            yield pad + more
        if not r.passed:
            detail = r.error or f"first offending row: {r.offending[:1]}"
            yield from textwrap.wrap(detail, 100, initial_indent=indent, subsequent_indent=indent)


def _run(args: argparse.Namespace) -> int:
    url = args.database_url or default_database_url()
    params = None
    if args.command == "seed":
        params = resolve_params(args.profile or DEFAULT_PROFILE, _overrides(args))
    staff = _staff_environment(args, params) if args.command in ("seed", "check") else {}
    store = open_store(url)
    if args.command == "check":
        with _environment(staff):
            return _check(args, store)
    # One run per target: held from the guard to the end, so nothing changes in between.
    with store.run_lock():
        store.guard(
            {"seed": "replace", "reset": "reset", "clear": "clear"}[args.command], force=args.force
        )
        if args.command == "seed":
            with _environment(staff):
                return _seed(args, params, url, store)
        started = time.monotonic()
        if args.command == "reset":
            store.reset(_marker("empty"), force=args.force)
        else:
            store.clear(_marker("empty"), force=args.force)
    print(
        f"{args.command}: {store.display_url} now holds TERP's schema, every table empty "
        f"({time.monotonic() - started:.1f}s)"
    )
    return EXIT_OK


def _quiet_third_parties(verbose: bool) -> None:
    """Keep library tracebacks out of the output unless asked for.

    SQLAlchemy's pool logs a traceback when it discards a connection the server closed (the
    run goes on with a new one); that is noise for a user, shown only with --verbose.
    """
    if not verbose:
        logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the terp-seed command; returns the process exit code."""
    verbose = "--verbose" in (sys.argv[1:] if argv is None else argv)
    _quiet_third_parties(verbose)
    try:
        return _run(_parser().parse_args(argv))
    except (_UsageError, ParameterError, StoreError) as error:
        print(f"terp-seed: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except sa.exc.SQLAlchemyError as error:
        # A database error outside a run: one line, no credentials (drivers do not echo them).
        print(f"terp-seed: database error: {first_line(error)}", file=sys.stderr)
        if verbose:
            traceback.print_exc()
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("terp-seed: interrupted; the live database is as it was", file=sys.stderr)
        return 130
    except Exception as error:  # no input may end in a traceback; --verbose shows it
        print(
            f"terp-seed: unexpected {type(error).__name__}: {str(error).splitlines()[0][:300]}"
            if str(error)
            else f"terp-seed: unexpected {type(error).__name__}",
            file=sys.stderr,
        )
        if verbose:
            traceback.print_exc()
        return EXIT_CHECK_FAILED


if __name__ == "__main__":
    sys.exit(main())
