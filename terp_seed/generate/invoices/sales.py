"""Build `sales`: one row per sale of a quantity from one batch, as TERP's readers expect.

No app path writes `sales` (only TERP's seed scripts do); supplier lifetime value, supplier
product performance, the dashboard's top products and the slow-moving stock alert read it.
A sale is a shipped order line, dated when it shipped, at its unit price and the unit cost
the line carried. Lines of returned orders are not sales: the goods came back.
"""

import numpy as np
import pandas as pd


def build_sales(
    invoices: pd.DataFrame, order_lines: pd.DataFrame, batches: pd.DataFrame, orders: pd.DataFrame
) -> pd.DataFrame:
    """`sales`: every line of every invoiced order whose invoice stands (not VOID)."""
    kept = invoices[invoices["status"] != "VOID"]
    lines = order_lines[order_lines["order_id"].isin(kept["referenceId"])]
    lines = lines.sort_values(["order_id", "id"], kind="stable")
    order = orders.set_index("id").reindex(lines["order_id"])
    product_of_batch = batches.set_index("id")["productId"]
    shipped = pd.to_datetime(order["shipped_at"]).to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(lines) + 1),
            "batchId": lines["batch_id"].astype(np.int64).to_numpy(),
            "productId": product_of_batch.reindex(lines["batch_id"]).astype(np.int64).to_numpy(),
            "quantity": lines["quantity"].astype(float).to_numpy(),
            "deleted_at": pd.NaT,
            "cogsAtSale": lines["cogs_per_unit"].astype(float).to_numpy(),
            "salePrice": lines["unit_price"].astype(float).to_numpy(),
            "cogsOverride": lines["is_cogs_overridden"].astype(int).to_numpy(),
            "customerId": order["client_id"].astype(np.int64).to_numpy(),
            "saleDate": shipped,
            "notes": [f"Shipped on order {n}" for n in order["order_number"]],
            "createdBy": order["created_by"].astype(np.int64).to_numpy(),
            "createdAt": shipped,
            "updatedAt": shipped,
        }
    )
