"""Simulate: each buyer's invoices walked in time, with its receipts, credit holds and credits.

`InvoiceMoney` is one invoice's money as the walk moves it; `_Balance` is what one buyer owes
on a given day, which the credit manager reads before granting terms.
"""

import dataclasses
import heapq

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.plan import DAY, habit_dates
from terp_seed.generate.money import cents
from terp_seed.generate.orders import credited_order_numbers
from terp_seed.params import SeedParams
from terp_seed.terp.terms import TERMS_DAYS


@dataclasses.dataclass
class InvoiceMoney:
    """One invoice's money at cent precision, as the simulation moves it.

    Attributes:
        receipts: (day, cents) the buyer paid, in any order.
        credit_day: When a return or refund credit was applied to it (or None).
        credit_cents: How much of that credit was applied.
        refund_day: When cash went back to the buyer (or None).
        refund_cents: How much cash went back.
        written_off_day: When the debt was written off as bad (or None).
        written_off_cents: How much was written off.
    """

    receipts: list[tuple[np.datetime64, int]] = dataclasses.field(default_factory=list)
    credit_day: np.datetime64 | None = None
    credit_cents: int = 0
    refund_day: np.datetime64 | None = None
    refund_cents: int = 0
    written_off_day: np.datetime64 | None = None
    written_off_cents: int = 0

    def paid_by(self, day: np.datetime64) -> int:
        """Cents the buyer had paid on this invoice by `day`."""
        return sum(amount for when, amount in self.receipts if when <= day)


def _terms_days(terms: str, buyer_days: int) -> int:
    # Consignment is due at the buyer's sell-through, which the app keeps as the buyer's
    # payment_terms (days); the NET terms and COD say their days in their name.
    return buyer_days if terms == "CONSIGNMENT" else TERMS_DAYS[terms]


class _Balance:
    """What one buyer owes as its invoices are walked in date order.

    Receipts and applied credits wait in a heap, soonest first, and are counted once, when
    the walk passes their day, so the walk costs O(n log n) per buyer.
    """

    def __init__(self) -> None:
        self.issued = 0
        self.settled = 0
        self._pending: list[tuple[np.datetime64, int]] = []

    def owed_on(self, day: np.datetime64) -> int:
        """Cents owed on `day`: invoiced so far, less what was paid or credited by then."""
        while self._pending and self._pending[0][0] <= day:
            self.settled += heapq.heappop(self._pending)[1]
        return self.issued - self.settled

    def add(self, total: int, ledger: InvoiceMoney) -> None:
        """Count a new invoice and, from their days on, what settles it."""
        self.issued += total
        for receipt in ledger.receipts:
            heapq.heappush(self._pending, receipt)
        if ledger.credit_cents:
            heapq.heappush(self._pending, (ledger.credit_day, ledger.credit_cents))


def _credits_by_invoice(plan: pd.DataFrame, credits: pd.DataFrame) -> dict[int, list[tuple]]:
    """Each invoice's return and refund credits: (credit id, reason, day, cents), by date."""
    position_of_number = pd.Series(np.arange(len(plan)), index=plan["order_number"].to_numpy())
    position = position_of_number.reindex(credited_order_numbers(credits)).to_numpy()
    found = ~pd.isna(position)
    rows = credits.loc[found].assign(position=position[found].astype(int))
    rows = rows.assign(day=pd.to_datetime(rows["createdAt"]).dt.normalize())
    by_invoice: dict[int, list[tuple]] = {}
    for row in rows.sort_values(["day", "id"], kind="stable").itertuples(index=False):
        by_invoice.setdefault(row.position, []).append(
            (
                int(row.id),
                row.creditReason,
                np.datetime64(row.day, "ns"),
                round(float(row.creditAmount) * 100),
            )
        )
    return by_invoice


def _apply_credit(
    ledger: InvoiceMoney,
    total: int,
    reason: str,
    day: np.datetime64,
    amount: int,
    as_of: np.datetime64,
) -> tuple[int, int]:
    """Carry one credit into an invoice's money; returns (cents applied, cents paid back).

    A return voids the invoice: nothing more is collected, the credit settles what was open
    and what the buyer had paid goes back in cash. A refund is applied while the invoice is
    open (the buyer pays that much less, latest payment first), and paid back in cash for
    whatever the invoice no longer owed.
    """
    if reason == "RETURN":
        ledger.receipts = [(d, c) for d, c in ledger.receipts if d <= day]
        paid = ledger.paid_by(day)
        applied, cash = total - paid, min(paid, amount)
    else:
        applied = min(total - ledger.paid_by(day), amount)
        cash = amount - applied
        _reduce_later_receipts(ledger, day, applied, total)
    if applied:
        ledger.credit_day, ledger.credit_cents = day, applied
    if cash:
        ledger.refund_day, ledger.refund_cents = min(day + 2 * DAY, as_of), cash
    return applied, cash


