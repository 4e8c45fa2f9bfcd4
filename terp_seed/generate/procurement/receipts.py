"""Intake receipts: the paper trail of each delivery, counted with the farmer and the stacker."""

import numpy as np
import pandas as pd

from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.procurement import receipt_number

STREAMS = "procurement"
# Share of the unload (arrival to intake completed) by which each count is signed off.
FARMER_COUNT_SHARE = 0.3
STACKER_COUNT_SHARE = 0.75


def plan_receipts(tables) -> pd.DataFrame:
    """One receipt per completed intake session, with its purchase order and people."""
    sessions = tables["intake_sessions"].sort_values(["created_at", "id"]).reset_index(drop=True)
    orders = tables["purchaseOrders"].set_index("intakeSessionId")
    sessions["purchase_order_id"] = orders["id"].reindex(sessions["id"]).to_numpy()
    sessions["ordered_by"] = orders["createdBy"].reindex(sessions["id"]).to_numpy()
    return sessions


def build_intake_receipts(params: SeedParams, receipts: pd.DataFrame) -> pd.DataFrame:
    """`intake_receipts`: IR numbers counted per year, verified and finalized in the unload.

    The farmer's count is signed by the buyer who placed the order, the stacker's by whoever
    received the delivery; the receipt is finalized when the intake session completes.
    """
    rng = stream(params.seed, STREAMS, "receipt_tokens")
    created = pd.to_datetime(receipts["created_at"])
    unload = pd.to_datetime(receipts["completed_at"]) - created
    year = created.dt.year
    count = receipts.groupby(year).cumcount() + 1
    completed = receipts["status"] == "COMPLETED"
    tokens = [rng.bytes(32).hex() for _ in range(len(receipts))]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(receipts) + 1),
            "receipt_number": [receipt_number(y, n) for y, n in zip(year, count)],
            "supplier_id": receipts["vendor_id"].to_numpy(),
            "status": np.where(completed, "FINALIZED", "PENDING"),
            "farmer_verified_at": (created + unload * FARMER_COUNT_SHARE).dt.floor("min"),
            "farmer_verified_by": receipts["ordered_by"].to_numpy(),
            "stacker_verified_at": (created + unload * STACKER_COUNT_SHARE).dt.floor("min"),
            "stacker_verified_by": receipts["received_by"].to_numpy(),
            "finalized_at": receipts["completed_at"].to_numpy(),
            "finalized_by": receipts["received_by"].to_numpy(),
            "shareable_token": tokens,
            "created_by": receipts["received_by"].to_numpy(),
            "created_at": created.to_numpy(),
            "updated_at": receipts["completed_at"].to_numpy(),
        }
    )


def build_intake_receipt_items(tables, receipts: pd.DataFrame) -> pd.DataFrame:
    """`intake_receipt_items`: each received batch, expected as ordered, counted as received."""
    receipt_of = pd.Series(np.arange(1, len(receipts) + 1), index=receipts["id"].to_numpy())
    purchase_of = receipts.set_index("id")["purchase_order_id"]
    items = tables["intake_session_batches"].merge(
        tables["batches"][["id", "productId"]], left_on="batch_id", right_on="id"
    )
    items = items.sort_values("id_x").reset_index(drop=True)
    products = tables["products"].set_index("id")
    ordered = tables["purchaseOrderItems"].set_index(["purchaseOrderId", "productId"])
    keys = list(zip(purchase_of.loc[items["intake_session_id"]], items["productId"]))
    expected = ordered["quantityOrdered"].reindex(keys).to_numpy()
    created = receipts.set_index("id")["created_at"]
    frame = pd.DataFrame(
        {
            "receipt_id": receipt_of.loc[items["intake_session_id"]].to_numpy(),
            "product_id": items["productId"].to_numpy(),
            "product_name": products["nameCanonical"].reindex(items["productId"]).to_numpy(),
            "expected_quantity": expected,
            "actual_quantity": items["received_qty"].to_numpy(),
            "unit": products["uomSellable"].reindex(items["productId"]).to_numpy(),
            "expected_price": items["unit_cost"].to_numpy(),
            "verification_status": np.where(
                np.isclose(expected, items["received_qty"]), "VERIFIED", "DISCREPANCY"
            ),
            "created_at": created.loc[items["intake_session_id"]].to_numpy(),
        }
    ).sort_values(["receipt_id", "product_id"], kind="stable")
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def build_intake_discrepancies(items: pd.DataFrame, receipts: pd.DataFrame) -> pd.DataFrame:
    """`intake_discrepancies`: one per item whose count differed from what was ordered.

    The purchase order records what was received, so a differing count was accepted as
    received (ADJUSTED) by the stacker when the receipt was finalized.
    """
    differing = items[items["verification_status"] == "DISCREPANCY"]
    finalized = receipts.set_index("id")
    return pd.DataFrame(
        {
            "id": np.arange(1, len(differing) + 1),
            "receipt_id": differing["receipt_id"].to_numpy(),
            "item_id": differing["id"].to_numpy(),
            "expected_quantity": differing["expected_quantity"].to_numpy(),
            "actual_quantity": differing["actual_quantity"].to_numpy(),
            "difference": (differing["actual_quantity"] - differing["expected_quantity"])
            .round(4)
            .to_numpy(),
            "resolution": "ADJUSTED",
            "resolution_notes": "Received quantity booked as counted",
            "resolved_by": finalized["finalized_by"].reindex(differing["receipt_id"]).to_numpy(),
            "resolved_at": finalized["finalized_at"].reindex(differing["receipt_id"]).to_numpy(),
            "created_at": finalized["stacker_verified_at"]
            .reindex(differing["receipt_id"])
            .to_numpy(),
        }
    )
