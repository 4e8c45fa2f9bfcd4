"""The order tables proper: `orders` and `order_status_history`."""

import numpy as np
import pandas as pd

from terp_seed.generate.clients import TERMS_DAYS
from terp_seed.generate.orders.book import OrderBook
from terp_seed.terp.orders import SALE_STEPS


def _quote_status(book: OrderBook, rng: np.random.Generator) -> np.ndarray:
    """Fresh quotes unsent or sent, recent ones viewed or rejected, old ones expired."""
    n = len(book)
    quote_age = (book.cutoff - pd.DatetimeIndex(book.plan["when"])).days
    return np.where(
        quote_age <= 3,
        rng.choice(np.array(["UNSENT", "SENT"]), n),
        np.where(
            quote_age <= 14,
            rng.choice(np.array(["SENT", "VIEWED", "REJECTED"]), n),
            rng.choice(np.array(["EXPIRED", "REJECTED"]), n, p=[0.7, 0.3]),
        ),
    )


def unique_millis(millis: np.ndarray) -> np.ndarray:
    """The same stamps, each moved on by the fewest milliseconds that make them all distinct.

    Sorted, a stamp no later than the one before becomes that one plus 1 ms, so at any scale
    no two orders share a number (the app's `O-<Date.now()>` could only clash within a ms).
    """
    order = np.argsort(millis, kind="stable")
    rank = np.arange(len(millis))
    distinct = np.empty_like(millis)
    distinct[order] = np.maximum.accumulate(millis[order] - rank) + rank
    return distinct


def order_numbers(book: OrderBook, rng: np.random.Generator) -> np.ndarray:
    """Order numbers in the app's format, unique by construction.

    TERP's ordersDb.createOrder writes O-<epoch ms> for sales and D-<epoch ms> for drafts and
    quotes: the millisecond the order was saved.
    """
    prefix = np.where(book.is_sale_kind | (book.kind == "CANCELLED"), "O", "D")
    # Milliseconds whatever the frame's resolution (asi8 alone counts in its own unit).
    placed = pd.DatetimeIndex(book.plan["when"]).as_unit("ms").asi8
    millis = unique_millis(placed + rng.integers(0, 1000, len(book)))
    return np.array([f"{p}-{m}" for p, m in zip(prefix, millis, strict=True)], dtype=object)


def _last_update(book: OrderBook) -> pd.Series:
    updated = book.steps.max(axis=1).fillna(book.plan["when"])
    restocked = book.returns.set_index("order_index")["processed_at"] + pd.Timedelta(hours=2)
    updated.loc[restocked.index] = np.minimum(restocked.to_numpy(), book.cutoff.to_datetime64())
    return updated


def _pick_pack(fulfillment: np.ndarray, kind: np.ndarray) -> np.ndarray:
    return np.select(
        [
            kind == "QUOTE",
            np.isin(fulfillment, ["PACKED"]),
            np.isin(fulfillment, ["SHIPPED", "DELIVERED", "RESTOCKED"]),
        ],
        [None, "PACKED", "READY"],
        default="PENDING",
    )


