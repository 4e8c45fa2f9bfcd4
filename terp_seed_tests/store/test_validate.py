"""validate_frame names table, column, problem and row; coerce_frame shapes frames for writing."""

import datetime
import decimal
import json
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from terp_seed.schema import ColumnSpec, table_names, table_spec
from terp_seed.store.validate import FrameValidationError, coerce_frame, validate_frame

ROWS = 10
BAD_ROW = 3


def _valid_value(column: ColumnSpec, row: int) -> object:
    match column.kind:
        case "int":
            return row + 1
        case "varchar":
            return f"v{row}"[: column.length]
        case "text" | "longtext":
            return f"text {row}"
        case "enum":
            return column.enum_values[row % len(column.enum_values)]
        case "boolean":
            return row % 2
        case "json":
            return "[]"
        case "decimal":
            return 1.25
        case "date":
            return "2024-03-0" + str(1 + row % 9)
        case "timestamp":
            return f"2024-03-01 10:{row % 60:02d}:00"
    raise AssertionError(column.kind)


def valid_frame(table: str, rows: int = ROWS) -> pd.DataFrame:
    """A frame with every column of `table` filled with valid values."""
    spec = table_spec(table)
    return pd.DataFrame(
        {
            column.name: pd.Series([_valid_value(column, row) for row in range(rows)], dtype=object)
            for column in spec.columns
        }
    )


def with_value(table: str, column: str, value: object, rows: tuple[int, ...] = (BAD_ROW,)):
    frame = valid_frame(table)
    for row in rows:
        frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("table", table_names())
def test_a_valid_frame_passes_for_every_table(table: str) -> None:
    validate_frame(table, valid_frame(table))


def test_valid_frames_in_native_dtypes_pass() -> None:
    frame = pd.DataFrame(
        {
            "order_number": ["SO-1", "SO-2", "SO-3"],
            "orderType": pd.Categorical(["SALE", "QUOTE", "SALE"]),
            "is_draft": [True, False, True],
            "client_id": np.array([1, 2, 3], dtype="int64"),
            "client_need_id": [1.0, np.nan, 3.0],  # a nullable int column read as floats
            "intake_event_id": pd.array([1, None, 3], dtype="Int64"),
            "items": [[{"batchId": 1}], [], [{"batchId": 2}]],
            # More decimals than the scale are fine: the store rounds them.
            "subtotal": [decimal.Decimal("10.005"), 20.123456, 0],
            "total": [10.0, 20.0, 0.0],
            "paymentTerms": ["COD", "NET_30", "NET_7"],
            "valid_until": [datetime.date(2024, 5, 1), None, pd.Timestamp("2024-05-03")],
            "packed_at": pd.to_datetime(["2024-05-01 10:00", None, "2030-01-01"], format="ISO8601"),
            "created_by": [1, 1, 1],
        }
    )
    validate_frame("orders", frame)


def test_varchar_length_counts_characters_not_bytes() -> None:
    # 50 two-byte characters fit varchar(50).
    validate_frame("orders", with_value("orders", "order_number", "é" * 50))


def test_autoincrement_key_may_be_null() -> None:
    validate_frame("orders", with_value("orders", "id", None))


def test_empty_frame_passes() -> None:
    validate_frame("orders", pd.DataFrame())


