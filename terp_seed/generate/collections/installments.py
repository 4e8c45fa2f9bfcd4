"""`installment_plans` and `installments`: payment plans agreed with buyers behind on an invoice.

A buyer still owing on an invoice past its due date at as-of, who has nonetheless paid part of
it since it fell due, is on a payment plan: the office agreed one shortly before that first
late payment. The plan covers what was owed on that day; its past installments are the
payments the buyer really made (each PAID, due and paid on its day), and what is still owed is
split into monthly installments, as TERP's installmentPayments router lays out a schedule:
- a buyer who paid within the last six weeks keeps its plan ACTIVE, the rest falling due after
  as-of (the next PENDING, the others SCHEDULED);
- a buyer who stopped paying longer ago has DEFAULTED: its missed installments, due monthly
  after its last payment and before as-of, are OVERDUE.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.money import cents
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

# Still-owed invoices the collections desk works on.
OWED_STATUSES = ("PARTIAL", "OVERDUE")
# Installments the rest of the balance is split into, and how far apart they fall.
FUTURE_INSTALLMENTS = (2, 4)
MONTH = pd.DateOffset(months=1)
# A plan whose last payment is older than this at as-of has been given up on.
DEFAULT_AFTER = pd.Timedelta(days=45)
# The first installment still to come falls due a week after as-of.
NEXT_DUE_AFTER = pd.Timedelta(days=7)


def plan_payments(tables: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> pd.DataFrame:
    """The allocations a plan explains: payments on owed, past-due invoices after the due date.

    Returns:
        One row per allocation: invoice_id, payment_id, allocated_amount, allocated_at, and
        the invoice's customerId, invoiceNumber and amountDue.
    """
    invoices = tables["invoices"]
    owed = invoices[
        invoices["status"].isin(OWED_STATUSES)
        & (invoices["amountDue"].astype(float) > 0)
        & (pd.to_datetime(invoices["dueDate"]) < as_of.normalize())
    ]
    allocations = tables["invoice_payments"].merge(
        owed[["id", "customerId", "invoiceNumber", "amountDue", "dueDate"]],
        left_on="invoice_id",
        right_on="id",
        suffixes=("", "_invoice"),
    )
    allocations["allocated_at"] = pd.to_datetime(allocations["allocated_at"])
    late = allocations["allocated_at"] > pd.to_datetime(allocations["dueDate"]) + pd.Timedelta(
        days=1
    )
    return allocations[late].sort_values(["invoice_id", "allocated_at", "payment_id"])


def build_installment_plans(
    params: SeedParams, tables: dict[str, pd.DataFrame], as_of: pd.Timestamp, owner: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`installment_plans` and their `installments`.

    Args:
        params: The run's parameters (seed).
        tables: invoices, invoice_payments.
        as_of: The seed's now.
        owner: The owner who agrees plans.

    Returns:
        (installment_plans, installments).
    """
    rng = stream(params.seed, "collections", "installment_plans")
    paid = plan_payments(tables, as_of)
    by_invoice = paid.groupby("invoice_id", sort=True)
    first = by_invoice["allocated_at"].min()
    agreed = (first - pd.to_timedelta(rng.uniform(1, 4, len(first)), unit="D")).dt.floor("min")
    due_day = pd.to_datetime(by_invoice["dueDate"].first())
    agreed = agreed.where(agreed > due_day, first - pd.Timedelta(hours=1))
    remaining = by_invoice["amountDue"].first().astype(float)
    paid_total = by_invoice["allocated_amount"].sum()
    future = rng.integers(FUTURE_INSTALLMENTS[0], FUTURE_INSTALLMENTS[1] + 1, len(first))
    last = by_invoice["allocated_at"].max()
    defaulted = ((as_of - last) > DEFAULT_AFTER).to_numpy()
    # A defaulted plan's missed installments all fell due before as-of, one a month.
    months_since = ((as_of - last).dt.days // 31).to_numpy()
    future = np.where(defaulted, np.clip(np.minimum(future, months_since), 1, None), future)
    counts = by_invoice.size().to_numpy()
    plans = pd.DataFrame(
        {
            "id": np.arange(1, len(first) + 1),
            "invoice_id": first.index.to_numpy(),
            "order_id": None,
            "client_id": by_invoice["customerId"].first().astype(int).to_numpy(),
            "plan_name": [f"Payment plan for {n}" for n in by_invoice["invoiceNumber"].first()],
            "total_amount": (cents(paid_total) + cents(remaining)) / 100,
            "number_of_installments": counts + future,
            "frequency": "CUSTOM",
            "first_payment_date": first.dt.strftime("%Y-%m-%d").to_numpy(),
            "down_payment_amount": 0.0,
            "total_paid": cents(paid_total) / 100,
            "remaining_balance": cents(remaining) / 100,
            "status": np.where(defaulted, "DEFAULTED", "ACTIVE"),
            "interest_rate": 0.0,
            "late_fee_amount": 0.0,
            "notes": "Agreed by phone after the invoice fell past due",
            "deleted_at": pd.NaT,
            "created_at": agreed.to_numpy(),
            "updated_at": last.to_numpy(),
            "created_by": owner,
        }
    )
    starts = np.where(defaulted, last.dt.normalize() + MONTH, as_of.normalize() + NEXT_DUE_AFTER)
    return plans, build_installments(plans, paid, future, pd.DatetimeIndex(starts))


def _future_installments(plans: pd.DataFrame, future: np.ndarray, starts: pd.DatetimeIndex):
    """The rest of each plan's balance, split to the cent into monthly installments."""
    plan_of = np.repeat(plans["id"].to_numpy(), future)
    order = np.concatenate([np.arange(n) for n in future]) if len(future) else np.array([], int)
    owed = np.repeat(cents(plans["remaining_balance"]), future)
    parts = np.repeat(future, future)
    share = owed // parts
    # The last installment takes the cents the split leaves over.
    amount = share + np.where(order == parts - 1, owed - share * parts, 0)
    first_due = np.repeat(starts, future)
    due = [start + MONTH * int(k) for start, k in zip(first_due, order, strict=True)]
    return plan_of, order, amount, due


def build_installments(
    plans: pd.DataFrame, paid: pd.DataFrame, future: np.ndarray, starts: pd.DatetimeIndex
) -> pd.DataFrame:
    """`installments`: the payments each plan was paid by, then what falls due after as-of."""
    plan_ids = pd.Series(plans["id"].to_numpy(), index=plans["invoice_id"].to_numpy())
    done = pd.DataFrame(
        {
            "plan_id": plan_ids.reindex(paid["invoice_id"].to_numpy()).to_numpy(),
            "due_date": paid["allocated_at"].dt.strftime("%Y-%m-%d").to_numpy(),
            "amount_due": paid["allocated_amount"].astype(float).to_numpy(),
            "amount_paid": paid["allocated_amount"].astype(float).to_numpy(),
            "paid_date": paid["allocated_at"].dt.strftime("%Y-%m-%d").to_numpy(),
            "payment_id": paid["payment_id"].astype(int).to_numpy(),
            "installment_status": "PAID",
            "created_at": paid["allocated_at"].to_numpy(),
        }
    )
    plan_of, order, amount, due = _future_installments(plans, future, starts)
    defaulted = pd.Series(plans["status"].to_numpy() == "DEFAULTED", index=plans["id"].to_numpy())
    missed = defaulted.reindex(plan_of).to_numpy()
    created = pd.Series(plans["created_at"].to_numpy(), index=plans["id"].to_numpy())
    ahead = pd.DataFrame(
        {
            "plan_id": plan_of,
            "due_date": [d.strftime("%Y-%m-%d") for d in due],
            "amount_due": amount / 100,
            "amount_paid": 0.0,
            "paid_date": None,
            "payment_id": None,
            "installment_status": np.where(
                missed, "OVERDUE", np.where(order == 0, "PENDING", "SCHEDULED")
            ),
            "created_at": created.reindex(plan_of).to_numpy(),
        }
    )
    rows = pd.concat([done, ahead], ignore_index=True).sort_values(
        ["plan_id", "due_date"], kind="stable", ignore_index=True
    )
    rows.insert(0, "id", np.arange(1, len(rows) + 1))
    rows.insert(2, "installment_number", rows.groupby("plan_id").cumcount().to_numpy() + 1)
    rows["late_fee_applied"] = 0.0
    rows["reminder_sent_at"] = pd.NaT
    rows["notes"] = None
    rows["updated_at"] = rows["created_at"]
    return rows
