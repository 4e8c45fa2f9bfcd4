"""`invoice_disputes` and `dispute_notes`: the buyers' complaints about what they were billed.

Two kinds of complaint are in the seeded history:
- every refund credit (short weight, damaged packaging, moisture, late delivery, a price
  match) began as the buyer disputing its invoice; the dispute was RESOLVED by issuing that
  credit, so its adjustment is the credit's amount and it closed when the credit was written;
- buyers who pay chronically late, or are in trouble, sometimes dispute an invoice to buy
  time: the office checks the manifest and REJECTS it before the buyer finally pays (no money
  moves), or, on an invoice still unpaid at as-of, the dispute still stands (OPEN, UNDER_REVIEW,
  or ESCALATED once it is two months old).
Each dispute carries an internal note when it is logged and one when it is settled.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.clients import buyer_tags
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.collections import dispute_number

# Habits whose buyers dispute to delay paying, and how often an invoice of theirs is disputed.
STALLING_HABITS = ("chronic_late", "distressed")
STALL_SHARE = 0.12
# A stalling dispute older than this at as-of has been picked up for review; one older than
# ESCALATE_AFTER has gone to the owners with the rest of the buyer's bad debt.
REVIEW_AFTER = pd.Timedelta(days=7)
ESCALATE_AFTER = pd.Timedelta(days=60)
STALL_CLAIMS = (
    "Buyer says part of the delivery was missing",
    "Buyer says the invoiced price is above what was quoted",
    "Buyer says a case arrived damaged and wants it taken off the bill",
    "Buyer says the invoice was never received",
)


def _credit_disputes(tables: dict[str, pd.DataFrame], rng: np.random.Generator) -> pd.DataFrame:
    """A RESOLVED dispute behind each refund credit, closed when the credit was written."""
    credits = tables["credits"]
    refunds = credits[credits["creditReason"] == "REFUND"]
    numbers = tables["transactions"].set_index(tables["transactions"]["id"].astype(int))
    invoice_number = numbers["transactionNumber"].reindex(refunds["transactionId"].astype(int))
    invoices = tables["invoices"].set_index("invoiceNumber")
    billed = invoices.reindex(invoice_number.to_numpy())
    issued = pd.to_datetime(billed["createdAt"]).to_numpy()
    credited = pd.to_datetime(refunds["createdAt"]).to_numpy()
    keep = (credited > issued) & (billed["status"] != "VOID").to_numpy()
    refunds, billed = refunds[keep], billed[keep]
    issued, credited = issued[keep], credited[keep]
    # Logged some time after the goods arrived, before the credit that settled it.
    created = issued + (credited - issued) * rng.uniform(0.3, 0.8, len(refunds))
    amount = refunds["creditAmount"].astype(float).to_numpy()
    complaint = refunds["notes"].str.split(": ").str[-1].fillna("Complaint")
    return pd.DataFrame(
        {
            "invoice_id": billed["id"].astype(int).to_numpy(),
            "client_id": refunds["clientId"].astype(int).to_numpy(),
            "dispute_status": "RESOLVED",
            "dispute_reason": [f"{c} on invoice {n}" for c, n in zip(complaint, billed.index)],
            # Buyers ask for more than they settle for.
            "disputed_amount": np.round(amount * rng.uniform(1.0, 1.8, len(refunds)), 2),
            "resolution_notes": [f"Settled by credit {n}" for n in refunds["creditNumber"]],
            "adjustment_amount": amount,
            "resolved_at": credited,
            "resolved_by": refunds["createdBy"].astype(int).to_numpy(),
            "created_by": billed["createdBy"].astype(int).to_numpy(),
            "assigned_to": refunds["createdBy"].astype(int).to_numpy(),
            "created_at": created,
        }
    )


def _stalled_invoices(
    tables: dict[str, pd.DataFrame], rng: np.random.Generator, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The stalling buyers' past-due invoices they disputed, with when each was (or is) paid."""
    tags = buyer_tags(tables["clients"])
    stalling = set(tags.loc[tags["habit"].isin(STALLING_HABITS), "client_id"].astype(int))
    invoices = tables["invoices"]
    allocations = tables["invoice_payments"]
    paid_at = pd.to_datetime(allocations.groupby("invoice_id")["allocated_at"].max())
    candidates = invoices[
        invoices["customerId"].astype(int).isin(stalling) & (invoices["status"] != "VOID")
    ].copy()
    candidates["due"] = pd.to_datetime(candidates["dueDate"])
    candidates["paid_at"] = paid_at.reindex(candidates["id"].astype(int)).to_numpy()
    settled = candidates["status"] == "PAID"
    # A dispute opened a few days past due, a week before payment at the latest.
    opened = candidates["due"] + pd.to_timedelta(rng.uniform(3, 15, len(candidates)), unit="D")
    limit = candidates["paid_at"].where(settled, as_of) - pd.Timedelta(days=1)
    chosen = (rng.random(len(candidates)) < STALL_SHARE) & (opened < limit).to_numpy()
    chosen &= (~settled | candidates["paid_at"].notna()).to_numpy()
    candidates["opened"] = opened.dt.floor("min")
    return candidates[chosen]


