"""Per-family generation time (median of 3 runs) for the light, full and large profiles.

Walks the family registry, so a family added by anyone is measured too. Generation only: no
database (see scripts/bench_seed.py for the whole seed against its floor).
Usage: python scripts/bench_generate.py [--runs 3] [profile ...]
"""

import argparse
import statistics
import time

from terp_seed.generate import registry
from terp_seed.params import resolve_params


def bench(profile: str, runs: int) -> dict[str, float]:
    """Median seconds per family for one profile (the as-of pinned, so runs compare)."""
    params = resolve_params(profile, {"end": "2025-10-31"})
    times: dict[str, list[float]] = {family.name: [] for family in registry.FAMILIES}
    for _ in range(runs):
        state: dict = {}
        for family in registry.FAMILIES:
            started = time.perf_counter()
            frames = family.generate(params, state)
            times[family.name].append(time.perf_counter() - started)
            state = {**state, **frames}
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print per-family medians for each profile asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", default=["light", "full", "large"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for profile in args.profiles:
        medians = bench(profile, args.runs)
        print(f"{profile}: {sum(medians.values()):.2f}s generation, median of {args.runs}")
        for name, seconds in medians.items():
            print(f"  {name:<12} {seconds:6.2f}s")


if __name__ == "__main__":
    main()
