"""The order lines: each filled draw priced, costed and written as TERP writes a line.

A line is one (order line, batch) draw: a line that drew on two batches becomes two rows, as
TERP's order editor makes one line per batch. The order keeps the same lines as JSON in
`orders.items`, and its totals are their sums.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.orders.pricing import PriceBook
from terp_seed.generate.orders.stock import Shelf


def price_lines(
    filled: pd.DataFrame,
    lines: pd.DataFrame,
    shelf: Shelf,
    client_of_order: np.ndarray,
    book: PriceBook,
) -> pd.DataFrame:
    """Each drawn row with its order, batch and price (the buyer's profile or the default)."""
    filled = filled.copy()
    filled["order_index"] = lines["order_index"].to_numpy()[filled["line"].to_numpy()]
    filled = filled.sort_values(["order_index", "line"], kind="stable").reset_index(drop=True)
    position = filled["batch_pos"].to_numpy()
    filled["batch_id"] = shelf.batches["id"].to_numpy()[position]
    filled["unit_cogs"] = shelf.batches["unitCogs"].to_numpy()[position]
    prices, sources = book.price(
        client_of_order[filled["order_index"].to_numpy()],
        filled["class_key"].to_numpy(),
        filled["unit_cogs"].to_numpy(),
    )
    filled["computed_price"] = prices
    filled["unit_price"] = prices
    filled["margin_source"] = sources
    filled["is_margin_overridden"] = 0
    filled["display_name"] = shelf.products["nameCanonical"].to_numpy()[shelf.product_pos[position]]
    filled["sku"] = shelf.batches["sku"].to_numpy()[position]
    return with_line_money(filled)


def apply_overrides(priced: pd.DataFrame, overrides: pd.DataFrame) -> pd.DataFrame:
    """Mark the overridden lines down by hand: MANUAL source, overridden flag, money redone."""
    priced = priced.copy()
    rows = overrides["row"].to_numpy()
    marked = np.round(
        priced["computed_price"].to_numpy()[rows] * (1 - overrides["percent"].to_numpy() / 100), 2
    )
    priced.loc[rows, "unit_price"] = marked
    priced.loc[rows, "margin_source"] = "MANUAL"
    priced.loc[rows, "is_margin_overridden"] = 1
    return with_line_money(priced)


def with_line_money(filled: pd.DataFrame) -> pd.DataFrame:
    """Line total, cost, margin and margin percent from quantity, price and unit cost."""
    filled = filled.copy()
    filled["line_total"] = np.round(filled["qty"] * filled["unit_price"], 2)
    filled["line_cogs"] = np.round(filled["qty"] * filled["unit_cogs"], 4)
    filled["line_margin"] = np.round(filled["line_total"] - filled["line_cogs"], 2)
    filled["unit_margin"] = np.round(filled["unit_price"] - filled["unit_cogs"], 2)
    filled["margin_percent"] = np.round(filled["unit_margin"] / filled["unit_price"] * 100.0, 2)
    return filled


def build_order_line_items(
    priced: pd.DataFrame, order_ids: np.ndarray, order_created: np.ndarray
) -> pd.DataFrame:
    """One line item per drawn row, at its order's time."""
    line_created = order_created[priced["order_index"].to_numpy()]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(priced) + 1),
            "order_id": order_ids[priced["order_index"].to_numpy()],
            "batch_id": priced["batch_id"].to_numpy(),
            "product_display_name": priced["display_name"].to_numpy(),
            "quantity": priced["qty"].to_numpy(),
            "cogs_per_unit": priced["unit_cogs"].to_numpy(),
            "original_cogs_per_unit": priced["unit_cogs"].to_numpy(),
            "effective_cogs_basis": "MID",
            "is_below_vendor_range": 0,
            "is_cogs_overridden": 0,
            "margin_percent": priced["margin_percent"].to_numpy(),
            "margin_dollar": priced["line_margin"].to_numpy(),
            "is_margin_overridden": priced["is_margin_overridden"].to_numpy(),
            "margin_source": priced["margin_source"].to_numpy(),
            "unit_price": priced["unit_price"].to_numpy(),
            "line_total": priced["line_total"].to_numpy(),
            "is_sample": 0,
            "created_at": line_created,
            "updated_at": line_created,
        }
    )


def order_items_json(priced: pd.DataFrame, order_count: int) -> np.ndarray:
    """`orders.items`: the order's lines as the app's JSON array ("[]" for an empty order)."""
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
            priced["batch_id"],
            priced["display_name"],
            priced["sku"],
            priced["qty"],
            priced["unit_price"],
            priced["unit_cogs"],
            priced["unit_margin"],
            priced["margin_percent"],
            priced["line_total"],
            priced["line_cogs"],
            priced["line_margin"],
            strict=True,
        )
    ]
    by_order = pd.Series(item_json).groupby(priced["order_index"].to_numpy()).agg(",".join)
    return ("[" + by_order.reindex(np.arange(order_count)).fillna("") + "]").to_numpy()


def order_totals(priced: pd.DataFrame, order_count: int) -> pd.DataFrame:
    """Per order: subtotal, cost of goods, margin and margin percent of its lines."""
    per_order = priced.groupby("order_index").agg(
        subtotal=("line_total", "sum"), cogs=("line_cogs", "sum")
    )
    per_order = per_order.reindex(np.arange(order_count)).fillna(0.0)
    subtotal = per_order["subtotal"].round(2).to_numpy()
    total_cogs = per_order["cogs"].round(4).to_numpy()
    margin = np.round(subtotal - total_cogs, 2)
    margin_pct = np.round(
        np.where(subtotal > 0, margin / np.where(subtotal > 0, subtotal, 1) * 100, 0), 2
    )
    return pd.DataFrame(
        {"subtotal": subtotal, "cogs": total_cogs, "margin": margin, "margin_pct": margin_pct}
    )
