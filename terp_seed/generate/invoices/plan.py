"""Plan: which sales are invoiced, in what order, and when each buyer's habit would pay them."""

import numpy as np
import pandas as pd

from terp_seed.generate.clients import PAYMENT_HABITS
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "invoices"  # the family key of this family's random streams
DAY = np.timedelta64(1, "D")
# Late payers split an invoice into two installments this often.
INSTALLMENT_RATE = {"late": 0.15, "chronic_late": 0.35, "distressed": 0.5}


def plan_invoices(orders: pd.DataFrame) -> pd.DataFrame:
    """Shipped sales in the order they were invoiced (shipping time, then order id)."""
    shipped = orders[
        (orders["orderType"] == "SALE")
        & (orders["is_draft"].astype(int) == 0)
        & orders["shipped_at"].notna()
    ]
    plan = shipped.sort_values(["shipped_at", "id"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "order_id": plan["id"].astype(int).to_numpy(),
            "order_number": plan["order_number"].to_numpy(),
            "client_id": plan["client_id"].astype(int).to_numpy(),
            "shipped_at": pd.to_datetime(plan["shipped_at"]).to_numpy(),
            "day": pd.to_datetime(plan["shipped_at"]).dt.normalize().to_numpy(),
            "subtotal": plan["subtotal"].astype(float).to_numpy(),
            "discount": plan["discount"].astype(float).to_numpy(),
            "tax": plan["tax"].astype(float).to_numpy(),
            "total": plan["total"].astype(float).to_numpy(),
            "margin": plan["total_margin"].astype(float).to_numpy(),
            "terms": plan["paymentTerms"].to_numpy(),
            "created_by": plan["created_by"].astype(int).to_numpy(),
        }
    )


def habit_dates(
    params: SeedParams, plan: pd.DataFrame, habit: np.ndarray, due: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per invoice: the day the buyer's habit pays it, whether never, and installment split.

    Returns:
        (pay_day, never_paid, first_share, first_day): an installment plan pays
        `first_share` of the invoice on `first_day` (first_share 0 means one payment).
    """
    rng = stream(params.seed, STREAMS, "habits")
    n = len(plan)
    by_name = {h.name: h for h in PAYMENT_HABITS}
    mean = np.array([by_name[h].mean_days_late for h in habit])
    spread = np.array([by_name[h].spread_days for h in habit])
    unpaid_rate = np.array([by_name[h].unpaid_rate for h in habit])
    days_late = np.round(rng.normal(mean, spread)).astype(int)
    pay_day = np.maximum(due + days_late * DAY, plan["day"].to_numpy())
    # Buyers with terms pay in a weekly run on their own weekday: a whale's run covers
    # every invoice that came due since the last one (one payment, several invoices).
    weekday = stream(params.seed, STREAMS, "run_weekday").integers(0, 5, params.buyers + 1)
    run_day = weekday[plan["client_id"].to_numpy() % (params.buyers + 1)]
    current = (pay_day.astype("datetime64[D]").astype(np.int64) + 3) % 7  # Monday is 0
    shift = (run_day - current) % 7
    pay_day = np.where(plan["terms"].to_numpy() == "COD", pay_day, pay_day + shift * DAY)
    never_paid = rng.random(n) < unpaid_rate
    split = rng.random(n) < np.array([INSTALLMENT_RATE.get(h, 0.0) for h in habit])
    first_share = np.where(split, rng.uniform(0.3, 0.6, n), 0.0)
    span = (pay_day - plan["day"].to_numpy()) / DAY
    first_day = plan["day"].to_numpy() + np.round(span * rng.uniform(0.3, 0.7, n)) * DAY
    return pay_day, never_paid, first_share, first_day
