"""Paying suppliers: bills on their terms, consigned stock once sold out, numbered payments."""

import numpy as np
import pandas as pd

from terp_seed.generate.ledger.common import (
    DAY,
    STREAMS,
    business_time,
    days_of,
    ints,
    reference_numbers,
    statement_closed,
)
from terp_seed.generate.money import cents
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

# Bills are paid around their due date: most within a few days, some a few weeks late.
BILL_EARLY_LATE_DAYS = (-3, 2)
BILL_LATE_SHARE = 0.10
BILL_LATE_DAYS = (4, 21)
# Consigned stock is settled in the weekly supplier payment run, on Fridays.
SUPPLIER_RUN_WEEKDAY = 4
VENDOR_TERMS_DAYS = {"NET_7": 7, "NET_15": 15, "NET_30": 30}


def pay_bills(
    params: SeedParams,
    bills: pd.DataFrame,
    supplier: pd.DataFrame,
    owners: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pay each bill around its due date (if by as-of); bills updated to match.

    Returns:
        (bills at as-of, new payment rows without ids or numbers).
    """
    rng = stream(params.seed, STREAMS, "bill_payments")
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    n = len(bills)
    bill_day = days_of(bills["billDate"])
    due = days_of(bills["dueDate"])
    late = rng.random(n) < BILL_LATE_SHARE
    offset = np.where(
        late,
        rng.integers(BILL_LATE_DAYS[0], BILL_LATE_DAYS[1] + 1, n),
        rng.integers(BILL_EARLY_LATE_DAYS[0], BILL_EARLY_LATE_DAYS[1] + 1, n),
    )
    pay_day = due + pd.to_timedelta(offset, unit="D")
    pay_day = pay_day.where(pay_day > bill_day, bill_day + DAY)
    pay_day = pay_day.where(pay_day >= start, start)
    paid = (pay_day <= as_of).to_numpy()
    vendor = ints(bills["vendorId"])
    client = supplier["client_id"].reindex(vendor).to_numpy()
    method = supplier["method"].reindex(vendor).fillna("ACH").to_numpy()
    stamp = business_time(rng, pay_day)
    out = bills.copy()
    total = cents(bills["totalAmount"])
    out["amountPaid"] = np.where(paid, total, 0) / 100.0
    out["amountDue"] = np.where(paid, 0, total) / 100.0
    approved = rng.random(n) < 0.5
    out["status"] = np.select(
        [paid, (due < as_of).to_numpy(), approved], ["PAID", "OVERDUE", "APPROVED"], "PENDING"
    )
    out["updatedAt"] = np.where(
        paid, stamp.to_numpy(), pd.to_datetime(bills["updatedAt"]).to_numpy()
    )
    created_by = rng.choice(owners, n)
    payments = pd.DataFrame(
        {
            "paymentType": "SENT",
            "paymentDate": pay_day[paid].to_numpy(),
            "amount": total[paid] / 100.0,
            "paymentMethod": method[paid],
            "customerId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "vendorId": client[paid].astype(np.int64),
            "invoiceId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "billId": ints(bills["id"])[paid],
            "notes": [f"Payment of bill {b}" for b in bills["billNumber"].to_numpy()[paid]],
            "createdBy": created_by[paid],
            "createdAt": stamp.to_numpy()[paid],
        }
    )
    return out, payments


def settle_consignment(
    params: SeedParams,
    payables: pd.DataFrame,
    consigned_cost: pd.Series,
    supplier_of_client: pd.DataFrame,
    owners: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Consigned stock owed at its line costs; sold-out batches paid on the supplier's terms.

    Returns:
        (vendor payables at as-of, new payment rows without ids or numbers).
    """
    rng = stream(params.seed, STREAMS, "consignment_payments")
    as_of = pd.Timestamp(params.end)
    out = payables.copy()
    batch_ids = ints(out["batch_id"])
    owed = consigned_cost.reindex(batch_ids).fillna(0).astype(np.int64).to_numpy()
    unowed = consigned_cost[(consigned_cost > 0) & ~consigned_cost.index.isin(batch_ids)]
    if len(unowed):
        raise ValueError(f"consigned batch {unowed.index[0]} sold but has no vendor payable")
    client = ints(out["vendor_client_id"])
    terms = supplier_of_client["terms_days"].reindex(client).fillna(0).to_numpy().astype(int)
    due = days_of(out["due_date"])
    # The supplier run pays on Fridays: on or after the due date plus the supplier's terms.
    earliest = due + pd.to_timedelta(terms, unit="D")
    shift = (SUPPLIER_RUN_WEEKDAY - earliest.dt.dayofweek) % 7
    pay_day = earliest + pd.to_timedelta(shift.fillna(0), unit="D")
    # Due once sold out (the orders family sets the due date then).
    sold_out = due.notna().to_numpy()
    paid = sold_out & (pay_day <= as_of).to_numpy() & (owed > 0)
    stamp = business_time(rng, pay_day.fillna(as_of))
    method = supplier_of_client["method"].reindex(client).fillna("ACH").to_numpy()
    out["total_amount"] = owed / 100.0
    out["amount_paid"] = np.where(paid, owed, 0) / 100.0
    out["amount_due"] = np.where(paid, 0, owed) / 100.0
    out["status"] = np.select([paid, sold_out], ["PAID", "DUE"], "PENDING")
    out["paid_date"] = np.where(paid, pay_day.dt.date.to_numpy(), None)
    out["updated_at"] = np.where(
        paid, stamp.to_numpy(), pd.to_datetime(out["updated_at"]).to_numpy()
    )
    numbers = out["payable_number"].to_numpy()[paid]
    payments = pd.DataFrame(
        {
            "paymentType": "SENT",
            "paymentDate": pay_day[paid].to_numpy(),
            "amount": owed[paid] / 100.0,
            "paymentMethod": method[paid],
            "customerId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "vendorId": client[paid],
            "invoiceId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "billId": pd.array([None] * int(paid.sum()), dtype="Int64"),
            "notes": [f"Consignment settlement of {p}" for p in numbers],
            "createdBy": rng.choice(owners, len(out))[paid],
            "createdAt": stamp.to_numpy()[paid],
            "batch_id": batch_ids[paid],
            "payable_position": np.flatnonzero(paid),
        }
    )
    return out, payments


def number_payments(payments: pd.DataFrame) -> pd.DataFrame:
    """PMT-YYYYMM-NNNNN counted 1..n per month in (paymentDate, id) order, as the app issues."""
    order = payments.assign(_day=pd.to_datetime(payments["paymentDate"])).sort_values(
        ["_day", "id"], kind="stable"
    )
    numbers = pd.Series(counted_numbers("PMT", order["_day"], "%Y%m", 5), index=order.index)
    out = payments.copy()
    out["paymentNumber"] = numbers.reindex(out.index).to_numpy()
    return out


def suppliers_of(clients: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Suppliers: vendors.id <-> clients.id, how they like to be paid, their terms in days."""
    profiles = clients["supplier_profiles"]
    vendors = clients["vendors"].set_index(ints(clients["vendors"]["id"]))
    supplier = pd.DataFrame(
        {
            "client_id": ints(profiles["client_id"]),
            "vendor_id": ints(profiles["legacy_vendor_id"]),
            "method": profiles["preferred_payment_method"].fillna("ACH").to_numpy(),
        }
    )
    supplier["terms_days"] = (
        vendors["paymentTerms"]
        .reindex(supplier["vendor_id"])
        .map(VENDOR_TERMS_DAYS)
        .fillna(0)
        .astype(int)
        .to_numpy()
    )
    return supplier


def sent_payments(
    bill_payments: pd.DataFrame, consignment_payments: pd.DataFrame, first_id: int
) -> pd.DataFrame:
    """Supplier payments in time order with their ids (from `first_id`), not yet numbered."""
    new_payments = pd.concat([bill_payments, consignment_payments], ignore_index=True)
    new_payments = new_payments.sort_values(["createdAt"], kind="stable").reset_index(drop=True)
    new_payments["id"] = np.arange(first_id, first_id + len(new_payments))
    return new_payments


def build_payments(
    params: SeedParams,
    buyer_payments: pd.DataFrame,
    new_payments: pd.DataFrame,
    bank_account: int,
) -> pd.DataFrame:
    """`payments` whole: the buyers' rows as invoiced, then supplier payments, all numbered."""
    rng = stream(params.seed, STREAMS, "payments")
    closed, reconciled_at = statement_closed(new_payments["paymentDate"], pd.Timestamp(params.end))
    n = len(new_payments)
    new_rows = pd.DataFrame(
        {
            "id": new_payments["id"].to_numpy(),
            "paymentNumber": "",
            "paymentType": "SENT",
            "paymentDate": pd.to_datetime(new_payments["paymentDate"]).dt.date.to_numpy(),
            "amount": new_payments["amount"].to_numpy(),
            "paymentMethod": new_payments["paymentMethod"].to_numpy(),
            "referenceNumber": reference_numbers(rng, new_payments["paymentMethod"].to_numpy()),
            "bankAccountId": bank_account,
            "customerId": pd.array([None] * n, dtype="Int64"),
            "vendorId": pd.array(new_payments["vendorId"].to_numpy(), dtype="Int64"),
            "invoiceId": pd.array([None] * n, dtype="Int64"),
            "billId": pd.array(new_payments["billId"], dtype="Int64"),
            "notes": new_payments["notes"].to_numpy(),
            "isReconciled": closed.astype(int),
            "reconciledAt": reconciled_at,
            "createdBy": new_payments["createdBy"].to_numpy().astype(np.int64),
            "createdAt": pd.to_datetime(new_payments["createdAt"]).to_numpy(),
            "updatedAt": pd.to_datetime(new_payments["createdAt"]).to_numpy(),
            "version": 1,
        }
    )
    buyer_payments = buyer_payments[[c for c in new_rows.columns if c in buyer_payments]]
    payments = pd.concat([buyer_payments, new_rows], ignore_index=True)
    payments["paymentDate"] = pd.to_datetime(payments["paymentDate"]).dt.date
    return number_payments(payments)


def build_vendor_payables(
    payables: pd.DataFrame, new_payments: pd.DataFrame, payments: pd.DataFrame
) -> pd.DataFrame:
    """`vendor_payables` at as-of, each settled one naming the payment that settled it."""
    settled = new_payments[new_payments["payable_position"].notna()]
    number_of = payments.set_index("id")["paymentNumber"]
    payable_notes = np.full(len(payables), None, dtype=object)
    if "notes" in payables:
        payable_notes[:] = payables["notes"].astype(object).where(payables["notes"].notna(), None)
    for position, payment_id in zip(
        settled["payable_position"].astype(int), settled["id"], strict=True
    ):
        payable_notes[position] = f"Paid in full by {number_of[payment_id]}"
    payables["notes"] = payable_notes
    return payables


def build_paymentHistory(
    new_payments: pd.DataFrame, payments: pd.DataFrame, supplier: pd.DataFrame
) -> pd.DataFrame:
    """`paymentHistory`: one row per consignment settlement, by batch and vendor."""
    settled = new_payments[new_payments["payable_position"].notna()]
    number_of = payments.set_index("id")["paymentNumber"]
    vendor_of_client = supplier.set_index("client_id")["vendor_id"]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(settled) + 1),
            "batchId": settled["batch_id"].astype(np.int64).to_numpy(),
            "vendorId": vendor_of_client.reindex(settled["vendorId"].astype(int)).to_numpy(),
            "amount": settled["amount"].to_numpy(),
            "paymentDate": pd.to_datetime(settled["createdAt"]).to_numpy(),
            "paymentMethod": settled["paymentMethod"].to_numpy(),
            "notes": [
                f"{number_of[i]}: {n}" for i, n in zip(settled["id"], settled["notes"], strict=True)
            ],
            "recordedBy": settled["createdBy"].astype(np.int64).to_numpy(),
            "createdAt": pd.to_datetime(settled["createdAt"]).to_numpy(),
        }
    )
