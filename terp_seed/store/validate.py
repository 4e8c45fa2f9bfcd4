"""Checks a frame against TERP's schema before the store writes it.

MySQL in strict mode rejects a bad row in the middle of a load, with a message that names neither
the frame nor the generator (and SQLite accepts most bad values silently). These checks run on
the whole frame first, in vectorised pandas/numpy (frames reach a million rows), and report the
first problem in one line: table, column, what is wrong, one offending row and its value.

`coerce_frame` then puts a valid frame in the shape the writers expect.
"""

import datetime
import decimal
import difflib
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from terp_seed.schema import ColumnSpec, TableSpec, table_spec

# MySQL's signed INT.
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
# MySQL TIMESTAMP holds 1970-01-01 00:00:01 .. 2038-01-19 03:14:07 (UTC); anything else is an
# error in strict mode, a classic trap for back-dated history or far-future expiries.
TIMESTAMP_MIN = pd.Timestamp("1970-01-01 00:00:01")
TIMESTAMP_MAX = pd.Timestamp("2038-01-19 03:14:07")
# TEXT holds 65,535 bytes (not characters); a utf8mb4 character takes up to 4 bytes.
TEXT_MAX_BYTES = 65_535
_MAX_BYTES_PER_CHAR = 4
_SHOWN_ENUM_VALUES = 8
_SHOWN_VALUE_CHARS = 60


class FrameValidationError(ValueError):
    """A frame does not fit its TERP table; the message is one line naming table, column, row."""


# A kind check gets the column's non-null values and returns, per value, whether it is bad,
# plus how to describe one bad value.
_KindCheck = Callable[[pd.Series, ColumnSpec], tuple[np.ndarray, Callable[[Any], str]]]


def validate_frame(table_name: str, frame: pd.DataFrame) -> None:
    """Check that every row of `frame` can be inserted into TERP table `table_name`.

    Checks, in order: the table exists; every frame column exists; no duplicate columns; every
    NOT NULL column without a database default (and not auto-increment) is present; then, column
    by column in schema order, no nulls in NOT NULL columns, enum values in the enum, decimal
    integer parts within precision - scale (extra decimals are fine: they are rounded), varchar
    lengths in characters, INT values integral and 32-bit, booleans 0/1, dates and timestamps
    parseable (and timestamps inside MySQL's TIMESTAMP range), TEXT within 65,535 bytes.

    Args:
        table_name: The SQL table name, e.g. `order_line_items`.
        frame: The rows to write; columns named by SQL column name.

    Raises:
        FrameValidationError: On the first problem found, naming table, column, problem and
            one offending row (its position in the frame) with its value.
    """
    spec = _table(table_name)
    _check_columns(spec, frame)
    if len(frame) == 0:
        return
    positions = {name: index for index, name in enumerate(frame.columns)}
    for column in spec.columns:
        if column.name not in positions:
            continue
        series = frame.iloc[:, positions[column.name]]
        _check_column(spec.name, column, series)