# Each case: (id, table, frame factory, column that must be named, text the message must hold).
ERROR_CASES: list[tuple[str, str, Callable[[], pd.DataFrame], str, str]] = [
    (
        "unknown column",
        "orders",
        lambda: valid_frame("orders").assign(clientId=1),
        "orders.clientId",
        "unknown column, not in the TERP schema (did you mean client_id",
    ),
    (
        "duplicate column",
        "orders",
        lambda: pd.concat([valid_frame("orders"), valid_frame("orders")[["total"]]], axis=1),
        "orders.total",
        "more than once",
    ),
    (
        "required column missing",
        "orders",
        lambda: valid_frame("orders").drop(columns="client_id"),
        "orders.client_id",
        "required column missing from the frame",
    ),
    (
        "null in required column",
        "orders",
        lambda: with_value("orders", "client_id", None),
        "orders.client_id",
        "null value None in NOT NULL int column",
    ),
    (
        "null in NOT NULL column that has a default",
        "orders",
        lambda: with_value("orders", "is_draft", np.nan),
        "orders.is_draft",
        "null value nan in NOT NULL boolean column",
    ),
    (
        "enum value outside the enum",
        "orders",
        lambda: with_value("orders", "orderType", "SHOP"),
        "orders.orderType",
        "value 'SHOP' is not one of QUOTE, SALE",
    ),
    (
        "enum value in the wrong case",
        "orders",
        lambda: with_value("orders", "fulfillmentStatus", "shipped"),
        "orders.fulfillmentStatus",
        "value 'shipped' is not one of DRAFT, CONFIRMED",
    ),
    (
        "decimal integer part too wide",
        "orders",
        lambda: with_value("orders", "subtotal", 12345678901234.5),
        "orders.subtotal",
        "value 12345678901234.5 has more than 13 integer digits (decimal(15,2))",
    ),
    (
        "decimal too wide only after rounding",
        "orders",
        lambda: with_value("orders", "avg_margin_percent", 999.999),
        "orders.avg_margin_percent",
        "has more than 3 integer digits (decimal(5,2))",
    ),
    (
        "decimal not a number",
        "orders",
        lambda: with_value("orders", "total", "12,50"),
        "orders.total",
        "value '12,50' is not a number",
    ),
    (
        "varchar too long",
        "orders",
        lambda: with_value("orders", "order_number", "X" * 51),
        "orders.order_number",
        "is 51 characters, more than varchar(50)",
    ),
    (
        "text over 65535 bytes",
        "orders",
        lambda: with_value("orders", "notes", "€" * 22_000),
        "orders.notes",
        "is 66000 bytes, more than TEXT's 65535",
    ),
    (
        "int not an integer",
        "orders",
        lambda: with_value("orders", "client_id", 1.5),
        "orders.client_id",
        "value 1.5 is not an integer",
    ),
    (
        "int not a number",
        "orders",
        lambda: with_value("orders", "client_id", "C-17"),
        "orders.client_id",
        "value 'C-17' is not an integer",
    ),
    (
        "int outside 32 bits",
        "orders",
        lambda: with_value("orders", "client_id", 2**31),
        "orders.client_id",
        "value 2147483648 is outside INT -2147483648..2147483647",
    ),
    (
        "boolean not 0/1",
        "orders",
        lambda: with_value("orders", "is_draft", 2),
        "orders.is_draft",
        "value 2 is not 0/1/True/False",
    ),
    (
        "boolean as a word",
        "orders",
        lambda: with_value("orders", "is_draft", "yes"),
        "orders.is_draft",
        "value 'yes' is not 0/1/True/False",
    ),
    (
        "date not parseable",
        "orders",
        lambda: with_value("orders", "valid_until", "next Tuesday"),
        "orders.valid_until",
        "value 'next Tuesday' is not a date",
    ),
    (
        "timestamp not parseable",
        "orders",
        lambda: with_value("orders", "packed_at", "2024-13-45 10:00:00"),
        "orders.packed_at",
        "value '2024-13-45 10:00:00' is not a timestamp",
    ),
    (
        "timestamp outside MySQL's range",
        "orders",
        lambda: with_value("orders", "packed_at", "1969-07-20 20:17:00"),
        "orders.packed_at",
        "is outside MySQL's TIMESTAMP range",
    ),
]


