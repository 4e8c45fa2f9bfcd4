"""Stock leaving and coming back, and what consigned stock that sold is owed.

SALE and RETURN movements, the batches at as-of, and `vendor_payables`.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.orders.book import OrderBook


def sale_moves(book: OrderBook, priced: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """A SALE movement per shipped line, at the order's shipping time, by its shipper."""
    shipped_at = book.steps["SHIPPED"].to_numpy()
    index = priced["order_index"].to_numpy()
    shipped = priced[book.is_sale_kind[index] & ~pd.isna(shipped_at[index])]
    at = shipped["order_index"].to_numpy()
    return pd.DataFrame(
        {
            "batchId": shipped["batch_id"].to_numpy(),
            "inventoryMovementType": "SALE",
            "quantityChange": -shipped["qty"].to_numpy(),
            "referenceType": "ORDER",
            "referenceId": book.ids[at],
            "notes": [f"Shipped on order {orders['order_number'].iloc[i]}" for i in at],
            # The warehouse ships; the inventory desk books the stock out (inventory:update).
            "performedBy": book.inventory[at % len(book.inventory)],
            "createdAt": shipped_at[at],
        }
    )


def return_moves(book: OrderBook, priced: pd.DataFrame, returns: pd.DataFrame) -> pd.DataFrame:
    """A RETURN movement per line of a returned order, when the return was processed."""
    returned = book.returns["order_index"].to_numpy()
    return_id = pd.Series(returns["id"].to_numpy(), index=returned)
    lines = priced[np.isin(priced["order_index"], returned)]
    at = lines["order_index"]
    return pd.DataFrame(
        {
            "batchId": lines["batch_id"].to_numpy(),
            "inventoryMovementType": "RETURN",
            "quantityChange": lines["qty"].to_numpy(),
            "referenceType": "RETURN",
            "referenceId": return_id.reindex(at).to_numpy(),
            "notes": "Returned whole order, restocked",
            "performedBy": book.inventory[at.to_numpy() % len(book.inventory)],
            "createdAt": book.returns.set_index("order_index")["processed_at"]
            .reindex(at)
            .to_numpy(),
        }
    )


def replay_quantities(movements: pd.DataFrame) -> pd.DataFrame:
    """Set quantityBefore / quantityAfter by replaying each batch's movements in time order."""
    movements = movements.copy()
    replay = movements.sort_values(["batchId", "createdAt", "id"], kind="stable")
    after = replay.groupby("batchId")["quantityChange"].cumsum().round(4)
    movements.loc[replay.index, "quantityAfter"] = after.to_numpy()
    movements.loc[replay.index, "quantityBefore"] = (
        (after - replay["quantityChange"]).round(4).to_numpy()
    )
    return movements.sort_values("id").reset_index(drop=True)


def build_inventory_movements(
    sales: pd.DataFrame, restocks: pd.DataFrame, upstream: pd.DataFrame
) -> pd.DataFrame:
    """The batches family's INTAKE rows with every SALE and RETURN after them, replayed."""
    new_moves = pd.concat([sales, restocks], ignore_index=True)
    new_moves = new_moves.sort_values(["createdAt", "batchId"], kind="stable").reset_index(
        drop=True
    )
    first_id = int(upstream["id"].max() if len(upstream) else 0)
    new_moves.insert(0, "id", np.arange(1, len(new_moves) + 1) + first_id)
    movements = pd.concat([upstream, new_moves], ignore_index=True)
    movements["referenceId"] = pd.array(movements["referenceId"], dtype="Int64")
    return replay_quantities(movements)


