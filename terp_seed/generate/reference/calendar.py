"""When the business set up its system, and its fiscal calendar."""

import numpy as np
import pandas as pd

from terp_seed.params import SeedParams, month_start


def records_epoch(params: SeedParams) -> pd.Timestamp:
    """When the business set up its system: a month before the seeded history starts."""
    return pd.Timestamp(month_start(params.start, 1)) + pd.Timedelta(hours=9)


def build_fiscal_periods(params: SeedParams) -> pd.DataFrame:
    """One fiscal period per month through the as-of month: past ones CLOSED, the current OPEN.

    TERP posts only into an OPEN period covering today and falls back to period id 1, so the
    periods start at id 1 and the last one covers the as-of date.
    """
    starts = pd.date_range(params.start.replace(day=1), params.end, freq="MS")
    ends = starts + pd.offsets.MonthEnd(0)
    as_of_month = pd.Timestamp(params.end.replace(day=1))
    closed = starts < as_of_month
    # Books close on the fifth of the following month, by the controller (user 2 or 1).
    closed_at = (ends + pd.Timedelta(days=5, hours=17)).where(closed)
    closer = min(2, params.users)
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(starts) + 1),
            "periodName": starts.strftime("%B %Y"),
            "startDate": starts.date,
            "endDate": ends.date,
            "fiscalYear": starts.year,
            "status": np.where(closed, "CLOSED", "OPEN"),
            "closedAt": closed_at.to_numpy(),
            "closedBy": pd.array(
                [closer if is_closed else None for is_closed in closed], dtype="Int64"
            ),
            "createdAt": created,
            "updatedAt": closed_at.fillna(created).to_numpy(),
        }
    )
