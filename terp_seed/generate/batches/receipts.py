"""The delivery tables: lots, intake sessions, purchase orders and bills for owned stock.

Each supplier delivery is one purchase order, one intake session and one lot (they share the
receipt's id); office-owned stock is bought outright and billed at intake.
"""

import dataclasses

import numpy as np
import pandas as pd

from terp_seed.generate.batches.plan import BatchPlan, ReceiptPlan
from terp_seed.generate.numbering import counted_numbers
from terp_seed.params import SeedParams


def build_lots(receipts: ReceiptPlan) -> pd.DataFrame:
    """One lot per delivery, naming its supplier both ways (client and legacy vendor)."""
    received_at = receipts.frame["received_at"].to_numpy()
    return pd.DataFrame(
        {
            "id": receipts.ids,
            "code": [f"LOT-{i:06d}" for i in receipts.ids],
            "supplier_client_id": receipts.frame["supplier_client_id"].to_numpy(),
            "vendorId": receipts.vendor,
            "date": received_at,
            "notes": None,
            "createdAt": received_at,
            "updatedAt": received_at,
        }
    )


def _payment_due_date(receipts: ReceiptPlan) -> np.ndarray:
    # Consigned deliveries owe nothing until sold; owned stock is due on the vendor's terms.
    due = receipts.day + pd.to_timedelta(receipts.owned_days, unit="D")
    return np.where(receipts.consigned_all, None, due.dt.date.to_numpy())


def _session_terms(receipts: ReceiptPlan) -> np.ndarray:
    return np.where(receipts.consigned_all, "CONSIGNMENT", [t[0] for t in receipts.owned_terms])


def build_intake_sessions(receipts: ReceiptPlan) -> pd.DataFrame:
    """One completed intake session per delivery, with its receipt generated."""
    received_at = receipts.frame["received_at"]
    completed_at = receipts.completed_at.to_numpy()
    return pd.DataFrame(
        {
            "id": receipts.ids,
            "session_number": [
                f"INT-{ts:%Y%m%d}-{i:05d}" for ts, i in zip(received_at, receipts.ids, strict=True)
            ],
            "vendor_id": receipts.frame["supplier_client_id"].to_numpy(),
            "status": "COMPLETED",
            "receive_date": receipts.day.dt.date.to_numpy(),
            "received_by": receipts.received_by,
            "paymentTerms": _session_terms(receipts),
            "payment_due_date": _payment_due_date(receipts),
            "total_amount": receipts.total_amount,
            "amount_paid": 0.0,
            "receipt_generated": 1,
            "receipt_generated_at": completed_at,
            "created_at": received_at.to_numpy(),
            "updated_at": completed_at,
            "completed_at": completed_at,
        }
    )


@dataclasses.dataclass(frozen=True)
class PurchaseOrderPlan:
    """When each delivery was ordered, sent and confirmed; ids and numbers in order time."""

    ids: np.ndarray
    numbers: np.ndarray
    order_day: pd.Series
    created: pd.Series
    sent: pd.Series
    confirmed: pd.Series
    created_by: np.ndarray


def plan_purchase_orders(
    receipts: ReceiptPlan, owners: np.ndarray, rng: np.random.Generator
) -> PurchaseOrderPlan:
    """Each delivery was ordered 3-10 days ahead, in office hours, by an owner."""
    count = len(receipts.ids)
    order_day = receipts.day - pd.to_timedelta(rng.integers(3, 11, count), unit="D")
    created = order_day + pd.to_timedelta(rng.integers(9 * 60, 16 * 60, count), unit="min")
    sent = created + pd.to_timedelta(rng.integers(10, 120, count), unit="min")
    confirmed = sent + pd.to_timedelta(rng.integers(2 * 60, 24 * 60, count), unit="min")
    in_order = np.argsort(created.to_numpy(), kind="stable")
    ids = np.empty(count, dtype=int)
    ids[in_order] = np.arange(1, count + 1)
    numbers = np.empty(count, dtype=object)
    # The app numbers purchase orders PO-YYYY-NNNN (count in the year, plus one).
    in_time = created.iloc[in_order].reset_index(drop=True)
    numbers[in_order] = counted_numbers("PO", in_time, "%Y", 4)
    return PurchaseOrderPlan(
        ids, numbers, order_day, created, sent, confirmed, rng.choice(owners, count)
    )