def build_batches(
    book: OrderBook, batches: pd.DataFrame, priced: pd.DataFrame, movements: pd.DataFrame
) -> pd.DataFrame:
    """Each batch at as-of: on hand from its movements, reserved for unshipped sales."""
    final = batches.copy()
    on_hand = movements.groupby("batchId")["quantityChange"].sum().round(4)
    final["onHandQty"] = on_hand.reindex(final["id"]).fillna(0.0).to_numpy()
    shipped_at = book.steps["SHIPPED"].to_numpy()
    index = priced["order_index"].to_numpy()
    unshipped = priced[book.is_sale_kind[index] & pd.isna(shipped_at[index])]
    reserved = unshipped.groupby("batch_id")["qty"].sum()
    final["reservedQty"] = reserved.reindex(final["id"]).fillna(0.0).round(4).to_numpy()
    # Held batches and those still in the workflow queue were never offered: they keep theirs.
    offered = (final["batchStatus"] == "LIVE").to_numpy()
    final["batchStatus"] = np.where(
        offered, np.where(final["onHandQty"] <= 0, "SOLD_OUT", "LIVE"), final["batchStatus"]
    )
    final["publishB2b"] = np.where(final["batchStatus"] == "LIVE", 1, 0)
    last_move = movements.groupby("batchId")["createdAt"].max()
    final["updatedAt"] = np.maximum(
        final["updatedAt"].to_numpy(), last_move.reindex(final["id"]).to_numpy()
    )
    final["updatedAt"] = pd.to_datetime(final["updatedAt"])
    return final


def _consigned_sold(
    sales: pd.DataFrame, restocks: pd.DataFrame, batches: pd.DataFrame
) -> pd.DataFrame:
    """Units of each consigned batch sold net of returns, with the first and last sale."""
    signed = pd.concat(
        [
            pd.DataFrame(
                {
                    "batch_id": moves["batchId"],
                    "qty": -moves["quantityChange"],
                    "at": moves["createdAt"],
                }
            )
            for moves in (sales, restocks)
        ],
        ignore_index=True,
    )
    consigned_ids = batches.loc[batches["ownership_type"] == "CONSIGNED", "id"]
    signed = signed[signed["batch_id"].isin(consigned_ids)]
    sold = signed.groupby("batch_id").agg(
        units=("qty", "sum"), first=("at", "min"), last=("at", "max")
    )
    return sold[sold["units"] > 0].sort_values(["first"], kind="stable")


def build_vendor_payables(
    book: OrderBook,
    sales: pd.DataFrame,
    restocks: pd.DataFrame,
    batches: pd.DataFrame,
    lots: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """What the office owes each supplier for consigned units sold, at the batch's unit cost.

    A payable falls DUE the day after its batch sold out (TERP's 24-hour grace); until then it
    is PENDING. The ledger family pays them.
    """
    sold = _consigned_sold(sales, restocks, batches)
    sold_batches = batches.set_index("id").loc[sold.index]
    lot_supplier = lots.set_index("id")["supplier_client_id"]
    total_owed = np.round(sold["units"].to_numpy() * sold_batches["unitCogs"].to_numpy(), 2)
    zero = sold_batches["onHandQty"].to_numpy() <= 0
    zero_at = np.where(zero, sold["last"].to_numpy(), np.datetime64("NaT"))
    due_day = pd.DatetimeIndex(zero_at).normalize() + pd.Timedelta(days=1)
    end = pd.Timestamp(book.params.end)
    due_day = due_day.where(due_day <= end, end)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(sold) + 1),
            "version": 1,
            "vendor_client_id": lot_supplier.reindex(sold_batches["lotId"]).to_numpy(),
            "batch_id": sold.index.to_numpy(),
            "lot_id": sold_batches["lotId"].to_numpy(),
            "payable_number": counted_numbers(
                "PAY", pd.Series(sold["first"].to_numpy()), "%Y%m", 5
            ),
            "units_sold": sold["units"].round(2).to_numpy(),
            "cogs_per_unit": sold_batches["unitCogs"].round(2).to_numpy(),
            "total_amount": total_owed,
            "amount_paid": 0.0,
            "amount_due": total_owed,
            "status": np.where(zero, "DUE", "PENDING"),
            "due_date": np.where(zero, due_day.date, None),
            "inventory_zero_at": zero_at,
            "grace_period_hours": 24,
            "created_by": rng.choice(book.owners, len(sold)),
            "created_at": sold["first"].to_numpy(),
            "updated_at": sold["last"].to_numpy(),
        }
    )
