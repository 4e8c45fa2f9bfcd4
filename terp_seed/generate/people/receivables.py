"""What each buyer owed, and how late, at any moment: what calls and credit reviews are about.

An invoice is open at moment t by what had been allocated to it by then. Settlements that are
not allocations (credits, refunds) carry no date here, so they are counted as if applied at
once: a buyer is called overdue, or near its limit, only when it was so even on that
generous reading.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.family import Tables

# Half a cent: amounts closer than this are equal.
CENT = 0.005


def invoice_settlements(tables: Tables) -> pd.DataFrame:
    """Every live invoice with its allocations in time order.

    Returns:
        One row per (invoice, allocation) with `paid_through` (allocated so far, credits
        included) and `open_after` (what was still open after it); invoices never allocated
        to have one row with a missing `allocated_at`.
    """
    invoices = tables["invoices"]
    invoices = invoices[invoices["status"] != "VOID"]
    allocations = tables["invoice_payments"].sort_values(["invoice_id", "allocated_at", "id"])
    allocated = allocations.groupby("invoice_id")["allocated_amount"].sum()
    frame = pd.DataFrame(
        {
            "invoice_id": invoices["id"].to_numpy(),
            "client_id": invoices["customerId"].to_numpy(),
            "invoice_number": invoices["invoiceNumber"].to_numpy(),
            "total": invoices["totalAmount"].to_numpy(),
            "invoiced_on": pd.to_datetime(invoices["invoiceDate"]).to_numpy(),
            "due_on": pd.to_datetime(invoices["dueDate"]).to_numpy(),
        }
    )
    allocated_final = frame["invoice_id"].map(allocated).fillna(0.0)
    due_final = invoices["amountDue"].to_numpy()
    frame["undated_settlement"] = np.maximum(frame["total"] - allocated_final - due_final, 0.0)
    steps = frame.merge(
        allocations[["invoice_id", "allocated_amount", "allocated_at"]],
        on="invoice_id",
        how="left",
    )
    steps["allocated_amount"] = steps["allocated_amount"].fillna(0.0)
    steps["paid_through"] = (
        steps.groupby("invoice_id")["allocated_amount"].cumsum() + steps["undated_settlement"]
    )
    steps["open_after"] = (steps["total"] - steps["paid_through"]).clip(lower=0.0)
    return steps


def open_at(steps: pd.DataFrame, moments: pd.DataFrame) -> pd.DataFrame:
    """What each buyer had open at each of its moments, invoice by invoice.

    Args:
        steps: `invoice_settlements` rows.
        moments: Rows with `client_id` and `at` (a timestamp), plus any columns to carry.

    Returns:
        One row per (moment, invoice issued by then and still open then) with `open_amount`
        and `days_late` (whole days past its due date at that moment; <= 0 if not yet due).
    """
    moments = moments.reset_index(drop=True).assign(_moment=lambda m: np.arange(len(m)))
    pairs = moments.merge(
        steps.drop_duplicates("invoice_id")[
            [
                "invoice_id",
                "client_id",
                "invoice_number",
                "total",
                "invoiced_on",
                "due_on",
                "undated_settlement",
            ]
        ],
        on="client_id",
    )
    pairs = pairs[pairs["invoiced_on"] <= pairs["at"].dt.normalize()]
    dated = steps.dropna(subset=["allocated_at"])[["invoice_id", "allocated_at", "paid_through"]]
    paid = pairs[["_moment", "invoice_id", "at"]].merge(dated, on="invoice_id")
    paid = paid[paid["allocated_at"] <= paid["at"]]
    paid_by = paid.groupby(["_moment", "invoice_id"])["paid_through"].max()
    index = pd.MultiIndex.from_frame(pairs[["_moment", "invoice_id"]])
    paid_through = paid_by.reindex(index).to_numpy()
    paid_through = np.where(
        np.isnan(paid_through), pairs["undated_settlement"].to_numpy(), paid_through
    )
    pairs = pairs.assign(open_amount=(pairs["total"].to_numpy() - paid_through).round(2))
    pairs = pairs[pairs["open_amount"] > CENT]
    pairs["days_late"] = (pairs["at"].dt.normalize() - pairs["due_on"]).dt.days
    return pairs.drop(columns="_moment")
