"""Build `payments` and `invoice_payments`: receipts grouped one per buyer and day, allocated."""

import numpy as np
import pandas as pd

from terp_seed.generate.access.jobs import pick_staff
from terp_seed.generate.invoices.plan import STREAMS
from terp_seed.generate.invoices.settle import InvoiceMoney
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

# How buyers pay (share of payments, as the issue gives it).
PAYMENT_METHODS = (("ACH", 0.60), ("CHECK", 0.30), ("WIRE", 0.10))


def payment_events(
    plan: pd.DataFrame, ledgers: list[InvoiceMoney], as_of: np.datetime64
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every receipt and cash refund up to as-of, grouped into payments (buyer, day, kind).

    Returns:
        (events, payments): events carry the `payment` they belong to; payments one row each
        with its day, buyer, kind, cents, invoice count and first invoice position.
    """
    buyer = plan["client_id"].to_numpy()
    rows = [
        (i, buyer[i], when, amount, "RECEIVED")
        for i, ledger in enumerate(ledgers)
        for when, amount in ledger.receipts
        if when <= as_of and amount > 0
    ] + [
        (i, buyer[i], ledger.refund_day, ledger.refund_cents, "SENT")
        for i, ledger in enumerate(ledgers)
        if ledger.refund_cents > 0
    ]
    events = pd.DataFrame(rows, columns=["position", "client_id", "day", "cents", "kind"])
    # Typed even when empty: a window too short for any receipt still indexes by position.
    events = events.astype({"position": np.int64, "client_id": np.int64, "cents": np.int64})
    events["day"] = pd.to_datetime(events["day"])
    events = events.sort_values(["day", "client_id", "kind", "position"], kind="stable")
    group_key = ["day", "client_id", "kind"]
    events["payment"] = events.groupby(group_key, sort=False).ngroup().to_numpy()
    payments = (
        events.groupby("payment", sort=True)
        .agg(
            day=("day", "first"),
            client_id=("client_id", "first"),
            kind=("kind", "first"),
            cents=("cents", "sum"),
            invoices=("position", "nunique"),
            position=("position", "first"),
        )
        .reset_index(drop=True)
    )
    return events, payments


def build_payments(
    params: SeedParams,
    payments: pd.DataFrame,
    order_number: np.ndarray,
    invoice_ids: np.ndarray,
    staff: tuple[np.ndarray, np.ndarray],
    bank_account: int,
    as_of: np.datetime64,
) -> pd.DataFrame:
    """The buyers' `payments` rows: numbered per month, method by share, reconciled after close."""
    rng = stream(params.seed, STREAMS, "payments")
    n = len(payments)
    methods = np.array([m for m, _ in PAYMENT_METHODS])
    method = rng.choice(methods, n, p=[p for _, p in PAYMENT_METHODS])
    numbers = counted_numbers("PMT", payments["day"], "%Y%m", 5)
    stamp = payments["day"] + pd.to_timedelta(rng.integers(9 * 60, 17 * 60, n), unit="min")
    reference_number = [
        {"ACH": f"ACH{v:09d}", "CHECK": f"CHK {v % 100_000:05d}", "WIRE": f"FW{v:012d}"}[m]
        for m, v in zip(method, rng.integers(0, 10**9, n), strict=True)
    ]
    # The bookkeeper reconciles the bank statement after the month closes.
    statement_closed = (payments["day"] + pd.offsets.MonthEnd(0) + pd.Timedelta(days=5)) <= (
        pd.Timestamp(as_of)
    )
    reconciled_at = payments["day"] + pd.offsets.MonthEnd(0) + pd.Timedelta(days=5, hours=16)
    single = payments["invoices"].to_numpy() == 1
    is_refund = payments["kind"].to_numpy() == "SENT"
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "paymentNumber": numbers,
            "paymentType": payments["kind"].to_numpy(),
            "paymentDate": payments["day"].dt.date.to_numpy(),
            "amount": payments["cents"].to_numpy() / 100.0,
            "paymentMethod": method,
            "referenceNumber": reference_number,
            "bankAccountId": bank_account,
            "customerId": payments["client_id"].to_numpy(),
            "vendorId": pd.array([None] * n, dtype="Int64"),
            "invoiceId": pd.array(
                np.where(single, invoice_ids[payments["position"].to_numpy()], None),
                dtype="Int64",
            ),
            "billId": pd.array([None] * n, dtype="Int64"),
            "notes": np.where(
                is_refund,
                [f"Refund to buyer of credit on {order_number[p]}" for p in payments["position"]],
                np.where(
                    single,
                    None,
                    [f"Payment run covering {k} invoices" for k in payments["invoices"]],
                ),
            ),
            "isReconciled": statement_closed.astype(int).to_numpy(),
            "reconciledAt": reconciled_at.where(statement_closed).to_numpy(),
            "createdBy": pick_staff(rng, *staff, n),
            "createdAt": stamp.to_numpy(),
            "updatedAt": stamp.to_numpy(),
            "version": 1,
        }
    )


