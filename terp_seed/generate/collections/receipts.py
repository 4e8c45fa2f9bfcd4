"""`receipts`: the receipt the office hands a buyer for each payment it takes.

TERP's receipts.generate records the buyer's balance before the payment, the amount and the
balance after it. The balance is what the buyer owed on its standing invoices at that moment:
every invoice issued by the payment's day, less what earlier payments and applied credits had
already settled. Void invoices are left out: the app no longer counts them as owed.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.money import cents
from terp_seed.terp.collections import receipt_number

# Within one moment, an invoice is owed before anything settles it, and a payment after credits.
_INVOICE, _CREDIT, _PAYMENT = 0, 1, 2


def balance_events(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every change to a buyer's balance on standing invoices, in cents, oldest first.

    Returns:
        Columns client_id, at (timestamp), kind, payment_id (payments only), delta (cents).
    """
    invoices = tables["invoices"]
    standing = invoices[invoices["status"] != "VOID"]
    owed = pd.DataFrame(
        {
            "client_id": standing["customerId"].astype(int).to_numpy(),
            "at": pd.to_datetime(standing["createdAt"]).to_numpy(),
            "kind": _INVOICE,
            "payment_id": -1,
            "delta": cents(standing["totalAmount"]),
        }
    )
    # Credit applications point at transactions rows whose number is the invoice's.
    transactions = tables["transactions"].set_index(tables["transactions"]["id"].astype(int))
    applications = tables["creditApplications"]
    numbers = transactions["transactionNumber"].reindex(applications["invoiceId"].astype(int))
    standing_numbers = set(standing["invoiceNumber"])
    on_standing = numbers.isin(standing_numbers).to_numpy()
    applied = applications[on_standing]
    credited = pd.DataFrame(
        {
            "client_id": transactions["clientId"]
            .reindex(applied["invoiceId"].astype(int))
            .astype(int)
            .to_numpy(),
            "at": pd.to_datetime(applied["appliedDate"]).to_numpy(),
            "kind": _CREDIT,
            "payment_id": -1,
            "delta": -cents(applied["amountApplied"]),
        }
    )
    allocations = tables["invoice_payments"]
    allocations = allocations[allocations["invoice_id"].isin(standing["id"])]
    paid = allocations.groupby("payment_id")["allocated_amount"].sum()
    received = received_payments(tables["payments"])
    settled = pd.DataFrame(
        {
            "client_id": received["customerId"].astype(int).to_numpy(),
            "at": pd.to_datetime(received["createdAt"]).to_numpy(),
            "kind": _PAYMENT,
            "payment_id": received["id"].astype(int).to_numpy(),
            "delta": -cents(paid.reindex(received["id"].astype(int)).fillna(0.0)),
        }
    )
    events = pd.concat([owed, credited, settled], ignore_index=True)
    return events.sort_values(["client_id", "at", "kind", "payment_id"], kind="stable")


def received_payments(payments: pd.DataFrame) -> pd.DataFrame:
    """The payments buyers made to the business, in the order they were taken."""
    received = payments[(payments["paymentType"] == "RECEIVED") & payments["customerId"].notna()]
    return received.sort_values(["createdAt", "id"], kind="stable")


def build_receipts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """`receipts`: one PAYMENT receipt per payment received, numbered per calendar year.

    Args:
        tables: invoices, invoice_payments, payments, creditApplications, transactions.

    Returns:
        The receipts frame, one row per received payment, in the order they were taken.
    """
    events = balance_events(tables)
    events["after"] = events.groupby("client_id")["delta"].cumsum()
    payments = events[events["kind"] == _PAYMENT].set_index("payment_id")
    received = received_payments(tables["payments"])
    ids = received["id"].astype(int).to_numpy()
    amount = cents(received["amount"])
    # The balance the payment found: what stood before its own allocations came off.
    before = (payments["after"] - payments["delta"]).reindex(ids).to_numpy()
    taken = pd.to_datetime(received["createdAt"])
    # The receipt is printed as the payment is recorded, by the same person.
    issued = taken
    years = issued.dt.year.to_numpy()
    sequence = pd.Series(years).groupby(years).cumcount().to_numpy() + 1
    return pd.DataFrame(
        {
            "id": np.arange(1, len(received) + 1),
            "receipt_number": [receipt_number(y, s) for y, s in zip(years, sequence, strict=True)],
            "client_id": received["customerId"].astype(int).to_numpy(),
            "transaction_type": "PAYMENT",
            "transaction_id": ids,
            "previous_balance": before / 100,
            "transaction_amount": amount / 100,
            "new_balance": (before - amount) / 100,
            "note": [f"Payment {number}" for number in received["paymentNumber"]],
            "pdf_url": [
                f"/api/receipts/{receipt_number(y, s)}/pdf"
                for y, s in zip(years, sequence, strict=True)
            ],
            "created_by": received["createdBy"].astype(int).to_numpy(),
            "created_at": issued.to_numpy(),
        }
    )
