"""What the sales side decides before any stock moves: who orders, when, how much, on what terms.

Sales are planned by construction, not by retrying seeds: each month's seasonal target is
split between whales and regulars by their sales weights, then between each buyer's orders,
then between the order's lines (flower holding `flower_share` of the value). Cancelled sales,
drafts and quotes are added outside the calibration; a few delivered orders are chosen to come
back whole or be refunded part of their total.
"""

import numpy as np
import pandas as pd

from terp_seed.calibration import (
    REGULAR_ORDERS_PER_MONTH,
    WHALE_ORDERS_PER_WEEK,
    monthly_targets,
)
from terp_seed.generate.batches import class_value_shares
from terp_seed.generate.clients import buyer_sales_weights
from terp_seed.generate.orders.pricing import PriceBook
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import SALES_CLASSES

STREAMS = "orders"  # the family key of this module's random streams

CANCELLED_SHARE = 0.015  # confirmed sales cancelled before packing (not sales)
DRAFT_SHARE = 0.02  # sales orders still in draft at as-of
QUOTE_SHARE = 0.08  # quotes sent, per sales order
Q4_ORDER_RATE = 1.15  # Q4 brings more orders, not only bigger ones
NON_FLOWER_ORDER_SHARE = 0.35  # orders that add packaged goods to their flower
MONTH_NOISE = 0.015  # month-to-month wobble around the seasonal target (clipped at 2 sigma)


