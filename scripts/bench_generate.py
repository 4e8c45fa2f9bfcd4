"""Per-family generation time (median of 3 runs) for the light, full and large profiles.

Usage: python scripts/bench_generate.py [profile ...]
"""

import statistics
import sys
import time

from terp_seed.generate import batches, clients, orders, reference
from terp_seed.params import resolve_params


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def bench(profile: str, runs: int = 3) -> dict[str, float]:
    """Median seconds per family for one profile."""
    params = resolve_params(profile)
    times: dict[str, list[float]] = {"reference": [], "clients": [], "batches": [], "orders": []}
    for _ in range(runs):
        ref, t = _timed(reference.generate, params)
        times["reference"].append(t)
        cl, t = _timed(clients.generate, params)
        times["clients"].append(t)
        procured, t = _timed(batches.generate, params, ref, cl)
        times["batches"].append(t)
        sold, t = _timed(orders.generate, params, ref, cl, procured)
        times["orders"].append(t)
    rows = {name: len(frame) for name, frame in {**procured, **sold}.items()}
    print(f"{profile}: " + ", ".join(f"{k} {statistics.median(v):.2f}s" for k, v in times.items()))
    print(f"  rows: {rows}")
    return {k: statistics.median(v) for k, v in times.items()}


if __name__ == "__main__":
    for name in sys.argv[1:] or ["light", "full", "large"]:
        bench(name)
