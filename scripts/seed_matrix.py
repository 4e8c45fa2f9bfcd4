"""Run the seed over a matrix of (profile, seed, as-of, window) and print one line per cell.

Each cell generates every family in memory (`registry.run_chain`); with `--checks` it then
seeds a SQLite file through `terp-seed seed` (which runs every check) and names the failing
blocking checks. A cell prints `ok`, the exception's innermost line, or the failing checks.
Usage: python scripts/seed_matrix.py [--profiles light small] [--seeds 1-8]
       [--ends 2025-06-15 ...] [--months 1 2] [--checks]
"""

import argparse
import itertools
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

from terp_seed.generate import registry
from terp_seed.params import resolve_params

ENDS = ("2025-06-15", "2025-10-31", "2026-01-01", "2026-02-28", "2026-11-30")
CLI = Path(sys.executable).with_name("terp-seed")


def _where(error: BaseException) -> str:
    """The innermost frame inside terp_seed, where the cause is."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "terp_seed" in f.filename]
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.split('terp_seed/')[-1]}:{last.lineno} {last.name}"


def generate_cell(profile: str, seed: int, end: str, months: int | None) -> str:
    """`ok` or the crash's one line (type, message, where) for one cell, generation only."""
    overrides: dict[str, object] = {"seed": seed, "end": end}
    if months:
        overrides["months"] = months
    params = resolve_params(profile, overrides)
    try:
        registry.run_chain(params)
    except Exception as error:  # the matrix reports every crash and goes on
        message = str(error).splitlines()[0][:160] if str(error) else ""
        return f"CRASH {type(error).__name__}: {message} @ {_where(error)}"
    return "ok"


def check_cell(profile: str, seed: int, end: str, months: int | None) -> str:
    """`ok` or the failing blocking checks of a whole seed into a scratch SQLite file."""
    tag = f"{profile}_{seed}_{end}_{months or 'p'}"
    target = Path(f"/tmp/m_{tag}.sqlite")
    target.unlink(missing_ok=True)
    command = [str(CLI), "seed", "--profile", profile, "--seed", str(seed), "--end", end]
    command += ["--database-url", f"sqlite:///{target}"]
    if months:
        command += ["--months", str(months)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    target.unlink(missing_ok=True)
    if done.returncode == 0:
        return "ok"
    output = done.stdout + done.stderr
    failed = re.findall(r"^\s*(?:FAIL|failed)\S*\s+(.+)$", output, flags=re.MULTILINE)
    if failed:
        return "FAIL " + "; ".join(line.strip()[:90] for line in failed)
    tail = [line for line in output.splitlines() if line.strip()][-3:]
    return f"ERROR rc={done.returncode} " + " | ".join(tail)[:300]


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
        bad += verdict != "ok"
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
