"""The calibration targets a run is steered to, from its parameters alone (DESIGN.md §6).

Both the generators (which plan volumes to hit them) and the rules (which measure how close a
database came) read these, so they live below both and depend only on `SeedParams`.
"""

import numpy as np
import pandas as pd

from terp_seed.params import SeedParams

# How often buyers order: whales a few times a week, regulars once or twice a month.
WHALE_ORDERS_PER_WEEK = (2.0, 4.0)
REGULAR_ORDERS_PER_MONTH = (1.0, 2.0)


def monthly_targets(params: SeedParams) -> pd.DataFrame:
    """The sales calendar: each month's share of the window and its seasonal sales target.

    Q4 months are `q4_uplift` above the others; the base is scaled so the targets add up to
    `monthly_sales` x months (a partial month counted by its share of days), which is R1.

    Returns:
        One row per month: `month` (first day), `window_start`, `window_end` (last day in the
        window), `fraction` (share of the month's days in the window), `is_q4`, `target`.
    """
    first = pd.Timestamp(params.start).to_period("M")
    last = pd.Timestamp(params.end).to_period("M")
    months = pd.period_range(first, last, freq="M")
    month_first = months.to_timestamp(how="start")
    month_last = months.to_timestamp(how="end").normalize()
    window_start = np.maximum(month_first, pd.Timestamp(params.start))
    window_end = np.minimum(month_last, pd.Timestamp(params.end))
    fraction = np.asarray(
        ((window_end - window_start).days + 1) / months.days_in_month, dtype=float
    )
    is_q4 = np.asarray(months.month >= 10)
    seasonal = np.where(is_q4, 1.0 + params.q4_uplift, 1.0)
    base = params.monthly_sales * fraction.sum() / (seasonal * fraction).sum()
    return pd.DataFrame(
        {
            "month": month_first,
            "window_start": window_start,
            "window_end": window_end,
            "fraction": np.asarray(fraction, dtype=float),
            "is_q4": is_q4,
            "target": base * seasonal * np.asarray(fraction, dtype=float),
        }
    )
