"""Benchmark: store throughput (rows/s) per backend and end-to-end seed time per profile.

Prints medians of several runs; the machine is shared and noisy, so compare ratios.
Usage: python scripts/bench_seed.py [--runs 3] [--mysql-url URL] [--rows 300000]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from terp_seed import cli
from terp_seed.store import open_store


def movements(rows: int) -> pd.DataFrame:
    """A synthetic inventoryMovements frame: a wide-ish table of numbers and timestamps."""
    rng = np.random.default_rng(0)
    change = rng.integers(1, 50, rows).astype(float)
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "batchId": rng.integers(1, 5_000, rows),
            "inventoryMovementType": "SALE",
            "quantityChange": -change,
            "quantityBefore": change * 3,
            "quantityAfter": change * 2,
            "referenceType": "ORDER",
            "referenceId": rng.integers(1, 100_000, rows),
            "notes": "picked and shipped",
            "performedBy": 1,
            "createdAt": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(rows), unit="min"),
        }
    )


def timed(action) -> float:
    """Seconds one call of `action` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_store(url: str, frame: pd.DataFrame, runs: int) -> float:
    """Median seconds to write `frame` into a fresh shadow at `url`."""
    store = open_store(url)
    store.begin_shadow()
    seconds = [timed(lambda: store.write({"inventoryMovements": frame})) for _ in range(runs)]
    store.dispose()
    return statistics.median(seconds)


def bench_seed(url: str, profile: str, runs: int) -> float:
    """Median seconds of a whole `terp-seed seed` of `profile` into `url`."""
    seconds = []
    for _ in range(runs):
        seconds.append(
            timed(
                lambda: cli.main(["seed", "--profile", profile, "--database-url", url, "--force"])
            )
        )
    return statistics.median(seconds)


def main() -> None:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--mysql-url", default="mysql+pymysql://root@127.0.0.1:3306/terp_bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        frame = movements(args.rows)
        print(f"store write of {args.rows:,} inventoryMovements rows, median of {args.runs}:")
        rates = {}
        for name, url in (("sqlite", sqlite_url), ("mysql", args.mysql_url)):
            seconds = bench_store(url, frame, args.runs)
            rates[name] = args.rows / seconds
            print(f"  {name:<7} {seconds:6.2f}s  {rates[name]:>10,.0f} rows/s")
        print(f"  mysql/sqlite throughput ratio: {rates['mysql'] / rates['sqlite']:.2f}")
        print(f"end-to-end `terp-seed seed`, median of {args.runs}:")
        for profile in ("light", "full"):
            for name, url in (("sqlite", sqlite_url), ("mysql", args.mysql_url)):
                seconds = bench_seed(url, profile, args.runs)
                print(f"  {profile:<6} {name:<7} {seconds:6.2f}s")


if __name__ == "__main__":
    main()
