"""`client_ledger_adjustments`: the credits TERP's client ledger would otherwise not show.

TERP's client ledger screen (server/routers/clientLedger.ts) runs a buyer's balance from its
sale orders, the payments it made and was sent back, and manual adjustments; it does not read
`credits` or write-offs. So every time the office gave a buyer credit (a refund or a return)
or wrote a debt off, the bookkeeper entered a CREDIT adjustment on that buyer's ledger for the
same amount and day, and the buyer's statement shows what it no longer owes.
"""

import numpy as np
import pandas as pd

# The transactions rows the write-off path creates (WO-00001, ...).
WRITE_OFF_PREFIX = "WO-"


def build_client_ledger_adjustments(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One CREDIT adjustment per credit issued and per bad debt written off, oldest first.

    Args:
        tables: credits, transactions.

    Returns:
        The client_ledger_adjustments frame.
    """
    credits = tables["credits"]
    transactions = tables["transactions"]
    write_offs = transactions[transactions["transactionNumber"].str.startswith(WRITE_OFF_PREFIX)]
    given = pd.DataFrame(
        {
            "client_id": credits["clientId"].astype(int).to_numpy(),
            "amount": credits["creditAmount"].astype(float).to_numpy(),
            "description": [
                f"Credit {number} ({reason.lower()}): {notes}"
                for number, reason, notes in zip(
                    credits["creditNumber"],
                    credits["creditReason"],
                    credits["notes"].fillna(""),
                    strict=True,
                )
            ],
            "at": pd.to_datetime(credits["createdAt"]).to_numpy(),
            "created_by": credits["createdBy"].astype(int).to_numpy(),
        }
    )
    written = pd.DataFrame(
        {
            "client_id": write_offs["clientId"].astype(int).to_numpy(),
            "amount": write_offs["amount"].astype(float).abs().to_numpy(),
            "description": [
                f"{n}: {notes}"
                for n, notes in zip(
                    write_offs["transactionNumber"], write_offs["notes"].fillna(""), strict=True
                )
            ],
            "at": pd.to_datetime(write_offs["createdAt"]).to_numpy(),
            "created_by": write_offs["createdBy"].astype(int).to_numpy(),
        }
    )
    rows = pd.concat([given, written], ignore_index=True).sort_values(
        ["at", "client_id"], kind="stable", ignore_index=True
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "client_id": rows["client_id"].to_numpy(),
            "transaction_type": "CREDIT",
            "amount": rows["amount"].to_numpy(),
            "description": rows["description"].to_numpy(),
            "effective_date": rows["at"].dt.strftime("%Y-%m-%d").to_numpy(),
            "created_by": rows["created_by"].to_numpy(),
            "created_at": rows["at"].to_numpy(),
        }
    )
