"""The app's document numbers, and the `sequences` rows that keep it from reissuing them.

TERP numbers documents from counters in `sequences` (`name` = e.g. `invoice_2025`,
`currentValue` = the last number issued). A seeded history must leave every counter at or past
the highest number it used, or the app's next invoice would collide with a seeded one (R16).
Each numbered column is described once here; the rules read the same table to check formats.
"""

import dataclasses

import numpy as np
import pandas as pd

from terp_seed.params import SeedParams


@dataclasses.dataclass(frozen=True)
class NumberFormat:
    """How the app numbers one kind of document.

    Attributes:
        table: The table holding the numbers.
        column: The column holding them.
        pattern: A regex with named groups `period` (optional) and `n` (the counter).
        sql_like: A LIKE pattern every number of this kind matches (SQLite and MySQL).
        sequence: The `sequences.name` the app draws the next number from (`{period}`
            filled in), or None where the app counts instead.
        prefix: The `sequences.prefix` the app prepends (`{period}` filled in).
    """

    table: str
    column: str
    pattern: str
    sql_like: str
    sequence: str | None = None
    prefix: str = ""

    @property
    def counted(self) -> bool:
        """The app issues "rows in the period + 1": numbers must run 1..count with no gap."""
        return self.sequence is None


# Read from TERP's code: invoices and bills from yearly `sequences` rows (arApDb), lots and
# batches from `lot_code` / `batch_code`; purchase orders, payments and vendor payables by
# counting the period's rows.
NUMBER_FORMATS: tuple[NumberFormat, ...] = (
    NumberFormat(
        "invoices",
        "invoiceNumber",
        r"^INV-(?P<period>\d{4})-(?P<n>\d{6})$",
        "INV-____-______",
        "invoice_{period}",
        "INV-{period}-",
    ),
    NumberFormat(
        "bills",
        "billNumber",
        r"^BILL-(?P<period>\d{4})-(?P<n>\d{6})$",
        "BILL-____-______",
        "bill_{period}",
        "BILL-{period}-",
    ),
    NumberFormat("lots", "code", r"^LOT-(?P<n>\d{6})$", "LOT-______", "lot_code", "LOT-"),
    NumberFormat(
        "batches", "code", r"^BATCH-(?P<n>\d{6})$", "BATCH-______", "batch_code", "BATCH-"
    ),
    NumberFormat(
        "purchaseOrders", "poNumber", r"^PO-(?P<period>\d{4})-(?P<n>\d{4})$", "PO-____-____"
    ),
    NumberFormat(
        "payments",
        "paymentNumber",
        r"^PMT-(?P<period>\d{6})-(?P<n>\d{5})$",
        "PMT-______-_____",
    ),
    NumberFormat(
        "vendor_payables",
        "payable_number",
        r"^PAY-(?P<period>\d{6})-(?P<n>\d{5})$",
        "PAY-______-_____",
    ),
)


def counted_numbers(prefix: str, when: pd.Series, period: str, width: int) -> np.ndarray:
    """Numbers like INV-2025-000001, counted 1..n per period in the order given.

    Args:
        prefix: The document's prefix ("INV", "PMT", ...).
        when: The documents' dates, already in the order the numbers are issued.
        period: The period as a strftime format: "%Y" for yearly, "%Y%m" for monthly counts.
        width: Digits of the counter, zero-padded.
    """
    periods = when.dt.strftime(period).to_numpy()
    counter = pd.Series(1, index=when.index).groupby(periods).cumsum().to_numpy()
    return np.array(
        [f"{prefix}-{p}-{n:0{width}d}" for p, n in zip(periods, counter, strict=True)],
        dtype=object,
    )


def highest_numbers(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The highest counter used per sequence the app reads, over the frames present.

    Returns:
        Columns `name`, `prefix`, `currentValue`, one row per sequence, sorted by name.
    """
    rows: dict[str, tuple[str, int]] = {}
    for fmt in NUMBER_FORMATS:
        if fmt.sequence is None:
            continue
        frame = frames.get(fmt.table)
        if frame is None or fmt.column not in frame or frame.empty:
            continue
        parsed = frame[fmt.column].astype(str).str.extract(fmt.pattern)
        parsed = parsed.dropna(subset=["n"])
        if parsed.empty:
            continue
        period = parsed["period"] if "period" in parsed else pd.Series("", index=parsed.index)
        top = parsed.assign(period=period.fillna(""), n=parsed["n"].astype(int))
        for period_value, counter in top.groupby("period")["n"].max().items():
            name = fmt.sequence.format(period=period_value)
            prefix = fmt.prefix.format(period=period_value)
            rows[name] = (prefix, max(rows.get(name, (prefix, 0))[1], int(counter)))
    names = sorted(rows)
    return pd.DataFrame(
        {
            "name": names,
            "prefix": [rows[name][0] for name in names],
            "currentValue": [rows[name][1] for name in names],
        }
    )


def sequences(params: SeedParams, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The `sequences` table: every counter at the highest number the seeded history used.

    Args:
        params: The run's parameters (the rows are stamped at the window's end).
        frames: Every family's frames written so far, keyed by table.
    """
    top = highest_numbers(frames)
    stamp = pd.Timestamp(params.end) + pd.Timedelta(hours=23, minutes=59)
    return pd.DataFrame(
        {
            "id": range(1, len(top) + 1),
            "name": top["name"],
            "prefix": top["prefix"],
            "currentValue": top["currentValue"],
            "createdAt": stamp,
            "updatedAt": stamp,
        }
    )
