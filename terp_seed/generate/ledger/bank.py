"""The bank: one operating account whose register is every cash movement, opened by capital."""

import numpy as np
import pandas as pd

from terp_seed.generate.ledger.common import ints, statement_closed
from terp_seed.generate.money import cents

# Opening capital: the deepest the cash would go, rounded up to this step, plus a cushion.
EQUITY_STEP_CENTS = 50_000_00
EQUITY_CUSHION_CENTS = 250_000_00


def bank_register(
    payments: pd.DataFrame, expenses: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Every payment and expense as a deposit or withdrawal (cents), in time order."""
    pay_closed, pay_reconciled = statement_closed(payments["paymentDate"], as_of)
    exp_closed, exp_reconciled = statement_closed(expenses["expenseDate"], as_of)
    received = (payments["paymentType"] == "RECEIVED").to_numpy()
    register = pd.concat(
        [
            pd.DataFrame(
                {
                    "transactionDate": pd.to_datetime(payments["paymentDate"]),
                    "transactionType": np.where(received, "DEPOSIT", "WITHDRAWAL"),
                    "cents": cents(payments["amount"]),
                    "description": np.where(
                        received,
                        "Deposit: " + payments["paymentNumber"],
                        "Payment sent: " + payments["paymentNumber"],
                    ),
                    "referenceNumber": payments["referenceNumber"].to_numpy(),
                    "paymentId": ints(payments["id"]),
                    "isReconciled": pay_closed.astype(int),
                    "reconciledAt": pay_reconciled,
                    "createdAt": pd.to_datetime(payments["createdAt"]),
                }
            ),
            pd.DataFrame(
                {
                    "transactionDate": pd.to_datetime(expenses["expenseDate"]),
                    "transactionType": "WITHDRAWAL",
                    "cents": cents(expenses["totalAmount"]),
                    "description": expenses["description"].to_numpy(),
                    "referenceNumber": expenses["expenseNumber"].to_numpy(),
                    "paymentId": None,
                    "isReconciled": exp_closed.astype(int),
                    "reconciledAt": exp_reconciled,
                    "createdAt": pd.to_datetime(expenses["createdAt"]),
                }
            ),
        ],
        ignore_index=True,
    )
    return register.sort_values(["transactionDate", "createdAt"], kind="stable")


def opening_capital(register: pd.DataFrame) -> int:
    """Cents the owners put in: the deepest the register would go, rounded up, plus a cushion."""
    signed = np.where(register["transactionType"] == "DEPOSIT", 1, -1) * register["cents"]
    lowest = int(min(0, np.cumsum(signed.to_numpy()).min(initial=0)))
    return -(-(-lowest) // EQUITY_STEP_CENTS) * EQUITY_STEP_CENTS + EQUITY_CUSHION_CENTS


def with_opening(
    register: pd.DataFrame, equity: int, start: pd.Timestamp, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The register with the owners' opening deposit first, on the window's first morning."""
    open_closed, open_reconciled = statement_closed(pd.Series([start]), as_of)
    opening = pd.DataFrame(
        {
            "transactionDate": [start],
            "transactionType": "DEPOSIT",
            "cents": [equity],
            "description": "Owners' opening capital",
            "referenceNumber": opening_number(start),
            "paymentId": None,
            "isReconciled": open_closed.astype(int),
            "reconciledAt": open_reconciled,
            "createdAt": [opened_at(start)],
        }
    )
    return pd.concat([opening, register], ignore_index=True)


def opening_number(start: pd.Timestamp) -> str:
    """The opening deposit's reference, also its postings' entry number stem."""
    return f"OPEN-{start:%Y%m%d}"


def opened_at(start: pd.Timestamp) -> pd.Timestamp:
    """When the opening capital was deposited: 8:00 on the window's first day."""
    return start + pd.Timedelta(hours=8)


def build_bankTransactions(register: pd.DataFrame, bank_account: int) -> pd.DataFrame:
    """`bankTransactions`: the register of the operating account, one row per movement."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(register) + 1),
            "bankAccountId": bank_account,
            "transactionDate": register["transactionDate"].dt.date.to_numpy(),
            "transactionType": register["transactionType"].to_numpy(),
            "amount": register["cents"].to_numpy() / 100.0,
            "description": register["description"].to_numpy(),
            "referenceNumber": register["referenceNumber"].to_numpy(),
            "paymentId": pd.array(register["paymentId"].to_numpy(), dtype="Int64"),
            "isReconciled": register["isReconciled"].to_numpy(),
            "reconciledAt": register["reconciledAt"].to_numpy(),
            "createdAt": register["createdAt"].to_numpy(),
        }
    )


def build_bankAccounts(
    bank_accounts: pd.DataFrame, bank_account: int, register: pd.DataFrame
) -> pd.DataFrame:
    """`bankAccounts`: the operating account's balance is its register's sum; others hold 0."""
    balance_cents = int(
        np.where(register["transactionType"] == "DEPOSIT", 1, -1) @ register["cents"].to_numpy()
    )
    bank_out = bank_accounts.copy()
    operating = ints(bank_out["id"]) == bank_account
    bank_out["currentBalance"] = np.where(operating, balance_cents / 100.0, 0.0)
    bank_out["updatedAt"] = np.where(
        operating, register["createdAt"].max(), pd.to_datetime(bank_out["updatedAt"])
    )
    bank_out["updatedAt"] = pd.to_datetime(bank_out["updatedAt"])
    return bank_out
