"""The orders family: stock that leaves through sales, and sometimes comes back.

Sales are planned by construction, not by retrying seeds: each month's seasonal target
(`batches.monthly_targets`) is split between whales and regulars by their sales weights,
then between each buyer's orders, then between the order's lines (flower holding
`flower_share` of the value). Lines are then filled in time order, the one sequential step:
each draws FIFO on the batches of a product that were ready for sale before the order,
picking among a class's products in proportion to what they have on hand, so stock never
goes below zero and sales follow what was bought.

Shipping lowers stock (SALE movements); a few orders come back whole (RETURN movements and a
RETURN credit), a few are refunded part of their total (a REFUND credit in `credits`, the
table TERP's returns and credits routers write and invoicing applies). Consigned stock that
sold becomes a vendor payable for the units sold at their cost.
"""

import heapq
import json

import numpy as np
import pandas as pd

from terp_seed.generate.batches import (
    class_value_shares,
    monthly_targets,
    staff_ids,
    workflow_ids,
)
from terp_seed.generate.catalog import CLASS_BY_KEY, SALES_CLASSES, product_classes
from terp_seed.generate.clients import TERMS_DAYS, buyer_sales_weights
from terp_seed.generate.family import Family
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "orders"  # the family key of this module's random streams
# The tables this family writes; batches and inventoryMovements whole, with its changes.
CREATES = (
    "orders",
    "order_line_items",
    "order_status_history",
    "returns",
    "credits",
    "vendor_payables",
)
AMENDS = ("batches", "inventoryMovements")
TABLES = CREATES + AMENDS

__all__ = ["FULFILLMENT_TRANSITIONS", "credited_order_numbers", "generate", "monthly_targets"]

# Valid fulfillment moves (order_status_history must follow them, R12).
FULFILLMENT_TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("DRAFT", "CONFIRMED"),
    "DRAFT": ("CONFIRMED", "CANCELLED"),
    "CONFIRMED": ("READY_FOR_PACKING", "CANCELLED"),
    "READY_FOR_PACKING": ("PACKED", "CANCELLED"),
    "PACKED": ("SHIPPED",),
    "SHIPPED": ("DELIVERED", "RETURNED"),
    "DELIVERED": ("RETURNED",),
    "RETURNED": ("RESTOCKED", "RETURNED_TO_VENDOR"),
    "RESTOCKED": (),
    "RETURNED_TO_VENDOR": (),
    "CANCELLED": (),
}
SALE_STEPS = ("CONFIRMED", "READY_FOR_PACKING", "PACKED", "SHIPPED", "DELIVERED")

CANCELLED_SHARE = 0.015  # confirmed sales cancelled before packing (not sales)
DRAFT_SHARE = 0.02  # sales orders still in draft at as-of
QUOTE_SHARE = 0.08  # quotes sent, per sales order
WHALE_ORDERS_PER_WEEK = (2.0, 4.0)
REGULAR_ORDERS_PER_MONTH = (1.0, 2.0)
Q4_ORDER_RATE = 1.15  # Q4 brings more orders, not only bigger ones
NON_FLOWER_ORDER_SHARE = 0.35  # orders that add packaged goods to their flower
WHALE_DISCOUNT = (0.04, 0.10)
REGULAR_DISCOUNT = (0.0, 0.07)
MONTH_NOISE = 0.015  # month-to-month wobble around the seasonal target (clipped at 2 sigma)
RETURN_REASONS = np.array(
    ["DEFECTIVE", "WRONG_ITEM", "NOT_AS_DESCRIBED", "CUSTOMER_CHANGED_MIND", "OTHER"]
)
REFUND_NOTES = np.array(
    [
        "Moisture complaint",
        "Late delivery",
        "Short weight on arrival",
        "Packaging damage",
        "Price match",
    ]
)
CENT = 100  # quantities are handled as integer hundredths of a unit