def as_of_cutoff(params: SeedParams) -> pd.Timestamp:
    """The last second that may carry a timestamp."""
    return pd.Timestamp(params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def business_time(
    rng: np.random.Generator, days: pd.DatetimeIndex, last_day: pd.DatetimeIndex | pd.Timestamp
) -> pd.DatetimeIndex:
    """A time between 8:00 and 17:00 on each day, never on a Sunday.

    Sundays move to Monday, or to Saturday when Monday falls past `last_day` (so an order
    never changes month).
    """
    days = days.normalize()
    sunday = days.dayofweek == 6
    monday = days + pd.Timedelta(days=1)
    shift = np.where(sunday, np.where(monday > last_day, -1, 1), 0)
    days = days + pd.to_timedelta(shift, unit="D")
    return days + pd.to_timedelta(rng.integers(8 * 60, 17 * 60, len(days)), unit="min")


def _order_counts(
    params: SeedParams, calendar: pd.DataFrame, is_whale: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Orders per buyer (rows) and month (columns): whales weekly, regulars monthly."""
    days_in_window = ((calendar["window_end"] - calendar["window_start"]).dt.days + 1).to_numpy()
    q4 = np.where(calendar["is_q4"].to_numpy(), Q4_ORDER_RATE, 1.0)
    whale_rate = (
        rng.uniform(*WHALE_ORDERS_PER_WEEK, params.buyers)[:, None] * days_in_window[None, :] / 7.0
    )
    regular_rate = (
        rng.uniform(*REGULAR_ORDERS_PER_MONTH, params.buyers)[:, None]
        * calendar["fraction"].to_numpy()[None, :]
    )
    expected = np.where(is_whale[:, None], whale_rate, regular_rate) * q4[None, :]
    return rng.poisson(expected)


def _buyer_month_value(
    params: SeedParams,
    calendar: pd.DataFrame,
    counts: np.ndarray,
    is_whale: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Sales value per buyer and month.

    Target x weight with noise, renormalised inside each (month, tier) so the tier split (R3)
    and the month totals (R1, R2) hold exactly before a small month noise.
    """
    weights = buyer_sales_weights(params)
    months = len(calendar)
    month_target = calendar["target"].to_numpy() * np.clip(
        rng.normal(1.0, MONTH_NOISE, months), 1.0 - 2 * MONTH_NOISE, 1.0 + 2 * MONTH_NOISE
    )
    value = weights[:, None] * rng.lognormal(0.0, 0.25, (params.buyers, months)) * (counts > 0)
    for tier in (is_whale, ~is_whale):
        tier_sum = value[tier].sum(axis=0)
        tier_share = weights[tier].sum()
        value[tier] = (
            np.where(tier_sum > 0, value[tier] / np.where(tier_sum > 0, tier_sum, 1.0), 0.0)
            * tier_share
            * month_target
        )
    return value


def plan_sales(params: SeedParams) -> pd.DataFrame:
    """Sales orders per buyer and month, valued so months, whales and the total hit target."""
    rng = stream(params.seed, STREAMS, "sales_plan")
    calendar = monthly_targets(params)
    buyer_ids = np.arange(1, params.buyers + 1)
    is_whale = buyer_ids <= params.whales
    counts = _order_counts(params, calendar, is_whale, rng)
    value = _buyer_month_value(params, calendar, counts, is_whale, rng)

    buyer_index, month_index = np.nonzero(counts)
    n_per = counts[buyer_index, month_index]
    order_buyer = np.repeat(buyer_index, n_per)
    order_month = np.repeat(month_index, n_per)
    share = rng.gamma(4.0, 1.0, len(order_buyer))
    group = np.repeat(np.arange(len(buyer_index)), n_per)
    share = share / np.bincount(group, weights=share)[group]
    order_value = share * value[order_buyer, order_month]

    days_in_window = ((calendar["window_end"] - calendar["window_start"]).dt.days + 1).to_numpy()
    start = calendar["window_start"].to_numpy()[order_month]
    span = days_in_window[order_month]
    day = pd.DatetimeIndex(start) + pd.to_timedelta(np.floor(rng.uniform(0, span)), unit="D")
    when = business_time(rng, day, pd.DatetimeIndex(calendar["window_end"].to_numpy()[order_month]))
    return pd.DataFrame(
        {
            "client_id": buyer_ids[order_buyer],
            "is_whale": is_whale[order_buyer],
            "month": order_month,
            "when": when,
            "value": order_value,
            "kind": "SALE",
        }
    )


def plan_extra_orders(
    params: SeedParams, sales: pd.DataFrame, cutoff: pd.Timestamp
) -> pd.DataFrame:
    """Cancelled sales, drafts and quotes: not sales, so outside the calibration."""
    rng = stream(params.seed, STREAMS, "extra_orders")
    parts = []
    start = pd.Timestamp(params.start)
    window_days = (pd.Timestamp(params.end) - start).days + 1
    for kind, share, lookback in (
        ("CANCELLED", CANCELLED_SHARE, None),
        ("DRAFT", DRAFT_SHARE, 21),
        ("QUOTE", QUOTE_SHARE, None),
    ):
        count = max(1, round(share * len(sales)))
        template = sales.iloc[rng.integers(0, len(sales), count)]
        if lookback is None:
            offset = rng.integers(0, max(1, window_days - 2), count)
        else:
            offset = window_days - 1 - rng.integers(0, min(lookback, window_days), count)
        day = start + pd.to_timedelta(offset, unit="D")
        parts.append(
            pd.DataFrame(
                {
                    "client_id": template["client_id"].to_numpy(),
                    "is_whale": template["is_whale"].to_numpy(),
                    "month": -1,
                    "when": business_time(rng, pd.DatetimeIndex(day), pd.Timestamp(params.end)),
                    "value": template["value"].to_numpy() * rng.uniform(0.6, 1.3, count),
                    "kind": kind,
                }
            )
        )
    extra = pd.concat(parts, ignore_index=True)
    extra["when"] = extra["when"].where(
        extra["when"] <= cutoff - pd.Timedelta(hours=8), cutoff - pd.Timedelta(hours=8)
    )
    return extra


def plan_orders(
    params: SeedParams, clients: dict[str, pd.DataFrame], cutoff: pd.Timestamp
) -> pd.DataFrame:
    """Every order in time order: sales, cancelled, drafts and quotes, each on its terms.

    No order is placed before its buyer was set up (an hour after the client row).
    """
    sales = plan_sales(params)
    buyer_created = pd.to_datetime(clients["clients"].set_index("id")["created_at"])
    plan = pd.concat([sales, plan_extra_orders(params, sales, cutoff)], ignore_index=True)
    earliest = buyer_created.reindex(plan["client_id"]).to_numpy() + np.timedelta64(1, "h")
    plan["when"] = plan["when"].where(
        plan["when"].to_numpy() >= earliest, pd.DatetimeIndex(earliest).ceil("min")
    )
    plan = plan.sort_values(["when", "client_id"], kind="stable").reset_index(drop=True)
    plan["terms"] = assign_terms(params, plan, clients)
    return plan


def assign_terms(
    params: SeedParams, orders: pd.DataFrame, clients: dict[str, pd.DataFrame]
) -> np.ndarray:
    """Each order on its buyer's terms, then a few moved on or off CONSIGNMENT to hit R4."""
    rng = stream(params.seed, STREAMS, "terms")
    config = clients["client_payment_terms_config"]
    default = dict(
        zip(
            config["client_id"].astype(int), config["client_payment_terms"].astype(str), strict=True
        )
    )
    terms = orders["client_id"].map(default).fillna("NET_30").to_numpy(dtype=object)
    sales = (orders["kind"] == "SALE").to_numpy()
    value = orders["value"].to_numpy()
    target = params.consignment_sales_share * value[sales].sum()
    consigned = sales & (terms == "CONSIGNMENT")
    gap = target - value[consigned].sum()
    flip_from = np.flatnonzero(sales & (terms != "CONSIGNMENT") if gap > 0 else consigned)
    flip_from = rng.permutation(flip_from)
    # Flip orders (a one-off deal) until the consigned value is as close to target as it gets.
    cumulative = np.cumsum(value[flip_from])
    take = int(np.searchsorted(cumulative, abs(gap)))
    if (
        take < len(flip_from)
        and take > 0
        and abs(cumulative[take] - abs(gap)) < abs(cumulative[take - 1] - abs(gap))
    ):
        take += 1
    elif take == 0 and len(flip_from) and abs(cumulative[0] - abs(gap)) < abs(gap):
        take = 1
    terms[flip_from[:take]] = "CONSIGNMENT" if gap > 0 else "NET_30"
    return terms


def plan_lines(params: SeedParams, orders: pd.DataFrame, book: PriceBook) -> pd.DataFrame:
    """Lines per order: sales class, expected share off list, and the value it carries."""
    rng = stream(params.seed, STREAMS, "lines")
    shares = class_value_shares(params)
    flower_keys = [c.key for c in SALES_CLASSES if c.is_flower]
    other_keys = [c.key for c in SALES_CLASSES if not c.is_flower]
    flower_p = np.array([shares[k] for k in flower_keys])
    other_p = np.array([shares[k] for k in other_keys])
    value = orders["value"].to_numpy()
    n = len(orders)
    sales = (orders["kind"] == "SALE").to_numpy()
    has_other = (rng.random(n) < NON_FLOWER_ORDER_SHARE) & (value >= 2_000)
    # Packaged goods carry exactly their share of planned sales value (R6, by construction).
    other_value_total = (1.0 - params.flower_share) * value[sales].sum()
    selected_value = value[sales & has_other].sum()
    other_share = min(0.6, other_value_total / selected_value) if selected_value > 0 else 0.0
    flower_lines = np.clip(1 + rng.poisson(value / 9_000.0), 1, 6)
    other_lines = np.where(has_other, rng.integers(1, 3, n), 0)
    total_lines = flower_lines + other_lines
    order_index = np.repeat(np.arange(n), total_lines)
    position = np.arange(len(order_index)) - np.repeat(
        np.cumsum(total_lines) - total_lines, total_lines
    )
    is_flower_line = position < flower_lines[order_index]
    keys = np.where(
        is_flower_line,
        rng.choice(np.array(flower_keys), len(order_index), p=flower_p / flower_p.sum()),
        rng.choice(np.array(other_keys), len(order_index), p=other_p / other_p.sum()),
    )
    weight = rng.gamma(3.0, 1.0, len(order_index))
    group = order_index * 2 + (~is_flower_line)
    weight = weight / np.bincount(group, weights=weight, minlength=2 * n)[group]
    part_share = np.where(
        is_flower_line, 1.0 - np.where(has_other, other_share, 0.0)[order_index], other_share
    )
    line_value = value[order_index] * part_share * weight
    # The share off list the buyer's pricing will give sizes the quantity (see PriceBook).
    discount = book.expected_discount(orders["client_id"].to_numpy()[order_index], keys)
    return pd.DataFrame(
        {
            "order_index": order_index,
            "class_key": keys,
            "discount": discount,
            "value": line_value,
        }
    )


def plan_timeline(params: SeedParams, orders: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """When each order reached each fulfillment step (NaT where it had not by as-of)."""
    rng = stream(params.seed, STREAMS, "timeline")
    n = len(orders)
    confirmed = pd.DatetimeIndex(orders["when"])
    ready = confirmed + pd.to_timedelta(rng.integers(5, 60, n), unit="min")
    packed = ready + pd.to_timedelta(rng.integers(2 * 60, 20 * 60, n), unit="min")
    shipped = packed + pd.to_timedelta(rng.integers(2 * 60, 30 * 60, n), unit="min")
    delivered = shipped + pd.to_timedelta(rng.integers(4 * 60, 30 * 60, n), unit="min")
    cancelled = confirmed + pd.to_timedelta(rng.integers(60, 4 * 60, n), unit="min")
    steps = pd.DataFrame(
        {
            "CONFIRMED": confirmed,
            "READY_FOR_PACKING": ready,
            "PACKED": packed,
            "SHIPPED": shipped,
            "DELIVERED": delivered,
        }
    )
    kind = orders["kind"].to_numpy()
    steps = steps.where(steps <= cutoff)
    steps.loc[kind != "SALE", ["READY_FOR_PACKING", "PACKED", "SHIPPED", "DELIVERED"]] = pd.NaT
    steps.loc[kind == "DRAFT", "CONFIRMED"] = pd.NaT
    steps.loc[kind == "QUOTE", "CONFIRMED"] = pd.NaT
    steps["CANCELLED"] = pd.Series(cancelled, index=steps.index).where(
        (kind == "CANCELLED") & (cancelled <= cutoff)
    )
    return steps


def choose_returns_and_refunds(
    params: SeedParams, orders: pd.DataFrame, steps: pd.DataFrame, cutoff: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Exactly `return_rate` of sales orders returned whole, `refund_rate` refunded in part."""
    rng = stream(params.seed, STREAMS, "returns")
    sales = np.flatnonzero((orders["kind"] == "SALE").to_numpy())
    delivered = steps["DELIVERED"].to_numpy()
    eligible = sales[
        ~pd.isna(delivered[sales])
        & (delivered[sales] <= (cutoff - pd.Timedelta(days=12)).to_datetime64())
    ]
    return_count = min(len(eligible), round(params.return_rate * len(sales)))
    returned = (
        np.sort(rng.choice(eligible, return_count, replace=False))
        if return_count
        else np.array([], dtype=int)
    )
    processed = pd.DatetimeIndex(delivered[returned]) + pd.to_timedelta(
        rng.integers(2 * 24 * 60, 10 * 24 * 60, len(returned)), unit="min"
    )
    returns = pd.DataFrame({"order_index": returned, "processed_at": processed})

    remaining = np.setdiff1d(sales[~pd.isna(delivered[sales])], returned)
    refund_count = min(len(remaining), round(params.refund_rate * len(sales)))
    refunded = (
        np.sort(rng.choice(remaining, refund_count, replace=False))
        if refund_count
        else np.array([], dtype=int)
    )
    base = pd.DatetimeIndex(delivered[refunded])
    room = (cutoff - base).total_seconds().to_numpy()
    delay = np.minimum(
        rng.uniform(2, 20, len(refunded)) * 86_400, room * rng.uniform(0.2, 0.9, len(refunded))
    )
    refunds = pd.DataFrame(
        {
            "order_index": refunded,
            "refunded_at": (base + pd.to_timedelta(delay, unit="s")).floor("s"),
        }
    )
    return returns, refunds
