"""Build `client_transactions`: the buyer's ledger TERP's client screens and credit engine read.

TERP's `updateClientStats` recomputes a buyer's totals from this table alone: totalSpent is
the sum of its INVOICE and ORDER rows, totalOwed the sum of those not PAID (at their full
amount: a part-payment is not netted), oldestDebtDays the age of the oldest unpaid one. So an
invoice is written as the money it settled and the money still open: one PAID row for what
the buyer paid or was credited and kept (the invoice less its refund credits and what is
still due), one unpaid row for what it still owes (PENDING, or OVERDUE once past due). VOID
invoices (returned orders) left nothing spent or owed and have no row. Each buyer payment is a
PAYMENT row and each cash refund a REFUND row, as the app's quick-payment path writes them
(positive amounts, PAID, metadata naming the payment), which the stats do not count.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.money import cents


def _settled_day(
    invoices: pd.DataFrame,
    payments: pd.DataFrame,
    allocations: pd.DataFrame,
    applications: pd.DataFrame,
) -> pd.Series:
    """The day each invoice last received money or credit (NaT if never)."""
    received = allocations.merge(
        payments[["id", "paymentDate"]], left_on="payment_id", right_on="id"
    )
    last_receipt = pd.to_datetime(received.groupby("invoice_id")["paymentDate"].max())
    last_credit = pd.to_datetime(applications.groupby("invoiceId")["appliedDate"].max())
    last_credit = last_credit.dt.normalize()
    both = pd.concat([last_receipt, last_credit], axis=1).max(axis=1)
    return both.reindex(invoices["id"].to_numpy())


def _invoice_rows(
    invoices: pd.DataFrame, credits: pd.DataFrame, settled_day: pd.Series
) -> pd.DataFrame:
    """Per non-void invoice: its kept (PAID) part and its open part, zero parts dropped."""
    refunds = credits[credits["creditReason"] == "REFUND"]
    refunded = (
        pd.Series(cents(refunds["creditAmount"]), index=refunds.index)
        .groupby(refunds["transactionId"].to_numpy())
        .sum()
        .reindex(invoices["id"].to_numpy(), fill_value=0)
        .to_numpy()
    )
    live = (invoices["status"] != "VOID").to_numpy()
    open_cents = cents(invoices["amountDue"])
    kept_cents = cents(invoices["totalAmount"]) - refunded - open_cents
    if (kept_cents[live] < 0).any():
        raise ValueError("an invoice kept less than nothing: refunds exceed what was paid")
    day = pd.to_datetime(invoices["invoiceDate"]).to_numpy()
    common = {
        "client_id": invoices["customerId"].to_numpy(),
        "transaction_number": invoices["invoiceNumber"].to_numpy(),
        "transaction_date": day,
        "invoice_id": invoices["id"].to_numpy(),
        "order_id": invoices["referenceId"].to_numpy(),
    }
    kept = pd.DataFrame(
        {
            **common,
            "cents": kept_cents,
            "payment_status": "PAID",
            "payment_date": settled_day.to_numpy(),
            "payment_cents": kept_cents,
            "notes": np.where(
                open_cents > 0, "Paid part of the invoice", "Invoice paid (net of credits)"
            ),
        }
    )[live & (kept_cents > 0)]
    status = invoices["status"].to_numpy()
    still_open = pd.DataFrame(
        {
            **common,
            "cents": open_cents,
            "payment_status": np.where(status == "OVERDUE", "OVERDUE", "PENDING"),
            "payment_date": pd.NaT,
            "payment_cents": None,
            "notes": np.where(
                kept_cents > 0, "Open balance of a part-paid invoice", "Invoice open"
            ),
        }
    )[live & (open_cents > 0)]
    rows = pd.concat([kept, still_open])
    return rows.sort_index(kind="stable").reset_index(drop=True)


def _payment_rows(payments: pd.DataFrame) -> pd.DataFrame:
    """A PAYMENT row per buyer receipt, a REFUND row per cash refund, as the app writes them."""
    buyer = payments[payments["customerId"].notna()]
    return pd.DataFrame(
        {
            "client_id": buyer["customerId"].astype(int).to_numpy(),
            "transaction_number": None,
            "transaction_date": pd.to_datetime(buyer["paymentDate"]).to_numpy(),
            "cents": cents(buyer["amount"]),
            "payment_status": "PAID",
            "payment_date": pd.NaT,
            "payment_cents": None,
            "notes": [
                f"{'Payment' if t == 'RECEIVED' else 'Refund'} {n} - {m}"
                for t, n, m in zip(
                    buyer["paymentType"],
                    buyer["paymentNumber"],
                    buyer["paymentMethod"],
                    strict=True,
                )
            ],
            "type": np.where(buyer["paymentType"] == "RECEIVED", "PAYMENT", "REFUND"),
            "payment_id": buyer["id"].to_numpy(),
            "created_at": pd.to_datetime(buyer["createdAt"]).to_numpy(),
        }
    )


def build_client_transactions(
    invoices: pd.DataFrame,
    payments: pd.DataFrame,
    allocations: pd.DataFrame,
    credits: pd.DataFrame,
    applications: pd.DataFrame,
) -> pd.DataFrame:
    """`client_transactions`: invoices split into kept and open parts, payments and refunds."""
    settled_day = _settled_day(invoices, payments, allocations, applications)
    invoice_rows = _invoice_rows(invoices, credits, settled_day)
    created = pd.Series(pd.to_datetime(invoices["createdAt"]).to_numpy(), index=invoices["id"])
    invoice_rows = invoice_rows.assign(
        type="INVOICE",
        metadata=[
            json.dumps({"invoiceId": int(i), "orderId": int(o)})
            for i, o in zip(invoice_rows["invoice_id"], invoice_rows["order_id"], strict=True)
        ],
        created_at=created.reindex(invoice_rows["invoice_id"]).to_numpy(),
    )
    payment_rows = _payment_rows(payments)
    payment_rows["metadata"] = [
        json.dumps({"referenceType": "PAYMENT", "referenceId": int(p)})
        for p in payment_rows["payment_id"]
    ]
    rows = pd.concat([invoice_rows, payment_rows], ignore_index=True)
    rows = rows.sort_values(["created_at", "client_id"], kind="stable").reset_index(drop=True)
    payment_cents = pd.to_numeric(rows["payment_cents"])
    updated = pd.to_datetime(rows["payment_date"]).fillna(rows["created_at"])
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "client_id": rows["client_id"].astype(np.int64).to_numpy(),
            "transaction_type": rows["type"].to_numpy(),
            "transaction_number": rows["transaction_number"].to_numpy(),
            "transaction_date": pd.to_datetime(rows["transaction_date"]).dt.date.to_numpy(),
            "amount": rows["cents"].astype(np.int64).to_numpy() / 100.0,
            "payment_status": rows["payment_status"].to_numpy(),
            "payment_date": pd.to_datetime(rows["payment_date"]).dt.date.to_numpy(),
            "payment_amount": (payment_cents / 100.0).to_numpy(),
            "notes": rows["notes"].to_numpy(),
            "metadata": rows["metadata"].to_numpy(),
            "created_at": rows["created_at"].to_numpy(),
            "updated_at": np.maximum(updated.to_numpy(), rows["created_at"].to_numpy()),
        }
    )
