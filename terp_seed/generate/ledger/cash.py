"""Build `cash_locations` and `cash_location_transactions`: the cash the dashboard counts.

TERP's owner dashboard shows cash on hand as the sum of `cash_locations.current_balance` (the
stored balance, not a sum of rows), less scheduled payables. This business holds all its cash
in its operating bank account, so it keeps one location for it: every deposit is an IN row
and every payment, refund or overhead an OUT row, positive amounts, in the register's order,
and the stored balance is their net, which is also the bank balance and the ledger's Cash.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.payments import PAYMENT_METHODS as BUYER_PAYMENT_METHODS
from terp_seed.generate.ledger.common import ints
from terp_seed.terp.receivables import PAYMENT_METHOD_DEFAULTS


def _reference(register: pd.DataFrame, payments: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(reference_type, reference_id) per register row, in the app's words.

    A supplier payment is a VENDOR_PAYMENT (its payment's id); everything else the bookkeeper
    records by hand (MANUAL), a buyer's receipt or refund with its payment's id.
    """
    payment_id = pd.to_numeric(register["paymentId"]).to_numpy()
    vendor = payments.set_index(ints(payments["id"]))["vendorId"].notna()
    is_vendor = vendor.reindex(payment_id).fillna(False).to_numpy(dtype=bool)
    kind = np.where(is_vendor, "VENDOR_PAYMENT", "MANUAL")
    return kind, pd.array(payment_id, dtype="Int64")


def build_cash_locations(
    bank_account: pd.Series, register: pd.DataFrame, created: pd.Timestamp
) -> pd.DataFrame:
    """`cash_locations`: the operating account, its balance the net of the register."""
    signed = np.where(register["transactionType"] == "DEPOSIT", 1, -1) * register["cents"]
    return pd.DataFrame(
        {
            "id": [1],
            "name": [f"{bank_account['accountName']} ({bank_account['bankName']})"],
            "current_balance": [int(signed.sum()) / 100.0],
            "is_active": [1],
            "created_at": [created],
            "updated_at": [pd.to_datetime(register["createdAt"]).max()],
        }
    )


def build_cash_location_transactions(
    register: pd.DataFrame,
    payments: pd.DataFrame,
    expenses: pd.DataFrame,
    owner: int,
) -> pd.DataFrame:
    """`cash_location_transactions`: each register movement as IN or OUT of the location."""
    kind, reference_id = _reference(register, payments)
    made_by = payments.set_index(ints(payments["id"]))["createdBy"]
    by_expense = expenses.set_index("expenseNumber")["createdBy"]
    payment_id = pd.to_numeric(register["paymentId"]).to_numpy()
    created_by = made_by.reindex(payment_id).to_numpy()
    from_expense = by_expense.reindex(register["referenceNumber"]).to_numpy()
    created_by = np.where(pd.isna(created_by), from_expense, created_by)
    created_by = np.where(pd.isna(created_by), owner, created_by).astype(np.int64)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(register) + 1),
            "location_id": 1,
            "transaction_type": np.where(register["transactionType"] == "DEPOSIT", "IN", "OUT"),
            "amount": register["cents"].to_numpy() / 100.0,
            "description": register["description"].to_numpy(),
            "reference_type": kind,
            "reference_id": reference_id,
            "transfer_to_location_id": pd.array([None] * len(register), dtype="Int64"),
            "transfer_from_location_id": pd.array([None] * len(register), dtype="Int64"),
            "created_by": created_by,
            "created_at": pd.to_datetime(register["createdAt"]).to_numpy(),
        }
    )


def build_paymentMethods(payments: pd.DataFrame, created: pd.Timestamp) -> pd.DataFrame:
    """`paymentMethods`: the app's default list; active are the ones money actually moved by.

    Card processors and payment apps do not serve a cannabis business, so only the methods it
    takes from buyers and those its suppliers are paid by are switched on.
    """
    used = {m for m, _ in BUYER_PAYMENT_METHODS} | set(
        payments["paymentMethod"].dropna().astype(str)
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, len(PAYMENT_METHOD_DEFAULTS) + 1),
            "code": [code for code, _, _ in PAYMENT_METHOD_DEFAULTS],
            "name": [name for _, name, _ in PAYMENT_METHOD_DEFAULTS],
            "description": [text for _, _, text in PAYMENT_METHOD_DEFAULTS],
            "isActive": [int(code in used) for code, _, _ in PAYMENT_METHOD_DEFAULTS],
            "sortOrder": np.arange(len(PAYMENT_METHOD_DEFAULTS)),
            "createdAt": created,
            "updatedAt": created,
        }
    )