def settle_invoices(
    params: SeedParams,
    plan: pd.DataFrame,
    clients: pd.DataFrame,
    habit: np.ndarray,
    credits: pd.DataFrame,
) -> tuple[list[InvoiceMoney], np.ndarray, np.ndarray, np.ndarray, pd.DataFrame, np.ndarray]:
    """Walk each buyer's invoices in time: terms (or a credit hold), due date, receipts, credits.

    The credit manager sees what the buyer owes on the day of each new invoice: what it was
    invoiced, less what it paid and what credits settled by then.

    Returns:
        (ledgers, terms, due, held, credit_use, returned): held invoices were issued COD
        because the buyer owed more than its credit limit; credit_use says, per credit, how
        much was applied to its invoice and how much paid back in cash.
    """
    as_of = np.datetime64(pd.Timestamp(params.end), "ns")
    buyer = clients.set_index("id")
    limit_cents = cents(buyer["credit_limit"].reindex(plan["client_id"]).fillna(0.0))
    buyer_days = buyer["payment_terms"].reindex(plan["client_id"]).fillna(30).astype(int)
    terms = plan["terms"].to_numpy().copy()
    due = np.array(
        [
            d + _terms_days(t, b) * DAY
            for d, t, b in zip(plan["day"].to_numpy(), terms, buyer_days.to_numpy(), strict=True)
        ],
        dtype="datetime64[ns]",
    )
    pay_day, never_paid, first_share, first_day = habit_dates(params, plan, habit, due)
    total_cents = cents(plan["total"])
    days = plan["day"].to_numpy()
    credits_of = _credits_by_invoice(plan, credits)
    held = np.zeros(len(plan), dtype=bool)
    returned = np.zeros(len(plan), dtype=bool)
    ledgers = [InvoiceMoney() for _ in range(len(plan))]
    uses = []
    for _, positions in plan.groupby("client_id", sort=True).indices.items():
        balance = _Balance()
        for i in positions:
            today = days[i]
            total = int(total_cents[i])
            ledger = ledgers[i]
            if terms[i] != "COD" and balance.owed_on(today) > limit_cents[i]:
                # Over the limit: no new terms until the balance comes down; paid on delivery.
                held[i] = True
                terms[i] = "COD"
                due[i] = today
                ledger.receipts.append((today, total))
            elif not never_paid[i] or first_share[i] > 0:
                first = round(total * first_share[i])
                if first:
                    ledger.receipts.append((first_day[i], first))
                if not never_paid[i]:
                    ledger.receipts.append((pay_day[i], total - first))
            for credit_id, reason, day, amount in credits_of.get(i, ()):
                returned[i] |= reason == "RETURN"
                applied, cash = _apply_credit(ledger, total, reason, day, amount, as_of)
                uses.append((credit_id, i, applied, cash, day, ledger.refund_day if cash else None))
            balance.add(total, ledger)
    credit_use = pd.DataFrame(
        uses, columns=["credit_id", "position", "applied", "cash", "day", "refund_day"]
    )
    # Typed even when empty: a window without credits still indexes invoices by position.
    credit_use = credit_use.astype(
        {"credit_id": np.int64, "position": np.int64, "applied": np.int64, "cash": np.int64}
    )
    return ledgers, terms, due, held, credit_use, returned


def owed_when_invoiced(plan: pd.DataFrame, ledgers: list[InvoiceMoney]) -> np.ndarray:
    """What each buyer owed (in cents) on the day of each of its invoices, before it."""
    owed = np.zeros(len(plan), dtype=np.int64)
    total_cents = cents(plan["total"])
    days = plan["day"].to_numpy()
    for _, positions in plan.groupby("client_id", sort=True).indices.items():
        balance = _Balance()
        for i in positions:
            owed[i] = balance.owed_on(days[i])
            balance.add(int(total_cents[i]), ledgers[i])
    return owed


def _reduce_later_receipts(
    ledger: InvoiceMoney, day: np.datetime64, credit: int, total: int
) -> None:
    """Take `credit` off the receipts after `day`, so receipts and credit never exceed total."""
    excess = sum(c for _, c in ledger.receipts) + credit - total
    kept = sorted(ledger.receipts, key=lambda r: r[0])
    while excess > 0 and kept and kept[-1][0] > day:
        when, amount = kept.pop()
        if amount > excess:
            kept.append((when, amount - excess))
            excess = 0
        else:
            excess -= amount
    ledger.receipts = kept