def _as_of_cutoff(params: SeedParams) -> pd.Timestamp:
    """The last second that may carry a timestamp."""
    return pd.Timestamp(params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def _coerce_batches(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Upstream frames may come back from the database: numbers as Decimal, dates as str."""
    out = {name: frame.copy() for name, frame in frames.items()}
    batches = out["batches"]
    for col in ("id", "productId", "lotId", "version", "statusId"):
        if col in batches:
            batches[col] = pd.to_numeric(batches[col]).astype(
                "Int64" if col == "statusId" else "int64"
            )
    for col in (
        "unitCogs",
        "onHandQty",
        "sampleQty",
        "reservedQty",
        "quarantineQty",
        "holdQty",
        "defectiveQty",
        "amountPaid",
    ):
        batches[col] = pd.to_numeric(
            batches[col].astype(object).map(lambda v: None if v is None else float(v))
        ).astype(float)
    for col in ("createdAt", "updatedAt"):
        batches[col] = pd.to_datetime(batches[col])
    # Only the batches family's own rows: re-materializing orders must not stack a second
    # run's SALE and RETURN rows on the first's.
    movements = out["inventoryMovements"]
    movements = movements[movements["inventoryMovementType"] == "INTAKE"].copy()
    out["inventoryMovements"] = movements
    for col in ("id", "batchId", "performedBy"):
        movements[col] = pd.to_numeric(movements[col]).astype("int64")
    for col in ("quantityChange", "quantityBefore", "quantityAfter"):
        movements[col] = movements[col].astype(object).map(float).astype(float)
    movements["referenceId"] = pd.to_numeric(movements["referenceId"]).astype("Int64")
    movements["createdAt"] = pd.to_datetime(movements["createdAt"])
    history = out["batch_status_history"]
    history["batchId"] = pd.to_numeric(history["batchId"]).astype("int64")
    history["toStatusId"] = pd.to_numeric(history["toStatusId"]).astype("int64")
    history["createdAt"] = pd.to_datetime(history["createdAt"])
    products = out["products"]
    products["id"] = pd.to_numeric(products["id"]).astype("int64")
    lots = out["lots"]
    lots["id"] = pd.to_numeric(lots["id"]).astype("int64")
    lots["supplier_client_id"] = pd.to_numeric(lots["supplier_client_id"]).astype("int64")
    return out


def _business_time(
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


def _plan_sales(params: SeedParams, clients: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Sales orders per buyer and month, valued so months, whales and the total hit target."""
    rng = stream(params.seed, STREAMS, "sales_plan")
    calendar = monthly_targets(params)
    weights = buyer_sales_weights(params)
    buyer_ids = np.arange(1, params.buyers + 1)
    is_whale = buyer_ids <= params.whales
    months = len(calendar)
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
    counts = rng.poisson(expected)

    # Buyer-month value: target x weight with noise, renormalised inside each (month, tier) so
    # the tier split (R3) and the month totals (R1, R2) hold exactly before a small month noise.
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

    buyer_index, month_index = np.nonzero(counts)
    n_per = counts[buyer_index, month_index]
    order_buyer = np.repeat(buyer_index, n_per)
    order_month = np.repeat(month_index, n_per)
    share = rng.gamma(4.0, 1.0, len(order_buyer))
    group = np.repeat(np.arange(len(buyer_index)), n_per)
    share = share / np.bincount(group, weights=share)[group]
    order_value = share * value[order_buyer, order_month]

    start = calendar["window_start"].to_numpy()[order_month]
    span = days_in_window[order_month]
    day = pd.DatetimeIndex(start) + pd.to_timedelta(np.floor(rng.uniform(0, span)), unit="D")
    when = _business_time(
        rng, day, pd.DatetimeIndex(calendar["window_end"].to_numpy()[order_month])
    )
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


def _extra_orders(params: SeedParams, sales: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
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
                    "when": _business_time(rng, pd.DatetimeIndex(day), pd.Timestamp(params.end)),
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


def _assign_terms(
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


def _plan_lines(params: SeedParams, orders: pd.DataFrame) -> pd.DataFrame:
    """Lines per order: sales class, unit price (list less the order's discount), quantity."""
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
    discount = np.where(
        orders["is_whale"].to_numpy(),
        rng.uniform(*WHALE_DISCOUNT, n),
        rng.uniform(*REGULAR_DISCOUNT, n),
    )
    return pd.DataFrame(
        {
            "order_index": order_index,
            "class_key": keys,
            "discount": discount[order_index],
            "value": line_value,
        }
    )


def _step(key: str) -> int:
    """Selling step in hundredths: a quarter pound of flower, one unit otherwise."""
    return 25 if CLASS_BY_KEY[key].is_flower else CENT


def _price(key: str, discount: float) -> float:
    return round(CLASS_BY_KEY[key].list_price * (1.0 - discount), 2)


class _Stock:
    """Stock on hand per batch and product as the loop walks through time (hundredths)."""

    def __init__(self, batches: pd.DataFrame, ready_at: np.ndarray, classes: dict[str, np.ndarray]):
        self.product = batches["product_pos"].to_numpy()
        self.remaining = np.zeros(len(batches), dtype=np.int64)
        self.initial = np.rint(batches["intake_qty"].to_numpy() * CENT).astype(np.int64)
        self.in_heap = np.zeros(len(batches), dtype=bool)
        self.heaps: list[list[tuple[int, int]]] = [
            [] for _ in range(int(self.product.max()) + 1 if len(batches) else 0)
        ]
        self.available = np.zeros(len(self.heaps), dtype=np.int64)
        self.fifo_rank = np.argsort(
            np.argsort(batches["received_at"].to_numpy(), kind="stable"), kind="stable"
        )
        ready = np.where(pd.isna(ready_at), np.datetime64("NaT"), ready_at)
        sellable = ~pd.isna(ready)
        self.ready_order = np.flatnonzero(sellable)[np.argsort(ready[sellable], kind="stable")]
        self.ready_times = ready[self.ready_order]
        self.pointer = 0
        self.classes = classes

    def advance(self, when: np.datetime64) -> None:
        while self.pointer < len(self.ready_order) and self.ready_times[self.pointer] < when:
            batch = self.ready_order[self.pointer]
            self.pointer += 1
            self._put(batch, self.initial[batch])

    def _put(self, batch: int, qty: int) -> None:
        product = self.product[batch]
        self.remaining[batch] += qty
        self.available[product] += qty
        if not self.in_heap[batch] and self.remaining[batch] > 0:
            heapq.heappush(self.heaps[product], (int(self.fifo_rank[batch]), int(batch)))
            self.in_heap[batch] = True

    def give_back(self, batch: int, qty: int) -> None:
        self._put(batch, qty)

    def pick_product(self, key: str, u: float) -> int | None:
        members = self.classes[key]
        stock = self.available[members]
        total = stock.sum()
        if total <= 0:
            return None
        return int(
            members[
                min(np.searchsorted(np.cumsum(stock), u * total, side="right"), len(members) - 1)
            ]
        )

    def take(self, product: int, need: int, consume: bool) -> list[tuple[int, int]]:
        """Draw `need` FIFO from a product's ready batches; a peek takes the oldest batch only."""
        drawn = []
        heap = self.heaps[product]
        while need > 0 and heap:
            batch = heap[0][1]
            qty = int(min(self.remaining[batch], need))
            drawn.append((batch, qty))
            need -= qty
            if not consume:
                break
            self.remaining[batch] -= qty
            self.available[product] -= qty
            if self.remaining[batch] == 0:
                heapq.heappop(heap)
                self.in_heap[batch] = False
        return drawn


def _fill_lines(
    params: SeedParams,
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    stock: _Stock,
    returns: pd.DataFrame,
) -> pd.DataFrame:
    """Walk orders and returns in time order, drawing each line FIFO from ready stock."""
    rng = stream(params.seed, STREAMS, "fill")
    order_when = orders["when"].to_numpy()
    consumes = (orders["kind"] == "SALE").to_numpy()
    line_key = lines["class_key"].to_numpy()
    line_discount = lines["discount"].to_numpy()
    line_value = lines["value"].to_numpy()
    line_start = np.searchsorted(lines["order_index"].to_numpy(), np.arange(len(orders) + 1))
    uniforms = rng.random(len(lines) * 3 + 16)
    draw = 0
    flower_keys = [c.key for c in SALES_CLASSES if c.is_flower]
    other_keys = [c.key for c in SALES_CLASSES if not c.is_flower]

    events = [(order_when[i], 0, i) for i in range(len(orders))]
    return_order = returns["order_index"].to_numpy() if len(returns) else np.array([], dtype=int)
    events += (
        [(t, 1, r) for r, t in enumerate(returns["processed_at"].to_numpy())]
        if len(returns)
        else []
    )
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    out_line, out_batch, out_qty, out_key = [], [], [], []
    drawn_by_order: dict[int, list[tuple[int, int]]] = {}
    for when, kind, index in events:
        stock.advance(when)
        if kind == 1:
            for batch, qty in drawn_by_order.get(int(return_order[index]), []):
                stock.give_back(batch, qty)
            continue
        consume = bool(consumes[index])
        for line in range(line_start[index], line_start[index + 1]):
            key = line_key[line]
            price = _price(key, line_discount[line])
            step = _step(key)
            need = max(step, round(line_value[line] / price * CENT / step) * step)
            tried: set[str] = set()
            while need > 0:
                product = stock.pick_product(key, uniforms[draw % len(uniforms)])
                draw += 1
                if product is None:
                    # The class is out: substitute the stocked class of the same kind, priced
                    # at its own list so nothing sells above list.
                    tried.add(key)
                    pool = flower_keys if CLASS_BY_KEY[key].is_flower else other_keys
                    options = [
                        k
                        for k in pool
                        if k not in tried and stock.available[stock.classes[k]].sum() > 0
                    ]
                    if not options:
                        break
                    new_key = max(options, key=lambda k: stock.available[stock.classes[k]].sum())
                    value_left = need / CENT * price
                    key, price, step = new_key, _price(new_key, line_discount[line]), _step(new_key)
                    need = max(step, round(value_left / price * CENT / step) * step)
                    continue
                drawn = stock.take(product, need, consume)
                for batch, qty in drawn:
                    out_line.append(line)
                    out_batch.append(batch)
                    out_qty.append(qty)
                    out_key.append(key)
                    need -= qty
                if consume:
                    drawn_by_order.setdefault(index, []).extend(drawn)
                else:
                    break
    return pd.DataFrame(
        {
            "line": np.array(out_line, dtype=int),
            "batch_pos": np.array(out_batch, dtype=int),
            "qty": np.array(out_qty, dtype=np.int64) / CENT,
            "class_key": np.array(out_key, dtype=object),
        }
    )


def _timeline(params: SeedParams, orders: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
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


def _choose_returns_and_refunds(
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


def credited_order_numbers(credits: pd.DataFrame) -> pd.Series:
    """The order number each return or refund credit was written for (from its notes).

    `credits` has no column for the order (its `transactionId` points at the legacy
    `transactions` table), so this family writes the order number into the notes, in the
    forms "Return for order #<number>" and "Refund 5% on order #<number>: <reason>".
    """
    return credits["notes"].str.extract(r"order #([^\s:]+)", expand=False)


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
    batches: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Orders, their lines, histories, stock movements, returns, credits and vendor payables.

    Args:
        params: The run's parameters.
        reference: The reference family's frames (users, workflow_statuses).
        clients: The clients family's frames (clients, client_payment_terms_config).
        batches: The batches family's frames (products, lots, batches, batch_status_history,
            inventoryMovements); may have been read back from the database.

    Returns:
        Frames for orders, order_line_items, order_status_history, returns, credits,
        vendor_payables, and the FULL final `batches` and `inventoryMovements` (the batches
        family's rows with this family's changes and SALE / RETURN rows added).
    """
    up = _coerce_batches(
        {
            k: batches[k]
            for k in ("batches", "inventoryMovements", "batch_status_history", "products", "lots")
        }
    )
    batch_frame = up["batches"].sort_values("id").reset_index(drop=True)
    products = up["products"].sort_values("id").reset_index(drop=True)
    cutoff = _as_of_cutoff(params)
    owners, floor = staff_ids(reference["users"])
    workflow = workflow_ids(reference["workflow_statuses"])

    # --- stock: when each batch arrived and became sellable ---
    product_pos = pd.Series(np.arange(len(products)), index=products["id"].to_numpy())
    classes_of_product = product_classes(products)
    intake = up["inventoryMovements"]
    intake = (
        intake[intake["inventoryMovementType"] == "INTAKE"]
        .groupby("batchId")
        .agg(intake_qty=("quantityChange", "sum"), received_at=("createdAt", "min"))
    )
    history = up["batch_status_history"]
    ready = (
        history[history["toStatusId"] == workflow["ready-for-sale"]]
        .groupby("batchId")["createdAt"]
        .min()
    )
    sellable = ~batch_frame["batchStatus"].isin(["ON_HOLD", "QUARANTINED"]).to_numpy()
    stock_frame = pd.DataFrame(
        {
            "product_pos": product_pos.loc[batch_frame["productId"].to_numpy()].to_numpy(),
            "intake_qty": intake["intake_qty"].reindex(batch_frame["id"]).fillna(0.0).to_numpy(),
            "received_at": intake["received_at"]
            .reindex(batch_frame["id"])
            .fillna(batch_frame.set_index("id")["createdAt"])
            .to_numpy(),
        }
    )
    ready_at = ready.reindex(batch_frame["id"]).to_numpy()
    ready_at = np.where(sellable, ready_at, np.datetime64("NaT"))
    class_members = {key: np.flatnonzero(classes_of_product == key) for key in CLASS_BY_KEY}
    stock = _Stock(stock_frame, ready_at, class_members)

    # --- plan: orders (sales, then cancelled, drafts, quotes) ---
    sales = _plan_sales(params, clients)
    buyer_created = pd.to_datetime(clients["clients"].set_index("id")["created_at"])
    plan = pd.concat([sales, _extra_orders(params, sales, cutoff)], ignore_index=True)
    earliest = buyer_created.reindex(plan["client_id"]).to_numpy() + np.timedelta64(1, "h")
    plan["when"] = plan["when"].where(
        plan["when"].to_numpy() >= earliest, pd.DatetimeIndex(earliest).ceil("min")
    )
    plan = plan.sort_values(["when", "client_id"], kind="stable").reset_index(drop=True)
    plan["terms"] = _assign_terms(params, plan, clients)
    lines = _plan_lines(params, plan)
    steps = _timeline(params, plan, cutoff)
    returns_plan, refunds_plan = _choose_returns_and_refunds(params, plan, steps, cutoff)
    filled = _fill_lines(params, plan, lines, stock, returns_plan)

    # --- order_line_items ---
    rng = stream(params.seed, STREAMS, "records")
    order_ids = np.arange(1, len(plan) + 1)
    filled["order_index"] = lines["order_index"].to_numpy()[filled["line"].to_numpy()]
    filled = filled.sort_values(["order_index", "line"], kind="stable").reset_index(drop=True)
    filled["unit_price"] = [
        _price(k, d)
        for k, d in zip(
            filled["class_key"],
            lines["discount"].to_numpy()[filled["line"].to_numpy()],
            strict=True,
        )
    ]
    batch_ids = batch_frame["id"].to_numpy()
    unit_cogs = batch_frame["unitCogs"].to_numpy()
    filled["batch_id"] = batch_ids[filled["batch_pos"].to_numpy()]
    filled["unit_cogs"] = unit_cogs[filled["batch_pos"].to_numpy()]
    filled["line_total"] = np.round(filled["qty"] * filled["unit_price"], 2)
    filled["line_cogs"] = np.round(filled["qty"] * filled["unit_cogs"], 4)
    filled["line_margin"] = np.round(filled["line_total"] - filled["line_cogs"], 2)
    filled["unit_margin"] = np.round(filled["unit_price"] - filled["unit_cogs"], 2)
    filled["margin_percent"] = np.round(filled["unit_margin"] / filled["unit_price"] * 100.0, 2)
    names = products["nameCanonical"].to_numpy()[
        stock_frame["product_pos"].to_numpy()[filled["batch_pos"].to_numpy()]
    ]
    skus = batch_frame["sku"].to_numpy()[filled["batch_pos"].to_numpy()]
    order_created = plan["when"].to_numpy()
    line_created = order_created[filled["order_index"].to_numpy()]
    order_line_items = pd.DataFrame(
        {
            "id": np.arange(1, len(filled) + 1),
            "order_id": order_ids[filled["order_index"].to_numpy()],
            "batch_id": filled["batch_id"].to_numpy(),
            "product_display_name": names,
            "quantity": filled["qty"].to_numpy(),
            "cogs_per_unit": filled["unit_cogs"].to_numpy(),
            "original_cogs_per_unit": filled["unit_cogs"].to_numpy(),
            "effective_cogs_basis": "MID",
            "is_below_vendor_range": 0,
            "is_cogs_overridden": 0,
            "margin_percent": filled["margin_percent"].to_numpy(),
            "margin_dollar": filled["line_margin"].to_numpy(),
            "is_margin_overridden": 0,
            "margin_source": "DEFAULT",
            "unit_price": filled["unit_price"].to_numpy(),
            "line_total": filled["line_total"].to_numpy(),
            "is_sample": 0,
            "created_at": line_created,
            "updated_at": line_created,
        }
    )
    item_json = [
        json.dumps(
            {
                "batchId": int(b),
                "displayName": n,
                "originalName": s,
                "quantity": float(q),
                "unitPrice": float(p),
                "isSample": False,
                "unitCogs": float(c),
                "cogsMode": "FIXED",
                "cogsSource": "FIXED",
                "unitMargin": float(um),
                "marginPercent": float(mp),
                "lineTotal": float(lt),
                "lineCogs": float(lc),
                "lineMargin": float(lm),
            },
            separators=(",", ":"),
        )
        for b, n, s, q, p, c, um, mp, lt, lc, lm in zip(
            filled["batch_id"],
            names,
            skus,
            filled["qty"],
            filled["unit_price"],
            filled["unit_cogs"],
            filled["unit_margin"],
            filled["margin_percent"],
            filled["line_total"],
            filled["line_cogs"],
            filled["line_margin"],
            strict=True,
        )
    ]
    items_by_order = pd.Series(item_json).groupby(filled["order_index"].to_numpy()).agg(",".join)
    items = ("[" + items_by_order.reindex(np.arange(len(plan))).fillna("") + "]").to_numpy()
    per_order = filled.groupby("order_index").agg(
        subtotal=("line_total", "sum"), cogs=("line_cogs", "sum")
    )
    per_order = per_order.reindex(np.arange(len(plan))).fillna(0.0)
    subtotal = per_order["subtotal"].round(2).to_numpy()
    total_cogs = per_order["cogs"].round(4).to_numpy()
    margin = np.round(subtotal - total_cogs, 2)
    margin_pct = np.round(
        np.where(subtotal > 0, margin / np.where(subtotal > 0, subtotal, 1) * 100, 0), 2
    )

    # --- orders ---
    kind = plan["kind"].to_numpy()
    is_sale_kind = kind == "SALE"
    reached = steps[list(SALE_STEPS)].notna().to_numpy()
    last_step = np.array(SALE_STEPS, dtype=object)[np.maximum(reached.sum(axis=1) - 1, 0)]
    returned_mask = np.zeros(len(plan), dtype=bool)
    returned_mask[returns_plan["order_index"].to_numpy()] = True
    fulfillment = np.select(
        [kind == "QUOTE", kind == "DRAFT", kind == "CANCELLED", returned_mask],
        [None, "DRAFT", "CANCELLED", "RESTOCKED"],
        default=last_step,
    )
    pick_pack = np.select(
        [
            kind == "QUOTE",
            np.isin(fulfillment, ["PACKED"]),
            np.isin(fulfillment, ["SHIPPED", "DELIVERED", "RESTOCKED"]),
        ],
        [None, "PACKED", "READY"],
        default="PENDING",
    )
    created_by = rng.choice(
        owners if len(floor) == 0 else np.concatenate([owners, floor]), len(plan)
    )
    packer = rng.choice(floor, len(plan))
    shipper = rng.choice(floor, len(plan))
    terms = plan["terms"].to_numpy()
    confirmed_day = pd.DatetimeIndex(plan["when"]).normalize()
    due = confirmed_day + pd.to_timedelta([TERMS_DAYS.get(t, 30) for t in terms], unit="D")
    quote_age = (cutoff - pd.DatetimeIndex(plan["when"])).days
    quote_status = np.where(
        quote_age <= 3,
        rng.choice(np.array(["UNSENT", "SENT"]), len(plan)),
        np.where(
            quote_age <= 14,
            rng.choice(np.array(["SENT", "VIEWED", "REJECTED"]), len(plan)),
            rng.choice(np.array(["EXPIRED", "REJECTED"]), len(plan), p=[0.7, 0.3]),
        ),
    )
    stamp_prefix = np.where(is_sale_kind | (kind == "CANCELLED"), "O", "D")
    millis = pd.DatetimeIndex(plan["when"]).asi8 // 1_000_000 + rng.integers(0, 1000, len(plan))
    millis = millis + (pd.Series(millis).groupby(millis).cumcount().to_numpy())
    updated = steps.max(axis=1).fillna(plan["when"])
    returned_updates = returns_plan.set_index("order_index")["processed_at"] + pd.Timedelta(hours=2)
    updated.loc[returned_updates.index] = np.minimum(
        returned_updates.to_numpy(), cutoff.to_datetime64()
    )
    sale_status = np.select(
        [kind == "CANCELLED", is_sale_kind], ["CANCELLED", "PENDING"], default=None
    )
    orders = pd.DataFrame(
        {
            "id": order_ids,
            "version": 1,
            "order_number": [f"{p}-{m}" for p, m in zip(stamp_prefix, millis, strict=True)],
            "orderType": np.where(kind == "QUOTE", "QUOTE", "SALE"),
            "is_draft": np.isin(kind, ["QUOTE", "DRAFT"]).astype(int),
            "client_id": plan["client_id"].to_numpy(),
            "items": items,
            "subtotal": subtotal,
            "tax": 0.0,
            "discount": 0.0,
            "shipping": 0.0,
            "show_adjustment_on_document": 1,
            "total": subtotal,
            "total_cogs": total_cogs,
            "total_margin": margin,
            "avg_margin_percent": margin_pct,
            "valid_until": np.where(
                kind == "QUOTE", (confirmed_day + pd.Timedelta(days=14)).date, None
            ),
            "quoteStatus": np.where(kind == "QUOTE", quote_status, None),
            "paymentTerms": terms,
            "cash_payment": 0.0,
            "due_date": np.where(is_sale_kind, due.date, None),
            # PENDING until invoicing: the invoices family moves it to PARTIAL / PAID / OVERDUE.
            "saleStatus": sale_status,
            "fulfillmentStatus": fulfillment,
            "packed_at": steps["PACKED"].to_numpy(),
            "packed_by": pd.array(np.where(steps["PACKED"].notna(), packer, None), dtype="Int64"),
            "shipped_at": steps["SHIPPED"].to_numpy(),
            "shipped_by": pd.array(
                np.where(steps["SHIPPED"].notna(), shipper, None), dtype="Int64"
            ),
            "pickPackStatus": pick_pack,
            "is_referral_order": 0,
            "confirmed_at": steps["CONFIRMED"].to_numpy(),
            "credit_override_approved": 0,
            "notes": None,
            "created_by": created_by,
            "created_at": plan["when"].to_numpy(),
            "updated_at": updated.to_numpy(),
        }
    )

    # --- order_status_history ---
    history_parts = []
    for step in SALE_STEPS:
        mask = steps[step].notna().to_numpy()
        history_parts.append(
            pd.DataFrame(
                {
                    "order_index": np.flatnonzero(mask),
                    "status": step,
                    "at": steps[step].to_numpy()[mask],
                }
            )
        )
    drafts = np.flatnonzero(kind == "DRAFT")
    history_parts.append(
        pd.DataFrame(
            {"order_index": drafts, "status": "DRAFT", "at": plan["when"].to_numpy()[drafts]}
        )
    )
    cancelled_mask = steps["CANCELLED"].notna().to_numpy()
    history_parts.append(
        pd.DataFrame(
            {
                "order_index": np.flatnonzero(cancelled_mask),
                "status": "CANCELLED",
                "at": steps["CANCELLED"].to_numpy()[cancelled_mask],
            }
        )
    )
    ret_idx = returns_plan["order_index"].to_numpy()
    ret_at = returns_plan["processed_at"].to_numpy()
    history_parts.append(
        pd.DataFrame(
            {"order_index": ret_idx, "status": "RETURNED", "at": ret_at - np.timedelta64(3, "h")}
        )
    )
    history_parts.append(
        pd.DataFrame({"order_index": ret_idx, "status": "RESTOCKED", "at": ret_at})
    )
    status_history = pd.concat(history_parts, ignore_index=True)
    status_history = status_history.sort_values(["at", "order_index"], kind="stable").reset_index(
        drop=True
    )
    status_history = pd.DataFrame(
        {
            "id": np.arange(1, len(status_history) + 1),
            "order_id": order_ids[status_history["order_index"].to_numpy()],
            "fulfillmentStatus": status_history["status"].to_numpy(),
            "changed_by": np.where(
                np.isin(
                    status_history["status"],
                    ["PACKED", "SHIPPED", "DELIVERED", "RESTOCKED", "RETURNED"],
                ),
                floor[status_history["order_index"].to_numpy() % len(floor)],
                created_by[status_history["order_index"].to_numpy()],
            ),
            "changed_at": status_history["at"].to_numpy(),
            "notes": None,
        }
    )

    # --- returns ---
    return_ids = np.arange(1, len(returns_plan) + 1)
    return_reason = rng.choice(RETURN_REASONS, len(returns_plan), p=[0.4, 0.15, 0.2, 0.15, 0.1])
    sale_lines = filled[np.isin(filled["order_index"], ret_idx)]
    return_items = (
        sale_lines.groupby("order_index").apply(
            lambda g: json.dumps(
                [
                    {"batchId": int(b), "quantity": f"{q:.2f}", "reason": "Returned whole order"}
                    for b, q in zip(g["batch_id"], g["qty"], strict=True)
                ]
            ),
            include_groups=False,
        )
        if len(sale_lines)
        else pd.Series(dtype=object)
    )
    returns = pd.DataFrame(
        {
            "id": return_ids,
            "order_id": order_ids[ret_idx],
            "items": return_items.reindex(ret_idx).fillna("[]").to_numpy(),
            "returnReason": return_reason,
            "status": "PROCESSED",
            "notes": [
                f"Whole order {orders['order_number'].iloc[i]} returned and restocked"
                for i in ret_idx
            ],
            "processed_by": rng.choice(owners, len(returns_plan)),
            "processed_at": ret_at,
        }
    )

    # --- credits: return credit memos and partial refunds ---
    ref_idx = refunds_plan["order_index"].to_numpy()
    credit_rows = (
        pd.concat(
            [
                pd.DataFrame(
                    {
                        "order_index": ret_idx,
                        "amount": subtotal[ret_idx],
                        "reason": "RETURN",
                        "prefix": "CR-RTN",
                        "at": ret_at,
                    }
                ),
                pd.DataFrame(
                    {
                        "order_index": ref_idx,
                        "amount": np.round(subtotal[ref_idx] * params.refund_fraction, 2),
                        "reason": "REFUND",
                        "prefix": "CR-RFD",
                        "at": refunds_plan["refunded_at"].to_numpy(),
                    }
                ),
            ],
            ignore_index=True,
        )
        .sort_values(["at", "order_index"], kind="stable")
        .reset_index(drop=True)
    )
    credit_counter = credit_rows.groupby("prefix").cumcount().to_numpy() + 1
    refund_note = rng.choice(REFUND_NOTES, len(credit_rows))
    credits = pd.DataFrame(
        {
            "id": np.arange(1, len(credit_rows) + 1),
            "creditNumber": [
                f"{p}-{c:05d}" for p, c in zip(credit_rows["prefix"], credit_counter, strict=True)
            ],
            "clientId": plan["client_id"].to_numpy()[credit_rows["order_index"].to_numpy()],
            "transactionId": pd.array([None] * len(credit_rows), dtype="Int64"),
            "creditAmount": credit_rows["amount"].to_numpy(),
            "amountUsed": 0.0,
            "amountRemaining": credit_rows["amount"].to_numpy(),
            "creditReason": credit_rows["reason"].to_numpy(),
            "creditStatus": "ACTIVE",
            "notes": [
                f"Return for order #{orders['order_number'].iloc[i]}"
                if r == "RETURN"
                else f"Refund {params.refund_fraction:.0%} on order "
                f"#{orders['order_number'].iloc[i]}: {n}"
                for i, r, n in zip(
                    credit_rows["order_index"], credit_rows["reason"], refund_note, strict=True
                )
            ],
            "createdBy": rng.choice(owners, len(credit_rows)),
            "createdAt": credit_rows["at"].to_numpy(),
            "updatedAt": credit_rows["at"].to_numpy(),
        }
    )

    # --- inventory movements: SALE at shipping, RETURN at restock ---
    shipped_at = steps["SHIPPED"].to_numpy()
    sale_consuming = is_sale_kind[filled["order_index"].to_numpy()]
    ship_time = shipped_at[filled["order_index"].to_numpy()]
    shipped_rows = filled[sale_consuming & ~pd.isna(ship_time)]
    sale_moves = pd.DataFrame(
        {
            "batchId": shipped_rows["batch_id"].to_numpy(),
            "inventoryMovementType": "SALE",
            "quantityChange": -shipped_rows["qty"].to_numpy(),
            "referenceType": "ORDER",
            "referenceId": order_ids[shipped_rows["order_index"].to_numpy()],
            "notes": [
                f"Shipped on order {orders['order_number'].iloc[i]}"
                for i in shipped_rows["order_index"]
            ],
            "performedBy": shipper[shipped_rows["order_index"].to_numpy()],
            "createdAt": shipped_at[shipped_rows["order_index"].to_numpy()],
        }
    )
    return_id_of_order = pd.Series(return_ids, index=ret_idx)
    return_rows = filled[np.isin(filled["order_index"], ret_idx)]
    return_moves = pd.DataFrame(
        {
            "batchId": return_rows["batch_id"].to_numpy(),
            "inventoryMovementType": "RETURN",
            "quantityChange": return_rows["qty"].to_numpy(),
            "referenceType": "RETURN",
            "referenceId": return_id_of_order.reindex(return_rows["order_index"]).to_numpy(),
            "notes": "Returned whole order, restocked",
            "performedBy": floor[return_rows["order_index"].to_numpy() % len(floor)],
            "createdAt": returns_plan.set_index("order_index")["processed_at"]
            .reindex(return_rows["order_index"])
            .to_numpy(),
        }
    )
    upstream_moves = up["inventoryMovements"]
    new_moves = pd.concat([sale_moves, return_moves], ignore_index=True)
    new_moves = new_moves.sort_values(["createdAt", "batchId"], kind="stable").reset_index(
        drop=True
    )
    new_moves.insert(
        0,
        "id",
        np.arange(1, len(new_moves) + 1)
        + int(upstream_moves["id"].max() if len(upstream_moves) else 0),
    )
    movements = pd.concat([upstream_moves, new_moves], ignore_index=True)
    movements["referenceId"] = pd.array(movements["referenceId"], dtype="Int64")
    replay = movements.sort_values(["batchId", "createdAt", "id"], kind="stable")
    after = replay.groupby("batchId")["quantityChange"].cumsum().round(4)
    movements.loc[replay.index, "quantityAfter"] = after.to_numpy()
    movements.loc[replay.index, "quantityBefore"] = (
        (after - replay["quantityChange"]).round(4).to_numpy()
    )
    movements = movements.sort_values("id").reset_index(drop=True)

    # --- batches at as-of ---
    on_hand = movements.groupby("batchId")["quantityChange"].sum().round(4)
    final = batch_frame.copy()
    final["onHandQty"] = on_hand.reindex(final["id"]).fillna(0.0).to_numpy()
    unshipped = filled[sale_consuming & pd.isna(ship_time)]
    reserved = unshipped.groupby("batch_id")["qty"].sum()
    final["reservedQty"] = reserved.reindex(final["id"]).fillna(0.0).round(4).to_numpy()
    held = final["batchStatus"].isin(["ON_HOLD", "QUARANTINED"]).to_numpy()
    final["batchStatus"] = np.where(
        held, final["batchStatus"], np.where(final["onHandQty"] <= 0, "SOLD_OUT", "LIVE")
    )
    final["publishB2b"] = np.where(final["batchStatus"] == "LIVE", 1, 0)
    last_move = movements.groupby("batchId")["createdAt"].max()
    final["updatedAt"] = np.maximum(
        final["updatedAt"].to_numpy(), last_move.reindex(final["id"]).to_numpy()
    )
    final["updatedAt"] = pd.to_datetime(final["updatedAt"])

    # --- vendor payables: consigned stock owed once sold ---
    lot_supplier = up["lots"].set_index("id")["supplier_client_id"]
    signed = pd.concat(
        [
            pd.DataFrame(
                {
                    "batch_id": sale_moves["batchId"],
                    "qty": -sale_moves["quantityChange"],
                    "at": sale_moves["createdAt"],
                }
            ),
            pd.DataFrame(
                {
                    "batch_id": return_moves["batchId"],
                    "qty": -return_moves["quantityChange"],
                    "at": return_moves["createdAt"],
                }
            ),
        ],
        ignore_index=True,
    )
    consigned_ids = final.loc[final["ownership_type"] == "CONSIGNED", "id"]
    signed = signed[signed["batch_id"].isin(consigned_ids)]
    sold = signed.groupby("batch_id").agg(
        units=("qty", "sum"), first=("at", "min"), last=("at", "max")
    )
    sold = sold[sold["units"] > 0].sort_values(["first"], kind="stable")
    sold_batches = final.set_index("id").loc[sold.index]
    cogs = sold_batches["unitCogs"].round(2).to_numpy()
    total_owed = np.round(sold["units"].to_numpy() * sold_batches["unitCogs"].to_numpy(), 2)
    zero = sold_batches["onHandQty"].to_numpy() <= 0
    zero_at = np.where(zero, sold["last"].to_numpy(), np.datetime64("NaT"))
    due_day = pd.DatetimeIndex(zero_at).normalize() + pd.Timedelta(days=1)
    due_day = due_day.where(due_day <= pd.Timestamp(params.end), pd.Timestamp(params.end))
    created = pd.Series(sold["first"].to_numpy())
    vendor_payables = pd.DataFrame(
        {
            "id": np.arange(1, len(sold) + 1),
            "version": 1,
            "vendor_client_id": lot_supplier.reindex(sold_batches["lotId"]).to_numpy(),
            "batch_id": sold.index.to_numpy(),
            "lot_id": sold_batches["lotId"].to_numpy(),
            "payable_number": counted_numbers("PAY", created, "%Y%m", 5),
            "units_sold": sold["units"].round(2).to_numpy(),
            "cogs_per_unit": cogs,
            "total_amount": total_owed,
            "amount_paid": 0.0,
            "amount_due": total_owed,
            # DUE once the batch sold out (after the 24h grace); the ledger family pays them.
            "status": np.where(zero, "DUE", "PENDING"),
            "due_date": np.where(zero, due_day.date, None),
            "inventory_zero_at": zero_at,
            "grace_period_hours": 24,
            "created_by": rng.choice(owners, len(sold)),
            "created_at": sold["first"].to_numpy(),
            "updated_at": sold["last"].to_numpy(),
        }
    )

    return {
        "orders": orders,
        "order_line_items": order_line_items,
        "order_status_history": status_history,
        "returns": returns,
        "credits": credits,
        "vendor_payables": vendor_payables,
        "batches": final,
        "inventoryMovements": movements,
    }


FAMILY = Family(
    name="orders",
    description="Stock going out: sales and quotes, lines drawn FIFO, histories, returns, refunds.",
    upstream=("clients", "batches"),
    creates=CREATES,
    amends=AMENDS,
    build=lambda params, tables: generate(params, tables, tables, tables),
)
