"""Print a digest of every generated frame: the proof that a refactor changed no byte.

    python scripts/frame_digests.py --profile full --end 2025-10-31 > before.txt
    ... refactor ...
    python scripts/frame_digests.py --profile full --end 2025-10-31 | diff before.txt -

Each line is `family table rows sha256`, the hash over the columns, dtypes and CSV bytes.
"""

import argparse
import hashlib
import sys

import pandas as pd

from terp_seed.generate import registry
from terp_seed.params import resolve_params


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's column names, dtypes and values (as CSV, floats in full)."""
    digest = hashlib.sha256()
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(frame.to_csv(index=False, float_format="%.17g").encode())
    return digest.hexdigest()


def main(argv: list[str]) -> None:
    """Digest every family's frames for one profile, seed and as-of."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end", default="2025-10-31")
    args = parser.parse_args(argv)
    params = resolve_params(args.profile, {"seed": args.seed, "end": args.end})
    for family, frames in registry.run_chain(params).items():
        for table, frame in frames.items():
            sys.stdout.write(f"{family} {table} {len(frame)} {frame_digest(frame)}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
