"""The `terp-seed` command: seed, reset, clear and check a TERP database.

`seed` runs the same Dagster job as the UI and the schedule, in-process. Exit codes: 0 ok,
1 a check failed or the run failed (the live database is untouched), 2 bad input, an
unreachable database or a target the guard refuses (nothing was written).
"""

import argparse
import importlib.metadata
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import dagster as dg
import sqlalchemy as sa

from terp_seed.defs.progress import last_line
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
    TerpStore,
    Where,
    default_database_url,
    open_store,
)

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line and exit code 2, like every other refusal."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="terp-seed", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("seed", "generate every family, audit it, publish it atomically"),
        ("reset", "replace the database with TERP's schema, every table empty"),
        ("clear", "empty every table, keep the schema"),
        ("check", "run every business rule against the database and report"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--database-url",
            help=f"SQLAlchemy URL (default: ${DATABASE_URL_ENV} or ./terp_seed.sqlite)",
        )
        if name in ("seed", "reset", "clear"):
            command.add_argument(
                "--force",
                action="store_true",
                help="replace a database holding data terp-seed did not write (never production)",
            )
        if name in ("seed", "check"):
            command.add_argument("--profile", choices=sorted(PROFILES), default=None)
            for parameter, kind in overridable_parameters().items():
                flags = [f"--{parameter.replace('_', '-')}"]
                if parameter == "buyers":
                    flags.append("--clients")
                command.add_argument(
                    *flags, dest=parameter, default=None, metavar=kind.__name__.upper()
                )
        if name == "check":
            command.add_argument("--format", choices=("table", "json"), default="table")
    return parser


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


def _seed(args: argparse.Namespace, params: SeedParams, url: str, store: TerpStore) -> int:
    from terp_seed.definitions import defs as load_defs
    from terp_seed.defs.resources import SeedSettings, TerpDatabase

    overrides = {k: str(v) for k, v in _overrides(args).items() if k != "seed"}
    job = load_defs().resolve_job_def("seed_job")
    _say(
        f"seeding {store.display_url} with profile {params.profile}, seed {params.seed}, "
        f"window {params.start} .. {params.end}"
    )
    started = time.monotonic()
    with _instance() as instance:
        result = job.execute_in_process(
            resources={
                "seed_settings": SeedSettings(
                    profile=params.profile, seed=params.seed, overrides=overrides
                ),
                "database": TerpDatabase(url=url, force=args.force),
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
    print(
        f"checks: {len(checks) - len(failed)} passed, {len(failed)} failed "
        f"({len(failed) - len(blocking_failed)} of them warnings)"
    )
    for check in checks:
        print(f"  {check.description or check.check_name}")
    if published and store.url.get_backend_name() == "sqlite":
        print(f"database file: {store.url.database}")
        print(
            f"open the Dagster UI on it: {DATABASE_URL_ENV}=sqlite:///{store.url.database} dg dev"
        )
    if not result.success or blocking_failed:
        failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        for event in failures:
            print(
                f"step {event.step_key} failed: "
                f"{last_line(event.event_specific_data.error.message)}",
                file=sys.stderr,
            )
        print(
            "not published: the live database is as it was"
            if not published
            else "published, but a blocking check failed",
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    return EXIT_OK


def _marker(state: str) -> dict[str, str]:
    return {"version": importlib.metadata.version("terp-seed"), "state": state}


def _check(args: argparse.Namespace, store: TerpStore) -> int:
    from terp_seed.rules import SUITES, RuleContext, run_rules

    state = store.inspect_target()
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
    if args.format == "json":
        report = {
            "database": store.display_url,
            "params": params.summary(),
            "passed": not failed,
            "rules": [
                {
                    "rule": r.rule.rule_id,
                    "check": r.rule.check,
                    "passed": r.passed,
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
        print(f"{'rule':<5} {'check':<44} {'observed':>14}  {'tolerance':<24} result")
        for r in results:
            verdict = "pass" if r.passed else "FAIL"
            print(
                f"{r.rule.rule_id:<5} {r.rule.check:<44} {r.observed_text():>14}  "
                f"{r.tolerance[:24]:<24} {verdict}"
            )
            if not r.passed:
                print(f"      {r.error or f'first offending row: {r.offending[:1]}'}")
        print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the terp-seed command; returns the process exit code."""
    try:
        args = _parser().parse_args(argv)
        url = args.database_url or default_database_url()
        params = None
        if args.command == "seed":
            params = resolve_params(args.profile or DEFAULT_PROFILE, _overrides(args))
        store = open_store(url)
        if args.command == "check":
            return _check(args, store)
        store.guard(
            {"seed": "replace", "reset": "reset", "clear": "clear"}[args.command], force=args.force
        )
        if args.command == "seed":
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
    except (_UsageError, ParameterError, StoreError) as error:
        print(f"terp-seed: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except sa.exc.SQLAlchemyError as error:
        # A database error outside a run: one line, no credentials (drivers do not echo them).
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(f"terp-seed: database error: {reason}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
