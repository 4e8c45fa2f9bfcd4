"""The books: the chart of accounts and the operating bank account."""

import numpy as np
import pandas as pd

from terp_seed.generate.reference.calendar import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.accounts import CHART_OF_ACCOUNTS

STREAMS = "reference"

# The distributor banks with one operating account; every receipt and disbursement goes
# through it, so its register mirrors the Cash account (the ledger family keeps the balance).
OPERATING_BANK_ACCOUNT = ("Operating Account", "Pacific Coast Credit Union", "CHECKING")


def build_accounts(params: SeedParams) -> pd.DataFrame:
    """The chart of accounts, ids in chart order, parents by account number."""
    numbers = [row[0] for row in CHART_OF_ACCOUNTS]
    id_of = {number: i + 1 for i, number in enumerate(numbers)}
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(numbers) + 1),
            "accountNumber": numbers,
            "accountName": [row[1] for row in CHART_OF_ACCOUNTS],
            "accountType": [row[2] for row in CHART_OF_ACCOUNTS],
            "parentAccountId": pd.array(
                [id_of[row[4]] if row[4] else None for row in CHART_OF_ACCOUNTS], dtype="Int64"
            ),
            "isActive": 1,
            "normalBalance": [row[3] for row in CHART_OF_ACCOUNTS],
            "createdAt": created,
            "updatedAt": created,
        }
    )


def build_bank_accounts(params: SeedParams, accounts: pd.DataFrame) -> pd.DataFrame:
    """The one operating account, linked to the Cash ledger account."""
    rng = stream(params.seed, STREAMS, "bank_accounts")
    cash_account = int(accounts.loc[accounts["accountName"] == "Cash", "id"].iloc[0])
    name, bank, kind = OPERATING_BANK_ACCOUNT
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": [1],
            "accountName": [name],
            "accountNumber": [f"****{int(rng.integers(1000, 10_000))}"],
            "bankName": [bank],
            "accountType": [kind],
            "currency": "USD",
            "currentBalance": 0.0,
            "isActive": 1,
            "ledgerAccountId": [cash_account],
            "notes": None,
            "createdAt": created,
            "updatedAt": created,
        }
    )