def build_orders(
    book: OrderBook,
    totals: pd.DataFrame,
    items: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Every order at as-of: its lines' totals, terms, due date and where fulfillment stands."""
    kind, steps = book.kind, book.steps
    terms = book.plan["terms"].to_numpy()
    confirmed_day = pd.DatetimeIndex(book.plan["when"]).normalize()
    due = confirmed_day + pd.to_timedelta([TERMS_DAYS.get(t, 30) for t in terms], unit="D")
    quote_status = _quote_status(book, rng)
    numbers = order_numbers(book, rng)
    fulfillment = book.fulfillment()
    packed, shipped = steps["PACKED"], steps["SHIPPED"]
    return pd.DataFrame(
        {
            "id": book.ids,
            "version": 1,
            "order_number": numbers,
            "orderType": np.where(kind == "QUOTE", "QUOTE", "SALE"),
            "is_draft": np.isin(kind, ["QUOTE", "DRAFT"]).astype(int),
            "client_id": book.plan["client_id"].to_numpy(),
            "items": items,
            "subtotal": totals["subtotal"].to_numpy(),
            "tax": 0.0,
            "discount": 0.0,
            "shipping": 0.0,
            "show_adjustment_on_document": 1,
            "total": totals["subtotal"].to_numpy(),
            "total_cogs": totals["cogs"].to_numpy(),
            "total_margin": totals["margin"].to_numpy(),
            "avg_margin_percent": totals["margin_pct"].to_numpy(),
            "valid_until": np.where(
                kind == "QUOTE", (confirmed_day + pd.Timedelta(days=14)).date, None
            ),
            "quoteStatus": np.where(kind == "QUOTE", quote_status, None),
            "paymentTerms": terms,
            "cash_payment": 0.0,
            "due_date": np.where(book.is_sale_kind, due.date, None),
            # PENDING until invoicing: the invoices family moves it to PARTIAL / PAID / OVERDUE.
            "saleStatus": np.select(
                [kind == "CANCELLED", book.is_sale_kind], ["CANCELLED", "PENDING"], default=None
            ),
            "fulfillmentStatus": fulfillment,
            "packed_at": packed.to_numpy(),
            "packed_by": pd.array(np.where(packed.notna(), book.packer, None), dtype="Int64"),
            "shipped_at": shipped.to_numpy(),
            "shipped_by": pd.array(np.where(shipped.notna(), book.shipper, None), dtype="Int64"),
            "pickPackStatus": _pick_pack(fulfillment, kind),
            "is_referral_order": 0,
            "confirmed_at": steps["CONFIRMED"].to_numpy(),
            "credit_override_approved": 0,
            "notes": None,
            "created_by": book.created_by,
            "created_at": book.plan["when"].to_numpy(),
            "updated_at": _last_update(book).to_numpy(),
        }
    )


def _status_events(book: OrderBook) -> pd.DataFrame:
    """(order_index, status, at) for every fulfillment step each order took."""
    parts = []
    for step in SALE_STEPS:
        mask = book.steps[step].notna().to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "order_index": np.flatnonzero(mask),
                    "status": step,
                    "at": book.steps[step].to_numpy()[mask],
                }
            )
        )
    drafts = np.flatnonzero(book.kind == "DRAFT")
    parts.append(
        pd.DataFrame(
            {"order_index": drafts, "status": "DRAFT", "at": book.plan["when"].to_numpy()[drafts]}
        )
    )
    cancelled = book.steps["CANCELLED"].notna().to_numpy()
    parts.append(
        pd.DataFrame(
            {
                "order_index": np.flatnonzero(cancelled),
                "status": "CANCELLED",
                "at": book.steps["CANCELLED"].to_numpy()[cancelled],
            }
        )
    )
    returned = book.returns["order_index"].to_numpy()
    processed = book.returns["processed_at"].to_numpy()
    parts.append(
        pd.DataFrame(
            {
                "order_index": returned,
                "status": "RETURNED",
                "at": processed - np.timedelta64(3, "h"),
            }
        )
    )
    parts.append(pd.DataFrame({"order_index": returned, "status": "RESTOCKED", "at": processed}))
    events = pd.concat(parts, ignore_index=True)
    return events.sort_values(["at", "order_index"], kind="stable").reset_index(drop=True)


def build_order_status_history(book: OrderBook) -> pd.DataFrame:
    """Each order's fulfillment steps; the floor moves the goods, the seller the paperwork."""
    events = _status_events(book)
    index = events["order_index"].to_numpy()
    floor_steps = np.isin(
        events["status"], ["PACKED", "SHIPPED", "DELIVERED", "RESTOCKED", "RETURNED"]
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, len(events) + 1),
            "order_id": book.ids[index],
            "fulfillmentStatus": events["status"].to_numpy(),
            "changed_by": np.where(
                floor_steps, book.floor[index % len(book.floor)], book.created_by[index]
            ),
            "changed_at": events["at"].to_numpy(),
            "notes": None,
        }
    )