def coerce_frame(table_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` in the shape the writers insert.

    Columns are put in schema order (only those present); decimals are rounded half away from
    zero to their scale, as MySQL rounds; booleans become 0/1 integers (nullable Int64 when
    there are nulls); dicts and lists in JSON columns become compact JSON strings. The input
    frame is not modified.

    Args:
        table_name: The SQL table name.
        frame: The rows; columns named by SQL column name.

    Returns:
        A new frame.

    Raises:
        FrameValidationError: If the table or a column is unknown.
    """
    spec = _table(table_name)
    _check_unknown_columns(spec, frame)
    ordered = [column for column in spec.columns if column.name in frame.columns]
    result = frame[[column.name for column in ordered]].copy()
    for column in ordered:
        series = result[column.name]
        if column.kind == "decimal":
            numeric = pd.to_numeric(series, errors="coerce").astype("float64")
            result[column.name] = round_half_away(numeric.to_numpy(), column.scale or 0)
        elif column.kind == "boolean":
            result[column.name] = _as_zero_one(series)
        elif column.kind == "json":
            result[column.name] = _as_json_text(series)
    return result


def round_half_away(values: np.ndarray, scale: int) -> np.ndarray:
    """Round floats to `scale` decimals, halves away from zero, as MySQL rounds DECIMAL input.

    numpy's own round is half-to-even and trips on binary noise (2.675 is 2.67499...); scaling
    first and trimming that noise at 1e-6 of the last unit gives MySQL's answer.

    Args:
        values: Float array (NaN stays NaN).
        scale: Digits after the point.

    Returns:
        The rounded array.
    """
    factor = 10.0**scale
    scaled = np.round(values * factor, 6)
    return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / factor


# --- structure --------------------------------------------------------------------------------


def _table(table_name: str) -> TableSpec:
    try:
        return table_spec(table_name)
    except KeyError as error:
        raise FrameValidationError(f"{table_name}: {error.args[0]}") from None


def _check_unknown_columns(spec: TableSpec, frame: pd.DataFrame) -> None:
    known = set(spec.column_names)
    for name in frame.columns:
        if name not in known:
            near = difflib.get_close_matches(str(name), list(spec.column_names), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise FrameValidationError(
                f"{spec.name}.{name}: unknown column, not in the TERP schema{hint} "
                f"(all {len(frame)} rows)"
            )


def _check_columns(spec: TableSpec, frame: pd.DataFrame) -> None:
    _check_unknown_columns(spec, frame)
    duplicated = frame.columns[frame.columns.duplicated()]
    if len(duplicated):
        raise FrameValidationError(
            f"{spec.name}.{duplicated[0]}: column appears more than once in the frame "
            f"(all {len(frame)} rows)"
        )
    if len(frame) == 0:
        return
    for column in spec.columns:
        required = not column.nullable and not column.has_default and not column.autoincrement
        if required and column.name not in frame.columns:
            raise FrameValidationError(
                f"{spec.name}.{column.name}: required column missing from the frame "
                f"(NOT NULL {column.sql_type}, no database default) (all {len(frame)} rows)"
            )


# --- per column -------------------------------------------------------------------------------


def _check_column(table: str, column: ColumnSpec, series: pd.Series) -> None:
    present = series.notna().to_numpy()
    # An auto-increment key may be NULL: the database numbers those rows.
    if not column.nullable and not column.autoincrement and not present.all():
        _fail(
            table,
            column,
            series,
            ~present,
            lambda value: f"null value {_show(value)} in NOT NULL {column.sql_type} column",
        )
    if not present.any():
        return
    values = series[present]
    check = _KIND_CHECKS.get(column.kind)
    if check is None:  # json and longtext: the database takes any text
        return
    bad, describe = check(values, column)
    if bad.any():
        mask = np.zeros(len(series), dtype=bool)
        mask[np.flatnonzero(present)[bad]] = True
        _fail(table, column, series, mask, describe)


def _fail(
    table: str,
    column: ColumnSpec,
    series: pd.Series,
    mask: np.ndarray,
    describe: Callable[[Any], str],
) -> None:
    positions = np.flatnonzero(mask)
    row = int(positions[0])
    count = len(positions)
    where = f"row {row}" if count == 1 else f"row {row}; {count} rows in all"
    raise FrameValidationError(f"{table}.{column.name}: {describe(series.iloc[row])} ({where})")


def _show(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    if len(text) > _SHOWN_VALUE_CHARS:
        text = text[: _SHOWN_VALUE_CHARS - 3] + "..."
    return text


def _check_enum(values: pd.Series, column: ColumnSpec) -> tuple[np.ndarray, Callable[[Any], str]]:
    allowed = column.enum_values
    shown = ", ".join(allowed[:_SHOWN_ENUM_VALUES])
    if len(allowed) > _SHOWN_ENUM_VALUES:
        shown += ", ..."
    bad = ~values.isin(allowed).to_numpy()
    return bad, lambda value: f"value {_show(value)} is not one of {shown}"


def _numbers(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("int64")
    try:
        return pd.to_numeric(values, errors="coerce")
    except (TypeError, ValueError):
        # Unhashable or exotic objects (lists, dicts): mark them all not-a-number.
        return pd.Series(np.nan, index=values.index)


def _check_decimal(
    values: pd.Series, column: ColumnSpec
) -> tuple[np.ndarray, Callable[[Any], str]]:
    numbers = _numbers(values)
    not_number = numbers.isna().to_numpy()
    if not_number.any():
        return not_number, lambda value: f"value {_show(value)} is not a number"
    precision, scale = column.precision or 0, column.scale or 0
    integer_digits = precision - scale
    rounded = round_half_away(numbers.to_numpy(dtype="float64"), scale)
    # Too many decimals is fine (we round); too many integer digits is an out-of-range error.
    bad = np.abs(rounded) >= 10.0**integer_digits
    return (
        bad,
        lambda value: (
            f"value {_show(value)} has more than {integer_digits} integer digits "
            f"({column.sql_type})"
        ),
    )


def _char_lengths(values: pd.Series) -> pd.Series:
    strings = values if pd.api.types.is_string_dtype(values.dtype) else values.astype(str)
    return strings.str.len()


def _check_varchar(
    values: pd.Series, column: ColumnSpec
) -> tuple[np.ndarray, Callable[[Any], str]]:
    limit = column.length or 0
    # MySQL counts varchar(n) in characters, and so does str.len.
    bad = (_char_lengths(values) > limit).to_numpy()
    return (
        bad,
        lambda value: (
            f"value {_show(value)} is {len(str(value))} characters, more than {column.sql_type}"
        ),
    )


def _check_text(values: pd.Series, column: ColumnSpec) -> tuple[np.ndarray, Callable[[Any], str]]:
    lengths = _char_lengths(values).to_numpy()
    bad = np.zeros(len(values), dtype=bool)
    # Only values long enough to possibly exceed the byte limit are encoded.
    suspects = np.flatnonzero(lengths > TEXT_MAX_BYTES // _MAX_BYTES_PER_CHAR)
    if len(suspects):
        encoded = values.iloc[suspects].astype(str).str.encode("utf-8").str.len().to_numpy()
        bad[suspects] = encoded > TEXT_MAX_BYTES
    return (
        bad,
        lambda value: (
            f"value {_show(value)} is {len(str(value).encode('utf-8'))} bytes, "
            f"more than TEXT's {TEXT_MAX_BYTES}"
        ),
    )


def _check_int(values: pd.Series, column: ColumnSpec) -> tuple[np.ndarray, Callable[[Any], str]]:
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool), str
    if pd.api.types.is_integer_dtype(values.dtype):
        bad = ((values < INT_MIN) | (values > INT_MAX)).to_numpy(dtype=bool)
        return bad, lambda value: f"value {_show(value)} is outside INT {INT_MIN}..{INT_MAX}"
    numbers = _numbers(values)
    not_number = numbers.isna().to_numpy()
    if not_number.any():
        return not_number, lambda value: f"value {_show(value)} is not an integer"
    floats = numbers.to_numpy(dtype="float64")
    fractional = floats != np.floor(floats)
    if fractional.any():
        return fractional, lambda value: f"value {_show(value)} is not an integer"
    bad = (floats < INT_MIN) | (floats > INT_MAX)
    return bad, lambda value: f"value {_show(value)} is outside INT {INT_MIN}..{INT_MAX}"


def _check_boolean(
    values: pd.Series, column: ColumnSpec
) -> tuple[np.ndarray, Callable[[Any], str]]:
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.zeros(len(values), dtype=bool), str
    # True == 1 and False == 0 hash alike, so this also admits bools and 1.0 / 0.0; strings
    # such as "1" or "yes" are refused.
    bad = ~values.isin([0, 1]).to_numpy()
    return bad, lambda value: f"value {_show(value)} is not 0/1/True/False"


def _parse_datetimes(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values
    elif pd.api.types.is_numeric_dtype(values.dtype):
        # pandas would read numbers as epoch offsets; in a date column they are a bug.
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    else:
        try:
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
        except (ValueError, TypeError):
            # Mixed UTC offsets: compare everything in UTC.
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


def _check_datetime(
    values: pd.Series, column: ColumnSpec
) -> tuple[np.ndarray, Callable[[Any], str]]:
    parsed = _parse_datetimes(values)
    unparseable = parsed.isna().to_numpy()
    if unparseable.any():
        return unparseable, lambda value: f"value {_show(value)} is not a {column.kind}"
    if column.kind != "timestamp":
        return unparseable, str
    bad = ((parsed < TIMESTAMP_MIN) | (parsed > TIMESTAMP_MAX)).to_numpy()
    return (
        bad,
        lambda value: (
            f"value {_show(value)} is outside MySQL's TIMESTAMP range "
            f"{TIMESTAMP_MIN}..{TIMESTAMP_MAX}"
        ),
    )


_KIND_CHECKS: dict[str, _KindCheck] = {
    "enum": _check_enum,
    "decimal": _check_decimal,
    "varchar": _check_varchar,
    "text": _check_text,
    "int": _check_int,
    "boolean": _check_boolean,
    "timestamp": _check_datetime,
    "date": _check_datetime,
}


# --- coercion helpers -------------------------------------------------------------------------


def _as_zero_one(series: pd.Series) -> pd.Series:
    present = series.notna()
    if present.all():
        return series.astype("int64")
    return series.astype("float64").astype("Int64")


def _json_default(value: Any) -> Any:
    # Generated item lists carry numpy scalars, Decimals and timestamps; the app reads plain
    # JSON numbers and ISO strings.
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _to_json(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    return value


def _as_json_text(series: pd.Series) -> pd.Series:
    if series.dtype != object:
        return series
    # Serialising is per value by nature; only dicts and lists are touched. The result stays
    # object dtype so that None remains None (pandas would infer str and turn it into NaN).
    return pd.Series(
        [_to_json(value) for value in series], index=series.index, dtype=object, name=series.name
    )
