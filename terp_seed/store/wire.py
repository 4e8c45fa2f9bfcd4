"""One text form per value, shared by both backends: what gets loaded and what gets hashed.

MySQL receives it through LOAD DATA, SQLite through executemany, and a table's content hash
is taken over the same form read back. So the same frames give the same hash on either
database, and a hash mismatch means the data differ, not their spelling.
"""

import hashlib
import json
from collections.abc import Iterable

import numpy as np
import pandas as pd

from terp_seed.schema import ColumnSpec, table_spec

_TEXT_KINDS = {"varchar", "text", "longtext", "enum"}


def _canonical_json(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    parsed = json.loads(value) if isinstance(value, str | bytes) else value
    return json.dumps(parsed, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def wire_column(column: ColumnSpec, values: pd.Series) -> pd.Series:
    """The text form of one column's values (None for NULL), vectorised where pandas allows."""
    kind = column.kind
    missing = values.isna() if kind != "json" else values.map(lambda v: v is None or v is pd.NA)
    if kind in ("int", "boolean"):
        numbers = pd.to_numeric(values.where(~missing, 0)).astype("int64")
        text = numbers.astype(str)
    elif kind == "decimal":
        numbers = pd.to_numeric(values.where(~missing, 0).astype(float))
        # Adding 0.0 turns -0.0 into 0.0: the same amount is spelled one way.
        rounded = numbers.round(column.scale or 0) + 0.0
        text = rounded.map(f"{{:.{column.scale or 0}f}}".format)
    elif kind == "timestamp":
        text = pd.to_datetime(values.where(~missing)).dt.strftime("%Y-%m-%d %H:%M:%S")
    elif kind == "date":
        text = pd.to_datetime(values.where(~missing)).dt.strftime("%Y-%m-%d")
    elif kind == "json":
        text = values.map(_canonical_json)
    else:
        text = (
            values.astype(object)
            .where(~missing)
            .map(lambda v: v if isinstance(v, str) else str(v), na_action="ignore")
        )
    return text.astype(object).where(~missing, None)


def wire_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Every column of `frame` in its text form, in the frame's column order."""
    spec = table_spec(table)
    return pd.DataFrame(
        {name: wire_column(spec.column(name), frame[name]) for name in frame.columns},
        index=frame.index,
    )


def tsv_escape(wire: pd.DataFrame, table: str) -> Iterable[str]:
    """Lines for MySQL's LOAD DATA: tab-separated, backslash-escaped, NULL spelled as an escape."""
    spec = table_spec(table)
    escaped = {}
    for name in wire.columns:
        column = wire[name]
        if spec.column(name).kind in _TEXT_KINDS | {"json"}:
            column = (
                column.str.replace("\\", "\\\\", regex=False)
                .str.replace("\t", "\\t", regex=False)
                .str.replace("\n", "\\n", regex=False)
                .str.replace("\r", "\\r", regex=False)
            )
        escaped[name] = column.where(column.notna(), "\\N")
    return _join_columns(list(escaped.values()), "\t")


def _join_columns(columns: list[pd.Series], separator: str) -> list[str]:
    if not columns:
        return []
    first, *rest = (column.astype(str) for column in columns)
    return first.str.cat(rest, sep=separator).tolist() if rest else first.tolist()


def content_digest(table: str, frame: pd.DataFrame) -> str:
    """SHA-256 of a table's content in primary-key order, in its text form."""
    spec = table_spec(table)
    ordered = frame.sort_values(list(spec.primary_key)) if len(frame) else frame
    wire = wire_frame(table, ordered[[c for c in spec.column_names if c in ordered.columns]])
    digest = hashlib.sha256()
    digest.update("\t".join(wire.columns).encode())
    columns = [wire[name].where(wire[name].notna(), "\\N") for name in wire.columns]
    for line in _join_columns(columns, "\x1f"):
        digest.update(b"\n")
        digest.update(line.encode())
    return digest.hexdigest()
