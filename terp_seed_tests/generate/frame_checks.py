"""What every generated frame must satisfy against TERP's schema, shared by the family tests."""

import json
import re

import numpy as np
import pandas as pd

from terp_seed.schema import load_snapshot

SCHEMA = load_snapshot()["tables"]
# Due and expiry dates may lie after as-of (an invoice due next week); events may not.
FUTURE_DATED = re.compile(r"(?i)due|valid_until|expiration")


def cutoff_of(params) -> pd.Timestamp:
    """The last second of the as-of day: nothing that happened may be dated after it."""
    return pd.Timestamp(params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def _row_id(frame: pd.DataFrame, bad: pd.Series) -> object:
    return frame.loc[bad[bad].index[0], "id"] if "id" in frame else bad[bad].index[0]


def assert_matches_schema(table: str, frame: pd.DataFrame, cutoff: pd.Timestamp) -> None:
    """Columns, NOT NULLs, enums, varchar lengths, decimals, JSON and dates vs the snapshot."""
    assert table in SCHEMA, f"{table} is not a TERP table"
    columns = {c["name"]: c for c in SCHEMA[table]["columns"]}
    unknown = set(frame.columns) - set(columns)
    assert not unknown, f"{table}: columns not in the schema: {sorted(unknown)}"
    for name, col in columns.items():
        if not col["nullable"] and col.get("default") is None:
            assert name in frame, f"{table}.{name} is NOT NULL without default but missing"
        if name not in frame:
            continue
        values = frame[name]
        if not col["nullable"]:
            bad = values.isna()
            assert not bad.any(), f"{table}.{name} NULL at row id {_row_id(frame, bad)}"
        present = values.dropna()
        kind = col["type"]
        if col.get("enum"):
            bad = ~present.isin(col["enum"])
            assert not bad.any(), (
                f"{table}.{name}={present[bad].iloc[0]!r} not in enum (row {_row_id(frame, bad)})"
            )
        elif match := re.fullmatch(r"varchar\((\d+)\)", kind):
            long = present.astype(str).str.len() > int(match.group(1))
            assert not long.any(), (
                f"{table}.{name} longer than {match.group(1)} at row id {_row_id(frame, long)}"
            )
        elif match := re.fullmatch(r"decimal\((\d+),(\d+)\)", kind):
            precision, scale = int(match.group(1)), int(match.group(2))
            numbers = present.astype(float)
            too_big = numbers.abs() >= 10 ** (precision - scale)
            assert not too_big.any(), f"{table}.{name} overflows decimal({precision},{scale})"
            off_scale = (numbers * 10**scale - np.round(numbers * 10**scale)).abs() > 1e-6
            assert not off_scale.any(), (
                f"{table}.{name} has more than {scale} decimals: {numbers[off_scale].iloc[0]}"
            )
        elif kind == "json":
            for raw in present:
                json.loads(raw)
        elif kind in ("timestamp", "date") and not FUTURE_DATED.search(name):
            late = pd.to_datetime(present) > cutoff
            assert not late.any(), (
                f"{table}.{name} dated after as-of at row id {_row_id(frame, late)}"
            )
        if col.get("unique"):
            dup = present.duplicated()
            assert not dup.any(), f"{table}.{name} duplicated: {present[dup].iloc[0]!r}"
    if "id" in frame and len(frame):
        assert frame["id"].is_unique and frame["id"].min() == 1, (
            f"{table}: ids must be unique from 1"
        )
