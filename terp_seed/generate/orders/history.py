"""`price_history`: what each product was bought and sold at, as TERP's order pricing records it.

A PURCHASE row per batch received (its unit cost, from its supplier) and a SALE row per line
of every confirmed sale (its unit price, to its buyer), dated when each happened; the order
desk reads the buyer's and the market's last prices from it.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.orders.book import OrderBook
from terp_seed.generate.orders.stock import Shelf


def build_price_history(
    shelf: Shelf, lots: pd.DataFrame, priced: pd.DataFrame, book: OrderBook
) -> pd.DataFrame:
    """Purchases at intake and confirmed sales at order time, in time order."""
    batches = shelf.batches
    supplier = lots.set_index("id")["supplier_client_id"].reindex(batches["lotId"]).to_numpy()
    purchases = pd.DataFrame(
        {
            "product_id": batches["productId"].to_numpy(),
            "batch_id": batches["id"].to_numpy(),
            "client_id": None,
            "order_id": None,
            "transaction_type": "PURCHASE",
            "unit_price": batches["unitCogs"].to_numpy(),
            "quantity": shelf.intake_qty,
            "total_price": np.round(shelf.intake_qty * batches["unitCogs"].to_numpy(), 2),
            "supplier_id": supplier,
            "created_at": shelf.received_at,
        }
    )
    confirmed = book.steps["CONFIRMED"].notna().to_numpy() & book.is_sale_kind
    index = priced["order_index"].to_numpy()
    lines = priced[confirmed[index]]
    at = lines["order_index"].to_numpy()
    product = batches.set_index("id")["productId"].reindex(lines["batch_id"]).to_numpy()
    sales = pd.DataFrame(
        {
            "product_id": product,
            "batch_id": lines["batch_id"].to_numpy(),
            "client_id": book.plan["client_id"].to_numpy()[at],
            "order_id": book.ids[at],
            "transaction_type": "SALE",
            "unit_price": lines["unit_price"].to_numpy(),
            "quantity": lines["qty"].to_numpy(),
            "total_price": lines["line_total"].to_numpy(),
            "supplier_id": None,
            "created_at": book.plan["when"].to_numpy()[at],
        }
    )
    history = pd.concat([purchases, sales], ignore_index=True)
    history = history.sort_values(["created_at", "batch_id"], kind="stable").reset_index(drop=True)
    for column in ("client_id", "order_id", "supplier_id"):
        history[column] = pd.array(history[column], dtype="Int64")
    history.insert(0, "id", np.arange(1, len(history) + 1))
    return history
