"""Benchmark: a whole `terp-seed seed` against its floor, what MySQL itself needs for the same work.

For each profile, measured in one sitting (medians of --runs):
- floor: one CREATE TABLE per table (indexes and foreign keys inline) of all TERP tables, plus
  LOAD DATA LOCAL INFILE of exactly the rows the seed publishes, from files formatted before
  the clock starts;
- seed: `terp-seed seed` in a child process, its per-phase times (from its progress lines),
  rows per second and peak memory (the child's maximum resident set);
- the ratio seed / floor (issue 15's target: at most 2.5 on full).

Usage: python scripts/bench_seed.py [--runs 3] [--profiles light full large] [--stress]
       [--mysql-url mysql+pymysql://root@127.0.0.1:3306/terp_bench] [--end 2025-10-31]
The machine is shared and noisy: compare ratios, not seconds.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pymysql
import sqlalchemy as sa

from terp_seed.generate import registry
from terp_seed.params import resolve_params
from terp_seed.store.mysql import create_statements
from terp_seed.store.validate import coerce_frame
from terp_seed.store.wire import tsv_escape, wire_frame

_DONE = re.compile(r"^ {2}(\S+) done in ([\d.]+)s$")


def _connect(url: sa.URL, database: str | None) -> pymysql.Connection:
    return pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=database,
        local_infile=True,
        autocommit=True,
        charset="utf8mb4",
    )


def formatted_rows(profile: str, end: str, folder: Path) -> dict[str, tuple[Path, list[str], int]]:
    """The rows a seed of `profile` publishes, written as LOAD DATA files (not timed)."""
    params = resolve_params(profile, {"end": end})
    state = registry.merged(registry.run_chain(params).values())
    files = {}
    for table, frame in state.items():
        if not len(frame):
            continue
        coerced = coerce_frame(table, frame)
        path = folder / f"{table}.tsv"
        lines = tsv_escape(wire_frame(table, coerced), table)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files[table] = (path, list(coerced.columns), len(coerced))
    return files


def floor_seconds(url: sa.URL, files: dict[str, tuple[Path, list[str], int]]) -> dict[str, float]:
    """Raw DDL and raw LOAD DATA of the same rows into a scratch database: MySQL's own cost."""
    database = f"{url.database}_floor"
    server = _connect(url, None)
    try:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
            cursor.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
        connection = _connect(url, database)
        statements = create_statements(sa.dialects.mysql.dialect())
        with connection.cursor() as cursor:
            cursor.execute("SET foreign_key_checks = 0, explicit_defaults_for_timestamp = 1")
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
            ddl = time.perf_counter() - started
            cursor.execute("SET time_zone = '+00:00', unique_checks = 0")
            started = time.perf_counter()
            for table, (path, columns, _) in files.items():
                names = ", ".join(f"`{c}`" for c in columns)
                cursor.execute(
                    f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE `{table}` CHARACTER SET utf8mb4 "
                    "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
                    f"({names})"
                )
            load = time.perf_counter() - started
        connection.close()
        return {"ddl": ddl, "load": load}
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        server.close()


def seed_once(url: str, profile: str, end: str) -> tuple[float, dict[str, float], float]:
    """One `terp-seed seed` in a child: seconds, seconds per phase, peak memory in MB."""
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "TERP_ENV")}
    command = [sys.executable, "-m", "terp_seed.cli", "seed", "--profile", profile]
    command += ["--end", end, "--database-url", url, "--force"]
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        text = err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"seed of {profile} failed:\n{text[-3000:]}")
    phases = {m[1]: float(m[2]) for m in map(_DONE.match, text.splitlines()) if m}
    return seconds, phases, usage.ru_maxrss / 1024


def bench(url: str, profile: str, end: str, runs: int) -> None:
    """Print the floor, the seed, their ratio, per-phase times, rows/s and peak memory."""
    parsed = sa.make_url(url)
    with tempfile.TemporaryDirectory(prefix="terp_bench_") as folder:
        files = formatted_rows(profile, end, Path(folder))
        rows = sum(n for _, _, n in files.values())
        floors = [floor_seconds(parsed, files) for _ in range(runs)]
    seeds = [seed_once(url, profile, end) for _ in range(runs)]
    floor = statistics.median(f["ddl"] + f["load"] for f in floors)
    seconds = statistics.median(s[0] for s in seeds)
    print(f"{profile}: {rows:,} rows in {len(files)} tables, median of {runs}")
    print(
        f"  floor {floor:6.2f}s (DDL {statistics.median(f['ddl'] for f in floors):.2f}s + "
        f"LOAD DATA {statistics.median(f['load'] for f in floors):.2f}s)"
    )
    print(
        f"  seed  {seconds:6.2f}s  ratio {seconds / floor:.2f}x  {rows / seconds:,.0f} rows/s  "
        f"peak {max(s[2] for s in seeds):,.0f} MB"
    )
    per_phase: dict[str, list[float]] = defaultdict(list)
    for _, phases, _ in seeds:
        for phase, value in phases.items():
            per_phase[phase].append(value)
    accounted = 0.0
    for phase, values in per_phase.items():
        median = statistics.median(values)
        accounted += median
        print(f"    {phase:<24} {median:6.2f}s")
    print(f"    {'start-up and report':<24} {max(seconds - accounted, 0.0):6.2f}s")


def main() -> None:
    """Run the benchmark for the profiles asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--profiles", nargs="+", default=["light", "full", "large"])
    parser.add_argument("--stress", action="store_true", help="add the stress profile (long)")
    parser.add_argument("--end", default="2025-10-31", help="the as-of date of every run")
    parser.add_argument("--mysql-url", default="mysql+pymysql://root@127.0.0.1:3306/terp_bench")
    args = parser.parse_args()
    profiles = args.profiles + (["stress"] if args.stress else [])
    try:
        for profile in profiles:
            bench(args.mysql_url, profile, args.end, args.runs)
    finally:
        server = _connect(sa.make_url(args.mysql_url), None)
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{sa.make_url(args.mysql_url).database}`")
        server.close()


if __name__ == "__main__":
    main()