@pytest.mark.parametrize(
    ("table", "make_frame", "column", "expected"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_error_names_table_column_problem_and_row(
    table: str, make_frame: Callable[[], pd.DataFrame], column: str, expected: str
) -> None:
    frame = make_frame()
    with pytest.raises(FrameValidationError) as raised:
        validate_frame(table, frame)
    message = str(raised.value)
    assert "\n" not in message, f"message is not one line: {message!r}"
    assert message.startswith(f"{column}: "), f"message does not name {column}: {message!r}"
    assert expected in message, f"expected {expected!r} in {message!r}"
    # Frame-shape problems concern every row; value problems name the one bad row.
    frame_wide = expected.startswith(("unknown column", "more than once", "required column"))
    row = f"(all {ROWS} rows)" if frame_wide else f"(row {BAD_ROW})"
    assert message.endswith(row), f"message does not end with {row}: {message!r}"


def test_unknown_table_is_named_with_a_suggestion() -> None:
    with pytest.raises(FrameValidationError, match=r"^ordrs: unknown TERP table: 'ordrs'.*orders"):
        validate_frame("ordrs", valid_frame("orders"))


def test_error_counts_every_offending_row_and_shows_the_first() -> None:
    frame = with_value("clients", "cogsAdjustmentType", "SHOP", rows=(7, 2, 5))
    with pytest.raises(FrameValidationError) as raised:
        validate_frame("clients", frame)
    assert "(row 2; 3 rows in all)" in str(raised.value)


def test_error_is_a_value_error() -> None:
    assert issubclass(FrameValidationError, ValueError)


# --- coerce_frame ---------------------------------------------------------------------------


def test_coerce_orders_columns_as_in_the_schema() -> None:
    frame = valid_frame("orders")
    shuffled = frame[list(reversed(frame.columns))].drop(columns=["notes"])
    coerced = coerce_frame("orders", shuffled)
    expected = [name for name in table_spec("orders").column_names if name != "notes"]
    assert list(coerced.columns) == expected


def test_coerce_rounds_decimals_half_away_from_zero() -> None:
    frame = pd.DataFrame(
        {"subtotal": [2.675, -2.675, 1.005, decimal.Decimal("0.125"), None, 7], "total": 1}
    )
    coerced = coerce_frame("orders", frame)
    assert coerced["subtotal"].tolist()[:4] == [2.68, -2.68, 1.01, 0.13]
    assert np.isnan(coerced["subtotal"].iloc[4])
    assert coerced["subtotal"].iloc[5] == 7.0


def test_coerce_turns_booleans_into_zero_one() -> None:
    coerced = coerce_frame("orders", pd.DataFrame({"is_draft": [True, False, 1]}))
    assert coerced["is_draft"].tolist() == [1, 0, 1]
    assert coerced["is_draft"].dtype == "int64"
    nullable = coerce_frame("orders", pd.DataFrame({"is_referral_order": [True, None, False]}))
    assert nullable["is_referral_order"].dtype == "Int64"
    assert nullable["is_referral_order"].tolist()[::2] == [1, 0]
    assert nullable["is_referral_order"].isna().tolist() == [False, True, False]


def test_coerce_serialises_json_compactly() -> None:
    items = [{"batchId": np.int64(4), "unitPrice": decimal.Decimal("12.50"), "isSample": False}]
    frame = pd.DataFrame({"items": [items, [], '[{"batchId": 1}]', None]}, dtype=object)
    coerced = coerce_frame("orders", frame)
    assert coerced["items"].tolist() == [
        '[{"batchId":4,"unitPrice":12.5,"isSample":false}]',
        "[]",
        '[{"batchId": 1}]',  # already text: left as the generator wrote it
        None,
    ]
    assert json.loads(coerced["items"].iloc[0])[0]["batchId"] == 4


def test_coerce_leaves_the_input_alone() -> None:
    frame = pd.DataFrame({"total": [1.239], "is_draft": [True], "items": [[{"a": 1}]]})
    before = frame.copy(deep=True)
    coerce_frame("orders", frame)
    pd.testing.assert_frame_equal(frame, before)


def test_coerce_rejects_unknown_columns() -> None:
    with pytest.raises(FrameValidationError, match=r"^orders\.clientId: unknown column"):
        coerce_frame("orders", pd.DataFrame({"clientId": [1]}))


# --- speed ----------------------------------------------------------------------------------

MILLION = 1_000_000
VALIDATE_BUDGET_SECONDS = 10.0


def test_validates_a_million_rows_quickly() -> None:
    rng = np.random.default_rng(7)
    statuses = np.array(table_spec("orders").column("fulfillmentStatus").enum_values, dtype=object)
    frame = pd.DataFrame(
        {
            "order_number": pd.Series(np.arange(MILLION)).map("SO-{:07d}".format),
            "orderType": np.where(rng.random(MILLION) < 0.8, "SALE", "QUOTE"),
            "is_draft": rng.random(MILLION) < 0.1,
            "client_id": rng.integers(1, 5_000, MILLION),
            "items": "[]",
            "subtotal": rng.gamma(2.0, 800.0, MILLION),
            "total": rng.gamma(2.0, 800.0, MILLION),
            "paymentTerms": "NET_30",
            "fulfillmentStatus": statuses[rng.integers(0, len(statuses), MILLION)],
            "due_date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 700, MILLION), unit="D"),
            "created_at": pd.Series(pd.Timestamp("2024-01-01"), index=range(MILLION)).dt.strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "notes": np.where(rng.random(MILLION) < 0.5, "call before delivery", None),
            "created_by": 1,
        }
    )
    started = time.perf_counter()
    validate_frame("orders", frame)
    elapsed = time.perf_counter() - started
    assert elapsed < VALIDATE_BUDGET_SECONDS, f"1M rows took {elapsed:.1f} s"