def build_purchase_orders(receipts: ReceiptPlan, orders: PurchaseOrderPlan) -> pd.DataFrame:
    """One received purchase order per delivery, totalling its batches' cost."""
    delivered = receipts.day.dt.date.to_numpy()
    return (
        pd.DataFrame(
            {
                "id": orders.ids,
                "poNumber": orders.numbers,
                "supplier_client_id": receipts.frame["supplier_client_id"].to_numpy(),
                "vendorId": receipts.vendor,
                "intakeSessionId": receipts.ids,
                "purchaseOrderStatus": "RECEIVED",
                "orderDate": orders.order_day.dt.date.to_numpy(),
                "expectedDeliveryDate": delivered,
                "actualDeliveryDate": delivered,
                "subtotal": receipts.total_amount,
                "tax": 0.0,
                "shipping": 0.0,
                "total": receipts.total_amount,
                "paymentTerms": _session_terms(receipts),
                "paymentDueDate": _payment_due_date(receipts),
                "createdBy": orders.created_by,
                "createdAt": orders.created.to_numpy(),
                "updatedAt": receipts.frame["received_at"].to_numpy(),
                "sentAt": orders.sent.to_numpy(),
                "confirmedAt": orders.confirmed.to_numpy(),
            }
        )
        .sort_values("id")
        .reset_index(drop=True)
    )


def build_purchase_order_items(plan: BatchPlan, orders: PurchaseOrderPlan) -> pd.DataFrame:
    """One purchase order line per batch, received in full."""
    return pd.DataFrame(
        {
            "id": plan.ids,
            "purchaseOrderId": orders.ids[plan.receipt_of_batch],
            "productId": plan.product_ids,
            "quantityOrdered": plan.quantity.astype(float),
            "quantityReceived": plan.quantity.astype(float),
            "cogsMode": "FIXED",
            "unitCost": plan.unit_cogs,
            "totalCost": np.round(plan.cost, 4),
            "supplier_client_id": plan.supplier_client,
            "createdAt": orders.created.to_numpy()[plan.receipt_of_batch],
            "updatedAt": plan.received_at,
        }
    )


def _bill_of_receipt(receipts: ReceiptPlan) -> tuple[np.ndarray, np.ndarray]:
    """(billed receipt positions, bill id of every receipt or 0): owned stock is billed."""
    billed = np.flatnonzero(receipts.owned_any)
    bill_of_receipt = np.zeros(len(receipts.ids), dtype=int)
    bill_of_receipt[billed] = np.arange(1, len(billed) + 1)
    return billed, bill_of_receipt


def build_bill_line_items(
    plan: BatchPlan, receipts: ReceiptPlan, products: pd.DataFrame, product_index: np.ndarray
) -> pd.DataFrame:
    """One bill line per office-owned batch, at its unit cost."""
    _, bill_of_receipt = _bill_of_receipt(receipts)
    owned = np.flatnonzero(plan.owned)
    codes = np.array([f"BATCH-{i:06d}" for i in plan.ids[owned]], dtype=object)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(owned) + 1),
            "billId": bill_of_receipt[plan.receipt_of_batch[owned]],
            "productId": plan.product_ids[owned],
            "lotId": plan.lot_ids[owned],
            "description": [
                f"{products['nameCanonical'].iloc[p]} ({code})"
                for p, code in zip(product_index[owned], codes, strict=True)
            ],
            "quantity": plan.quantity[owned].astype(float),
            "unitPrice": plan.unit_cogs[owned],
            "taxRate": 0.0,
            "discountPercent": 0.0,
            "lineTotal": np.round(plan.quantity[owned] * plan.unit_cogs[owned], 2),
            "createdAt": plan.received_at[owned],
        }
    )


def build_bills(
    params: SeedParams, receipts: ReceiptPlan, bill_lines: pd.DataFrame
) -> pd.DataFrame:
    """One bill per delivery that held office-owned stock, unpaid at intake."""
    billed, _ = _bill_of_receipt(receipts)
    bill_ids = np.arange(1, len(billed) + 1)
    bill_day = receipts.day.iloc[billed].reset_index(drop=True)
    total = bill_lines.groupby("billId")["lineTotal"].sum().reindex(bill_ids).to_numpy().round(2)
    due_day = bill_day + pd.to_timedelta(receipts.owned_days[billed], unit="D")
    completed = receipts.completed_at.to_numpy()[billed]
    return pd.DataFrame(
        {
            "id": bill_ids,
            "billNumber": counted_numbers("BILL", bill_day, "%Y", 6),
            "vendorId": receipts.vendor[billed],
            "billDate": bill_day.dt.date.to_numpy(),
            "dueDate": due_day.dt.date.to_numpy(),
            "subtotal": total,
            "taxAmount": 0.0,
            "discountAmount": 0.0,
            "totalAmount": total,
            "amountPaid": 0.0,
            "amountDue": total,
            # Unpaid at intake; the ledger family records payments and moves the status on.
            "status": np.where(due_day.to_numpy() < pd.Timestamp(params.end), "OVERDUE", "PENDING"),
            "paymentTerms": [receipts.owned_terms[r][0] for r in billed],
            "notes": None,
            "referenceType": "LOT",
            "referenceId": receipts.ids[billed],
            "createdBy": receipts.bill_creators,
            "createdAt": completed,
            "updatedAt": completed,
        }
    )
