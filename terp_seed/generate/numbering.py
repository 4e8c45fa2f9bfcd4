"""The app's document numbers, and the `sequences` rows that keep it from reissuing them.

TERP numbers documents from counters in `sequences` (`name` = e.g. `invoice_2025`,
`currentValue` = the last number issued). A seeded history must leave every counter at or past
the highest number it used, or the app's next invoice would collide with a seeded one (R16).
Each numbered column is described once, in `terp_seed.terp.formats`, which the rules read too.
"""

import numpy as np
import pandas as pd

from terp_seed.params import SeedParams
from terp_seed.terp.formats import NUMBER_FORMATS, NumberFormat

__all__ = ["NUMBER_FORMATS", "NumberFormat", "counted_numbers", "highest_numbers", "sequences"]


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
