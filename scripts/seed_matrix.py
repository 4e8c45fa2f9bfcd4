"""Run the seed over a matrix of (profile, seed, as-of, window) and print one line per cell.

Each cell generates every family in memory (`registry.run_chain`); with `--checks` it then
writes the tables to a scratch SQLite shadow, runs every family's rules on it (as `terp-seed
seed` does) and names the failing blocking checks (and the warnings, as a note). A cell
prints `ok`, the exception's innermost line, or the failing checks.
Usage: python scripts/seed_matrix.py [--profiles light small] [--seeds 1-8]
       [--ends 2025-06-15 ...] [--months 1 2] [--checks]
"""

import argparse
import itertools
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from terp_seed.generate import registry
from terp_seed.params import SeedParams, resolve_params
from terp_seed.rules import SUITES, RuleContext, run_rules
from terp_seed.store import Where, open_store

ENDS = ("2025-06-15", "2025-10-31", "2026-01-01", "2026-02-28", "2026-11-30")


def _where(error: BaseException) -> str:
    """The innermost frame inside terp_seed, where the cause is."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "terp_seed" in f.filename]
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.split('terp_seed/')[-1]}:{last.lineno} {last.name}"


def _params(profile: str, seed: int, end: str, months: int | None) -> SeedParams:
    overrides: dict[str, object] = {"seed": seed, "end": end}
    if months:
        overrides["months"] = months
    return resolve_params(profile, overrides)


def _crash(error: BaseException) -> str:
    message = str(error).splitlines()[0][:160] if str(error) else ""
    return f"CRASH {type(error).__name__}: {message} @ {_where(error)}"


def generate_cell(profile: str, seed: int, end: str, months: int | None) -> str:
    """`ok` or the crash's one line (type, message, where) for one cell, generation only."""
    try:
        registry.run_chain(_params(profile, seed, end, months))
    except Exception as error:  # the matrix reports every crash and goes on
        return _crash(error)
    return "ok"


def check_cell(profile: str, seed: int, end: str, months: int | None) -> str:
    """`ok` or the failing blocking checks of one cell written to a scratch SQLite shadow."""
    params = _params(profile, seed, end, months)
    try:
        tables = registry.merged(registry.run_chain(params).values())
    except Exception as error:  # the matrix reports every crash and goes on
        return _crash(error)
    target = Path(tempfile.mkdtemp(prefix="m_")) / "terp.sqlite"
    store = open_store(f"sqlite:///{target}")
    try:
        store.begin_shadow()
        store.write(tables)
        shadow = store.url_of(Where.SHADOW)
        results = [
            result
            for family, rules in SUITES.items()
            for result in run_rules(shadow, rules, RuleContext(params), family)
        ]
    finally:
        store.dispose()
        shutil.rmtree(target.parent, ignore_errors=True)
    failed = [r for r in results if not r.passed and not r.not_applicable]
    blocking = [r for r in failed if r.rule.blocking]
    if blocking:
        return "FAIL " + "; ".join(
            f"{r.rule.check} ({r.observed}; {r.error or list(r.offending)[:1]})"[:160]
            for r in blocking
        )
    warned = ", ".join(r.rule.check for r in failed)
    return f"ok{' (warn: ' + warned + ')' if warned else ''}"


def _seeds(text: str) -> list[int]:
    if "-" in text:
        low, high = text.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(part) for part in text.split(",")]


def main() -> int:
    """Walk the matrix and print one line per cell; exit 1 when any cell is not ok."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["light", "small", "medium"])
    parser.add_argument("--seeds", default="1-8")
    parser.add_argument("--ends", nargs="+", default=list(ENDS))
    parser.add_argument(
        "--months",
        nargs="*",
        type=int,
        default=[0, 1, 2],
        help="window lengths; 0 = the profile's own",
    )
    parser.add_argument("--checks", action="store_true", help="seed SQLite and run every check")
    args = parser.parse_args()
    cell = check_cell if args.checks else generate_cell
    bad = 0
    for profile, seed, end, months in itertools.product(
        args.profiles, _seeds(args.seeds), args.ends, args.months
    ):
        started = time.perf_counter()
        verdict = cell(profile, seed, end, months or None)
        bad += not verdict.startswith("ok")
        seconds = time.perf_counter() - started
        print(
            f"{profile:<7} seed={seed} end={end} months={months or '-':<2} "
            f"{seconds:5.1f}s {verdict}",
            flush=True,
        )
    print(f"{bad} cell(s) not ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
