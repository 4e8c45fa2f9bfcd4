"""The batch tables: each batch, its workflow history and its INTAKE movement."""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.batches.plan import BatchPlan, ReceiptPlan
from terp_seed.terp.catalog import CLASS_BY_KEY


def _metadata(plan: BatchPlan) -> list[str]:
    """The batch metadata JSON: sales class, grow type, list price, potency and COA code."""
    grow = [CLASS_BY_KEY[k].subcategory for k in plan.classes]
    harvest = [f"H{ts:%y%m}-{i:05d}" for ts, i in zip(plan.received_at, plan.ids, strict=True)]
    return [
        json.dumps(
            {
                "salesClass": key,
                "growType": g if CLASS_BY_KEY[key].is_flower else None,
                "listPrice": CLASS_BY_KEY[key].list_price,
                "uom": CLASS_BY_KEY[key].uom,
                "thcPercent": float(t),
                "harvestCode": h,
                "coa": f"COA-{h}",
            }
        )
        for key, g, t, h in zip(plan.classes, grow, plan.thc, harvest, strict=True)
    ]


def _batch_status(plan: BatchPlan) -> np.ndarray:
    """LIVE once ready; held ones ON_HOLD or QUARANTINED; the rest still AWAITING_INTAKE."""
    return np.select(
        [plan.quarantined, plan.held, plan.in_pipeline()],
        ["QUARANTINED", "ON_HOLD", "AWAITING_INTAKE"],
        default="LIVE",
    )


def build_batches(plan: BatchPlan, workflow: dict[str, int]) -> pd.DataFrame:
    """Each batch as it stood after intake: full on hand, in its workflow column at as-of.

    Only LIVE batches are offered (publishB2b); held ones and those still in the queue are not.
    """
    quarantined = plan.quarantined
    held = plan.held
    status = _batch_status(plan)
    return pd.DataFrame(
        {
            "id": plan.ids,
            "code": [f"BATCH-{i:06d}" for i in plan.ids],
            "version": 1,
            "sku": [
                f"{k}-{ts:%y%m%d}-{i:06d}"
                for k, ts, i in zip(plan.classes, plan.received_at, plan.ids, strict=True)
            ],
            "productId": plan.product_ids,
            "lotId": plan.lot_ids,
            "batchStatus": status,
            "isPhotographyComplete": 0,
            "statusId": [workflow[slug] for slug in plan.stage()],
            "grade": plan.grade,
            "isSample": 0,
            "sampleOnly": 0,
            "sampleAvailable": 0,
            "cogsMode": "FIXED",
            "unitCogs": plan.unit_cogs,
            "paymentTerms": plan.payment_terms,
            "ownership_type": np.where(plan.owned, "OFFICE_OWNED", "CONSIGNED"),
            "amountPaid": 0.0,
            "metadata": _metadata(plan),
            "onHandQty": plan.quantity.astype(float),
            "sampleQty": 0.0,
            "reservedQty": 0.0,
            "quarantineQty": np.where(quarantined, plan.quantity, 0.0),
            "holdQty": np.where(held & ~quarantined, plan.quantity, 0.0),
            "defectiveQty": 0.0,
            "publishEcom": 0,
            "publishB2b": (status == "LIVE").astype(int),
            "createdAt": plan.received_at,
            "updatedAt": plan.last_move(),
        }
    )


# Why a batch was stopped at its check: quarantine for a failed test, a hold for paperwork.
QUARANTINE_REASONS = np.array(
    [
        "Quarantined: failed moisture test",
        "Quarantined: mold spotted on visual check",
        "Quarantined: pesticide screen flagged, awaiting retest",
    ]
)
HOLD_REASONS = np.array(
    [
        "Held: COA missing from the manifest",
        "Held: weight short of the manifest, vendor asked to confirm",
        "Held: labels do not match the manifest",
    ]
)


def _hold_reasons(plan: BatchPlan, mask: np.ndarray) -> np.ndarray:
    """The reason each held batch was stopped, chosen by its id (quarantine or paperwork)."""
    ids = plan.ids[mask]
    return np.where(
        plan.quarantined[mask],
        QUARANTINE_REASONS[ids % len(QUARANTINE_REASONS)],
        HOLD_REASONS[ids % len(HOLD_REASONS)],
    )


def build_batch_status_history(plan: BatchPlan, workflow: dict[str, int]) -> pd.DataFrame:
    """Each batch's walk through the workflow queue by as-of, one row per move, in time order."""
    parts = []
    for from_slug, to_slug, when, happened, note in plan.steps():
        # Moves after as-of have not happened yet: the batch waits in its current column.
        mask = happened & np.asarray(when <= plan.as_of)
        rows = int(mask.sum())
        parts.append(
            pd.DataFrame(
                {
                    "batchId": plan.ids[mask],
                    "fromStatusId": pd.array(
                        np.full(rows, workflow[from_slug]) if from_slug else [None] * rows,
                        dtype="Int64",
                    ),
                    "toStatusId": workflow[to_slug],
                    "changedBy": plan.changed_by[mask],
                    "notes": _hold_reasons(plan, mask) if to_slug == "on-hold" else note,
                    "createdAt": when[mask],
                }
            )
        )
    history = pd.concat(parts, ignore_index=True)
    history = history.sort_values(
        ["createdAt", "batchId", "toStatusId"], kind="stable"
    ).reset_index(drop=True)
    history.insert(0, "id", np.arange(1, len(history) + 1))
    return history


def build_inventory_movements(plan: BatchPlan, receipts: ReceiptPlan) -> pd.DataFrame:
    """One INTAKE movement per batch: its whole quantity, received by the receipt's clerk."""
    movements = (
        pd.DataFrame(
            {
                "batchId": plan.ids,
                "inventoryMovementType": "INTAKE",
                "quantityChange": plan.quantity.astype(float),
                "quantityBefore": 0.0,
                "quantityAfter": plan.quantity.astype(float),
                "referenceType": "INTAKE_SESSION",
                "referenceId": plan.lot_ids,
                "notes": "Received on intake",
                "performedBy": receipts.received_by[plan.receipt_of_batch],
                "createdAt": plan.received_at,
            }
        )
        .sort_values(["createdAt", "batchId"], kind="stable")
        .reset_index(drop=True)
    )
    movements.insert(0, "id", np.arange(1, len(movements) + 1))
    return movements


def build_intake_session_batches(plan: BatchPlan) -> pd.DataFrame:
    """Each batch on the intake session (= delivery) that received it, at its agreed cost."""
    return pd.DataFrame(
        {
            "id": plan.ids,
            "intake_session_id": plan.lot_ids,
            "batch_id": plan.ids,
            "received_qty": plan.quantity.astype(float),
            "unit_cost": plan.unit_cogs,
            "total_cost": np.round(plan.cost, 4),
            "cogs_agreement": np.where(
                plan.owned,
                "Purchased outright at intake",
                "Consignment: paid at unit cost once sold",
            ),
            "created_at": plan.received_at,
            "updated_at": plan.received_at,
        }
    )