def build_invoice_payments(
    events: pd.DataFrame, payment_frame: pd.DataFrame, invoice_ids: np.ndarray
) -> pd.DataFrame:
    """`invoice_payments`: each receipt's cents allocated to its invoice, by the payment's clerk."""
    receipts = events[events["kind"] == "RECEIVED"]
    allocations = receipts.groupby(["payment", "position"], sort=True)["cents"].sum().reset_index()
    payment_at = allocations["payment"].to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(allocations) + 1),
            "payment_id": payment_at + 1,
            "invoice_id": invoice_ids[allocations["position"].to_numpy()],
            "allocated_amount": allocations["cents"].to_numpy() / 100.0,
            "allocated_at": payment_frame["createdAt"].to_numpy()[payment_at],
            "allocated_by": payment_frame["createdBy"].to_numpy()[allocations["payment"]],
            "notes": None,
        }
    )


# A refund goes out once its credit is on file: this long after it at the earliest.
REFUND_AFTER_CREDIT = pd.Timedelta(minutes=30)


def refunds_after_their_credits(
    payments: pd.DataFrame, credit_use: pd.DataFrame, credits: pd.DataFrame, buyer: np.ndarray
) -> pd.DataFrame:
    """Stamp each cash refund after the credits it pays back.

    A credit issued in the last two days before as-of is refunded on the as-of day itself,
    where the refund's clerk time could otherwise fall before the credit was written.

    Args:
        payments: The `payments` frame (SENT rows are refunds, one per buyer and day).
        credit_use: Per credit: its invoice position, cash paid back and refund day.
        credits: The credits as the orders family wrote them (their `createdAt`).
        buyer: The buyer of each invoice position.
    """
    cash = credit_use[credit_use["cash"] > 0]
    if cash.empty:
        return payments
    issued = pd.to_datetime(credits.set_index("id")["createdAt"]).reindex(cash["credit_id"])
    latest = (
        pd.DataFrame(
            {
                "customerId": buyer[cash["position"].to_numpy()],
                "paymentDate": pd.to_datetime(cash["refund_day"]).dt.date.to_numpy(),
                "issued": issued.to_numpy(),
            }
        )
        .groupby(["customerId", "paymentDate"])["issued"]
        .max()
    )
    sent = payments["paymentType"] == "SENT"
    keys = pd.MultiIndex.from_arrays(
        [payments.loc[sent, "customerId"].astype(int), payments.loc[sent, "paymentDate"]]
    )
    earliest = pd.Series(latest.reindex(keys).to_numpy(), index=payments.index[sent])
    stamp = pd.to_datetime(payments.loc[sent, "createdAt"])
    day_end = pd.to_datetime(payments.loc[sent, "paymentDate"]) + pd.Timedelta(hours=23, minutes=59)
    moved = stamp.where(
        earliest.isna() | (stamp >= earliest + REFUND_AFTER_CREDIT),
        np.minimum(earliest + REFUND_AFTER_CREDIT, day_end),
    )
    payments = payments.copy()
    payments.loc[sent, "createdAt"] = moved.to_numpy()
    payments.loc[sent, "updatedAt"] = moved.to_numpy()
    return payments
