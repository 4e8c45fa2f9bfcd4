"""Small helpers every step of the ledger family shares: ids, days, business hours, statements."""

import numpy as np
import pandas as pd

STREAMS = "ledger"  # the family key of this family's random streams
DAY = pd.Timedelta(days=1)


def ints(values: pd.Series) -> np.ndarray:
    """Integer ids of a column that may have come back from a database as Int64 or float."""
    return pd.to_numeric(values).astype("int64").to_numpy()


def days_of(values: pd.Series) -> pd.Series:
    """Dates of a column, at midnight."""
    return pd.to_datetime(values).dt.normalize()


def business_time(rng: np.random.Generator, days: pd.Series) -> pd.Series:
    """A time between 9:00 and 17:00 on each day."""
    minutes = rng.integers(9 * 60, 17 * 60, len(days))
    return pd.Series(pd.to_datetime(days).to_numpy(), index=days.index) + pd.to_timedelta(
        minutes, unit="m"
    )


def reference_numbers(rng: np.random.Generator, methods: np.ndarray) -> list[str]:
    """Bank references in each method's style (ACH trace, check number, wire id)."""
    values = rng.integers(0, 10**9, len(methods))
    return [
        {"ACH": f"ACH{v:09d}", "CHECK": f"CHK {v % 100_000:05d}", "WIRE": f"FW{v:012d}"}.get(
            m, f"REF{v:09d}"
        )
        for m, v in zip(methods, values, strict=True)
    ]


def statement_closed(days: pd.Series, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Reconciled once the month's bank statement is in (five days after month end)."""
    month_end = pd.to_datetime(days) + pd.offsets.MonthEnd(0)
    closed = (month_end + pd.Timedelta(days=5)) <= as_of
    at = (month_end + pd.Timedelta(days=5, hours=16)).where(closed)
    return closed.to_numpy(), at.to_numpy()
