"""Orders that came back: `returns` and `credits`.

Whole orders returned and restocked, and credits: return memos and partial refunds, the table
TERP's returns and credits routers write and invoicing applies.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.orders.book import OrderBook

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


def credited_order_numbers(credits: pd.DataFrame) -> pd.Series:
    """The order number each return or refund credit was written for (from its notes).

    `credits` has no column for the order (its `transactionId` points at the legacy
    `transactions` table), so this family writes the order number into the notes, in the
    forms "Return for order #<number>" and "Refund 5% on order #<number>: <reason>".
    """
    # As objects: a window without any credit leaves an empty float column, not strings.
    return credits["notes"].astype(object).str.extract(r"order #([^\s:]+)", expand=False)


def _returned_items(priced: pd.DataFrame, returned: np.ndarray) -> pd.Series:
    """The app's return items JSON per returned order: every batch and quantity it held."""
    lines = priced[np.isin(priced["order_index"], returned)]
    if not len(lines):
        return pd.Series(dtype=object)
    return lines.groupby("order_index").apply(
        lambda g: json.dumps(
            [
                {"batchId": int(b), "quantity": f"{q:.2f}", "reason": "Returned whole order"}
                for b, q in zip(g["batch_id"], g["qty"], strict=True)
            ]
        ),
        include_groups=False,
    )


def build_returns(
    book: OrderBook, priced: pd.DataFrame, orders: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """One processed return per whole order sent back, restocked by an owner's decision."""
    returned = book.returns["order_index"].to_numpy()
    count = len(returned)
    reason = rng.choice(RETURN_REASONS, count, p=[0.4, 0.15, 0.2, 0.15, 0.1])
    items = _returned_items(priced, returned)
    return pd.DataFrame(
        {
            "id": np.arange(1, count + 1),
            "order_id": book.ids[returned],
            "items": items.reindex(returned).fillna("[]").to_numpy(),
            "returnReason": reason,
            "status": "PROCESSED",
            "notes": [
                f"Whole order {orders['order_number'].iloc[i]} returned and restocked"
                for i in returned
            ],
            "processed_by": rng.choice(book.owners, count),
            "processed_at": book.returns["processed_at"].to_numpy(),
        }
    )


def _credit_events(book: OrderBook, subtotal: np.ndarray) -> pd.DataFrame:
    """(order_index, amount, reason, prefix, at) of every return memo and refund, in time order."""
    returned = book.returns["order_index"].to_numpy()
    refunded = book.refunds["order_index"].to_numpy()
    events = pd.concat(
        [
            pd.DataFrame(
                {
                    "order_index": returned,
                    "amount": subtotal[returned],
                    "reason": "RETURN",
                    "prefix": "CR-RTN",
                    "at": book.returns["processed_at"].to_numpy(),
                }
            ),
            pd.DataFrame(
                {
                    "order_index": refunded,
                    "amount": np.round(subtotal[refunded] * book.params.refund_fraction, 2),
                    "reason": "REFUND",
                    "prefix": "CR-RFD",
                    "at": book.refunds["refunded_at"].to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    return events.sort_values(["at", "order_index"], kind="stable").reset_index(drop=True)


def build_credits(book: OrderBook, orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A credit per return (the whole order) and per refund (`refund_fraction` of it)."""
    events = _credit_events(book, orders["subtotal"].to_numpy())
    counter = events.groupby("prefix").cumcount().to_numpy() + 1
    refund_note = rng.choice(REFUND_NOTES, len(events))
    numbers = orders["order_number"]
    fraction = book.params.refund_fraction
    return pd.DataFrame(
        {
            "id": np.arange(1, len(events) + 1),
            # Object arrays: an empty list would make a float column no reader can .str.
            "creditNumber": np.array(
                [f"{p}-{c:05d}" for p, c in zip(events["prefix"], counter, strict=True)],
                dtype=object,
            ),
            "clientId": book.plan["client_id"].to_numpy()[events["order_index"].to_numpy()],
            "transactionId": pd.array([None] * len(events), dtype="Int64"),
            "creditAmount": events["amount"].to_numpy(),
            "amountUsed": 0.0,
            "amountRemaining": events["amount"].to_numpy(),
            "creditReason": events["reason"].to_numpy(),
            "creditStatus": "ACTIVE",
            "notes": np.array(
                [
                    f"Return for order #{numbers.iloc[i]}"
                    if r == "RETURN"
                    else f"Refund {fraction:.0%} on order #{numbers.iloc[i]}: {n}"
                    for i, r, n in zip(
                        events["order_index"], events["reason"], refund_note, strict=True
                    )
                ],
                dtype=object,
            ),
            "createdBy": rng.choice(book.owners, len(events)),
            "createdAt": events["at"].to_numpy(),
            "updatedAt": events["at"].to_numpy(),
        }
    )