def _stall_disputes(
    tables: dict[str, pd.DataFrame], rng: np.random.Generator, as_of: pd.Timestamp, owner: int
) -> pd.DataFrame:
    """REJECTED disputes on invoices later paid in full; still standing on unpaid ones."""
    stalled = _stalled_invoices(tables, rng, as_of)
    settled = (stalled["status"] == "PAID").to_numpy()
    created = stalled["opened"]
    room = (stalled["paid_at"] - created).where(settled, pd.Timedelta(0))
    rejected_at = (created + room * rng.uniform(0.2, 0.8, len(stalled))).dt.floor("min")
    age = (as_of - created).to_numpy()
    reviewing = ~settled & (age > REVIEW_AFTER)
    standing = np.where(
        age > ESCALATE_AFTER, "ESCALATED", np.where(reviewing, "UNDER_REVIEW", "OPEN")
    )
    status = np.where(settled, "REJECTED", standing)
    claims = rng.choice(len(STALL_CLAIMS), len(stalled))
    share = rng.uniform(0.1, 0.4, len(stalled))
    return pd.DataFrame(
        {
            "invoice_id": stalled["id"].astype(int).to_numpy(),
            "client_id": stalled["customerId"].astype(int).to_numpy(),
            "dispute_status": status,
            "dispute_reason": [STALL_CLAIMS[c] for c in claims],
            "disputed_amount": np.round(stalled["totalAmount"].astype(float) * share, 2),
            "resolution_notes": np.where(
                settled,
                "Signed delivery manifest and quote match the invoice; balance stands",
                None,
            ),
            "adjustment_amount": np.where(settled, 0.0, np.nan),
            "resolved_at": rejected_at.where(settled, pd.NaT).to_numpy(),
            "resolved_by": np.where(settled, owner, None),
            "created_by": stalled["createdBy"].astype(int).to_numpy(),
            "assigned_to": np.where(settled | reviewing, owner, None),
            "created_at": created.to_numpy(),
        }
    )


def build_invoice_disputes(
    params: SeedParams, tables: dict[str, pd.DataFrame], as_of: pd.Timestamp, owner: int
) -> pd.DataFrame:
    """`invoice_disputes`: credit-settled complaints and stalling disputes, numbered by month.

    Args:
        params: The run's parameters (seed).
        tables: credits, transactions, invoices, invoice_payments, clients.
        as_of: The seed's now.
        owner: The owner who reviews and rejects disputes.

    Returns:
        The disputes frame, in the order they were logged.
    """
    rng = stream(params.seed, "collections", "disputes")
    disputes = pd.concat(
        [_credit_disputes(tables, rng), _stall_disputes(tables, rng, as_of, owner)],
        ignore_index=True,
    ).sort_values(["created_at", "invoice_id"], kind="stable", ignore_index=True)
    created = pd.to_datetime(disputes["created_at"]).dt.floor("s")
    month = created.dt.year * 100 + created.dt.month
    sequence = month.groupby(month).cumcount().to_numpy() + 1
    disputes.insert(0, "id", np.arange(1, len(disputes) + 1))
    disputes.insert(
        3,
        "dispute_number",
        [
            dispute_number(m // 100, m % 100, s)
            for m, s in zip(month.to_numpy(), sequence, strict=True)
        ],
    )
    disputes["created_at"] = created
    disputes["resolved_at"] = pd.to_datetime(disputes["resolved_at"]).dt.floor("s")
    disputes["updated_at"] = disputes["resolved_at"].fillna(created)
    disputes["deleted_at"] = pd.NaT
    return disputes


def build_dispute_notes(disputes: pd.DataFrame) -> pd.DataFrame:
    """`dispute_notes`: the internal note logging each dispute, and the one settling it."""
    logged = pd.DataFrame(
        {
            "dispute_id": disputes["id"].to_numpy(),
            "note": [f"Logged: {reason}" for reason in disputes["dispute_reason"]],
            "created_by": disputes["created_by"].to_numpy(),
            "created_at": disputes["created_at"].to_numpy(),
        }
    )
    settled = disputes[disputes["resolved_at"].notna()]
    closing = pd.DataFrame(
        {
            "dispute_id": settled["id"].to_numpy(),
            "note": [
                f"{status.title()}: {notes}"
                for status, notes in zip(
                    settled["dispute_status"], settled["resolution_notes"], strict=True
                )
            ],
            "created_by": settled["resolved_by"].astype(int).to_numpy(),
            "created_at": settled["resolved_at"].to_numpy(),
        }
    )
    notes = pd.concat([logged, closing], ignore_index=True).sort_values(
        ["created_at", "dispute_id"], kind="stable", ignore_index=True
    )
    notes.insert(0, "id", np.arange(1, len(notes) + 1))
    notes["is_internal"] = True
    return notes[["id", "dispute_id", "note", "is_internal", "created_by", "created_at"]]
