"""The invoices family: billing, and receivables that age because of how buyers pay.

Every shipped sale is invoiced on its shipping day, due after its terms. Each buyer's payment
habit (the `pays:` tag of the clients family) then decides when it pays: an early payer a few
days before the due date, a chronic late payer weeks after it, a buyer in real trouble months
after or never. Whales settle weekly in one payment run that covers everything they owe by
then; late payers often pay in two installments. A buyer whose unpaid invoices run past its
credit limit is put on COD and pays its next invoices on delivery.

Returns and refunds from the orders family are carried through: a returned order's invoice is
settled by its return credit (and what the buyer had already paid is refunded in cash); a
partial refund is applied against the invoice while it is open, or paid back in cash once
it is settled.

Aging at as-of follows from those dates. Like sales in the orders family, its proportions are
reached by construction rather than by retrying seeds: open receivables that are not yet due
are whatever the buyers left, and the past-due part (`past_due_share` of the whole, with
`severe_past_due_share` of it more than 120 days late) is then brought to its target to the
cent by the buyers whose habit explains it: late payers who had not paid yet, or collections
of old debt, the last one paid in part.
"""

import dataclasses
import heapq

import numpy as np
import pandas as pd

from terp_seed.generate.batches import staff_ids
from terp_seed.generate.clients import PAYMENT_HABITS, TERMS_DAYS, buyer_tags
from terp_seed.generate.family import Family
from terp_seed.generate.money import cents
from terp_seed.generate.numbering import counted_numbers, sequences
from terp_seed.generate.orders import credited_order_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "invoices"  # the family key of this module's random streams

# The tables this family writes; orders, clients and credits whole, with their new state.
CREATES = ("invoices", "invoiceLineItems", "payments", "invoice_payments", "sequences")
AMENDS = ("credits", "orders", "clients")
TABLES = CREATES + AMENDS

# What this family reads of the orders family's tables.
ORDERS_TABLES_READ = ("orders", "order_line_items", "credits", "batches")

# How buyers pay (share of payments, as the issue gives it).
PAYMENT_METHODS = (("ACH", 0.60), ("CHECK", 0.30), ("WIRE", 0.10))
# Days an invoice is late beyond which it is a bucket of its own (R7's 120+).
SEVERE_DAYS = 120
AGING_BUCKETS = (
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("120+", 121, None),
)
# Late payers split an invoice into two installments this often.
INSTALLMENT_RATE = {"late": 0.15, "chronic_late": 0.35, "distressed": 0.5}
# Who explains more unpaid old debt, or more late invoices, and how strongly (R7 calibration).
SEVERE_WEIGHT = {"distressed": 10.0, "chronic_late": 4.0, "late": 1.0}
LATE_WEIGHT = {"distressed": 4.0, "chronic_late": 4.0, "late": 3.0, "on_time": 0.5}
# Invoice statuses for invoices neither paid, part-paid nor overdue (the buyer opened it or not).
UNPAID_CURRENT_STATUSES = np.array(["SENT", "VIEWED"])
SALE_STATUS_OF_INVOICE = {
    "PAID": "PAID",
    "VOID": "PAID",
    "PARTIAL": "PARTIAL",
    "OVERDUE": "OVERDUE",
    "SENT": "PENDING",
    "VIEWED": "PENDING",
}
DAY = np.timedelta64(1, "D")


@dataclasses.dataclass
class _Ledger:
    """One invoice's money at cent precision, as the simulation moves it.

    Attributes:
        receipts: (day, cents) the buyer paid, in any order.
        credit_day: When a return or refund credit was applied to it (or None).
        credit_cents: How much of that credit was applied.
        refund_day: When cash went back to the buyer (or None).
        refund_cents: How much cash went back.
    """

    receipts: list[tuple[np.datetime64, int]] = dataclasses.field(default_factory=list)
    credit_day: np.datetime64 | None = None
    credit_cents: int = 0
    refund_day: np.datetime64 | None = None
    refund_cents: int = 0

    def paid_by(self, day: np.datetime64) -> int:
        return sum(amount for when, amount in self.receipts if when <= day)


def _invoice_plan(orders: pd.DataFrame) -> pd.DataFrame:
    """Shipped sales in the order they were invoiced (shipping time, then order id)."""
    shipped = orders[
        (orders["orderType"] == "SALE")
        & (orders["is_draft"].astype(int) == 0)
        & orders["shipped_at"].notna()
    ]
    plan = shipped.sort_values(["shipped_at", "id"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "order_id": plan["id"].astype(int).to_numpy(),
            "order_number": plan["order_number"].to_numpy(),
            "client_id": plan["client_id"].astype(int).to_numpy(),
            "shipped_at": pd.to_datetime(plan["shipped_at"]).to_numpy(),
            "day": pd.to_datetime(plan["shipped_at"]).dt.normalize().to_numpy(),
            "subtotal": plan["subtotal"].astype(float).to_numpy(),
            "discount": plan["discount"].astype(float).to_numpy(),
            "tax": plan["tax"].astype(float).to_numpy(),
            "total": plan["total"].astype(float).to_numpy(),
            "margin": plan["total_margin"].astype(float).to_numpy(),
            "terms": plan["paymentTerms"].to_numpy(),
            "created_by": plan["created_by"].astype(int).to_numpy(),
        }
    )


def _terms_days(terms: str, buyer_days: int) -> int:
    # Consignment is due at the buyer's sell-through, which the app keeps as the buyer's
    # payment_terms (days); the NET terms and COD say their days in their name.
    return buyer_days if terms == "CONSIGNMENT" else TERMS_DAYS[terms]


def _habit_dates(
    params: SeedParams, plan: pd.DataFrame, habit: np.ndarray, due: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per invoice: the day the buyer's habit pays it, whether never, and installment split.

    Returns:
        (pay_day, never_paid, first_share, first_day): an installment plan pays
        `first_share` of the invoice on `first_day` (first_share 0 means one payment).
    """
    rng = stream(params.seed, STREAMS, "habits")
    n = len(plan)
    by_name = {h.name: h for h in PAYMENT_HABITS}
    mean = np.array([by_name[h].mean_days_late for h in habit])
    spread = np.array([by_name[h].spread_days for h in habit])
    unpaid_rate = np.array([by_name[h].unpaid_rate for h in habit])
    days_late = np.round(rng.normal(mean, spread)).astype(int)
    pay_day = np.maximum(due + days_late * DAY, plan["day"].to_numpy())
    # Buyers with terms pay in a weekly run on their own weekday: a whale's run covers
    # every invoice that came due since the last one (one payment, several invoices).
    weekday = stream(params.seed, STREAMS, "run_weekday").integers(0, 5, params.buyers + 1)
    run_day = weekday[plan["client_id"].to_numpy() % (params.buyers + 1)]
    current = (pay_day.astype("datetime64[D]").astype(np.int64) + 3) % 7  # Monday is 0
    shift = (run_day - current) % 7
    pay_day = np.where(plan["terms"].to_numpy() == "COD", pay_day, pay_day + shift * DAY)
    never_paid = rng.random(n) < unpaid_rate
    split = rng.random(n) < np.array([INSTALLMENT_RATE.get(h, 0.0) for h in habit])
    first_share = np.where(split, rng.uniform(0.3, 0.6, n), 0.0)
    span = (pay_day - plan["day"].to_numpy()) / DAY
    first_day = plan["day"].to_numpy() + np.round(span * rng.uniform(0.3, 0.7, n)) * DAY
    return pay_day, never_paid, first_share, first_day


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

    def add(self, total: int, ledger: _Ledger) -> None:
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
    ledger: _Ledger, total: int, reason: str, day: np.datetime64, amount: int, as_of: np.datetime64
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


def _settle_invoices(
    params: SeedParams,
    plan: pd.DataFrame,
    clients: pd.DataFrame,
    habit: np.ndarray,
    credits: pd.DataFrame,
) -> tuple[list[_Ledger], np.ndarray, np.ndarray, np.ndarray, pd.DataFrame, np.ndarray]:
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
    pay_day, never_paid, first_share, first_day = _habit_dates(params, plan, habit, due)
    total_cents = cents(plan["total"])
    days = plan["day"].to_numpy()
    credits_of = _credits_by_invoice(plan, credits)
    held = np.zeros(len(plan), dtype=bool)
    returned = np.zeros(len(plan), dtype=bool)
    ledgers = [_Ledger() for _ in range(len(plan))]
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
                uses.append((credit_id, i, applied, cash, day))
            balance.add(total, ledger)
    credit_use = pd.DataFrame(uses, columns=["credit_id", "position", "applied", "cash", "day"])
    return ledgers, terms, due, held, credit_use, returned


def owed_when_invoiced(plan: pd.DataFrame, ledgers: list[_Ledger]) -> np.ndarray:
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


def _reduce_later_receipts(ledger: _Ledger, day: np.datetime64, credit: int, total: int) -> None:
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


def _open_at(ledgers: list[_Ledger], total_cents: np.ndarray, as_of: np.datetime64) -> np.ndarray:
    return np.array(
        [
            int(total) - ledger.paid_by(as_of) - ledger.credit_cents
            for ledger, total in zip(ledgers, total_cents, strict=True)
        ],
        dtype=np.int64,
    )


def _priority(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Weighted random order (heaviest first on average): Efraimidis-Spirakis keys."""
    keys = np.full(len(weights), -np.inf)
    positive = weights > 0
    keys[positive] = np.log(rng.random(int(positive.sum()))) / weights[positive]
    return np.argsort(-keys, kind="stable")[: int(positive.sum())]


def _withhold(ledger: _Ledger, after: np.datetime64, as_of: np.datetime64, wanted: int) -> int:
    """Undo up to `wanted` cents of the receipts made after `after`, latest first.

    The buyer has not paid them yet. Returns the cents undone.
    """
    taken = 0
    kept = []
    for when, amount in sorted(ledger.receipts, key=lambda r: r[0], reverse=True):
        if after < when <= as_of and taken < wanted:
            take = min(amount, wanted - taken)
            taken += take
            if amount > take:
                kept.append((when, amount - take))
        else:
            kept.append((when, amount))
    ledger.receipts = kept
    return taken


def _calibrate_aging(
    params: SeedParams,
    plan: pd.DataFrame,
    ledgers: list[_Ledger],
    due: np.ndarray,
    habit: np.ndarray,
    adjustable: np.ndarray,
    held: np.ndarray,
    headroom: np.ndarray,
) -> None:
    """Bring the past-due part of open AR to its shares, through the buyers that explain it.

    Open AR not yet due is what the habits left. The past-due amount wanted is
    `past_due_share` of all open AR, `severe_past_due_share` of it beyond 120 days. Where the
    habits left less, late-paying buyers had not paid yet (their receipts after the due date
    are undone, heaviest habits first); where they left more, collections came in. The last
    invoice moved each way is paid in part, so the shares hold to the cent.

    Credit holds stay true: a buyer is never made to owe more than its limit on the day of an
    invoice it got terms for (`headroom`, per invoice, is how much more it could have owed),
    and a collection is never dated on or before a later hold of the same buyer.
    """
    rng = stream(params.seed, STREAMS, "aging")
    as_of = np.datetime64(pd.Timestamp(params.end), "ns")
    total_cents = cents(plan["total"])
    buyer = plan["client_id"].to_numpy()
    days = plan["day"].to_numpy()
    last_hold = (
        pd.Series(days[held], index=buyer[held]).groupby(level=0).max()
        if held.any()
        else pd.Series(dtype="datetime64[ns]")
    )
    days_past_due = ((as_of - due) / DAY).astype(int)
    open_cents = _open_at(ledgers, total_cents, as_of)
    current = int(open_cents[days_past_due <= 0].sum())
    past_due_wanted = round(current * params.past_due_share / (1.0 - params.past_due_share))
    severe_wanted = round(past_due_wanted * params.severe_past_due_share)
    bands = (
        (days_past_due > SEVERE_DAYS, severe_wanted, SEVERE_WEIGHT),
        (
            (days_past_due >= 1) & (days_past_due <= SEVERE_DAYS),
            past_due_wanted - severe_wanted,
            LATE_WEIGHT,
        ),
    )
    for in_band, wanted, weights_by_habit in bands:
        open_cents = _open_at(ledgers, total_cents, as_of)
        gap = wanted - int(open_cents[in_band].sum())
        weight = np.array([weights_by_habit.get(h, 0.0) for h in habit]) * adjustable * in_band
        if gap > 0:
            # Too little is late: buyers with the habit for it had not paid these yet.
            for i in _priority(rng, weight):
                if gap <= 0:
                    break
                undoable = [d for d, _ in ledgers[i].receipts if due[i] < d <= as_of]
                if not undoable:
                    continue
                later = (buyer == buyer[i]) & (days >= min(undoable))
                room = int(headroom[later].min()) if later.any() else gap
                taken = _withhold(ledgers[i], due[i], as_of, min(gap, max(room, 0)))
                headroom[later] -= taken
                gap -= taken
        elif gap < 0:
            # Too much is late: collections came in, from the buyers least in trouble first.
            owing = np.flatnonzero(in_band & adjustable & (open_cents > 0))
            order = owing[_priority(rng, 1.0 / (1.0 + weight[owing]))]
            for i in order:
                if gap >= 0:
                    break
                earliest = due[i] + DAY
                if buyer[i] in last_hold.index:
                    earliest = max(earliest, last_hold[buyer[i]] + DAY)
                span = int((as_of - earliest) / DAY)
                if span < 0:
                    continue
                amount = min(int(open_cents[i]), -gap)
                day = earliest + int(rng.integers(0, span + 1)) * DAY
                ledgers[i].receipts.append((day, amount))
                gap += amount


def _payment_frames(
    params: SeedParams,
    plan: pd.DataFrame,
    ledgers: list[_Ledger],
    invoice_ids: np.ndarray,
    staff: np.ndarray,
    bank_account: int,
    as_of: np.datetime64,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Receipts grouped into payments (one per buyer and day) and their allocations."""
    rng = stream(params.seed, STREAMS, "payments")
    buyer = plan["client_id"].to_numpy()
    order_number = plan["order_number"].to_numpy()
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
    events["day"] = pd.to_datetime(events["day"])
    events = events.sort_values(["day", "client_id", "kind", "position"], kind="stable")
    group_key = ["day", "client_id", "kind"]
    payment_of = events.groupby(group_key, sort=False).ngroup().to_numpy()
    events["payment"] = payment_of
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
    payment_frame = pd.DataFrame(
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
            "createdBy": rng.choice(staff, n),
            "createdAt": stamp.to_numpy(),
            "updatedAt": stamp.to_numpy(),
            "version": 1,
        }
    )
    receipts = events[events["kind"] == "RECEIVED"]
    allocations = receipts.groupby(["payment", "position"], sort=True)["cents"].sum().reset_index()
    allocated_at = stamp.to_numpy()[allocations["payment"].to_numpy()]
    allocation_frame = pd.DataFrame(
        {
            "id": np.arange(1, len(allocations) + 1),
            "payment_id": allocations["payment"].to_numpy() + 1,
            "invoice_id": invoice_ids[allocations["position"].to_numpy()],
            "allocated_amount": allocations["cents"].to_numpy() / 100.0,
            "allocated_at": allocated_at,
            "allocated_by": payment_frame["createdBy"].to_numpy()[allocations["payment"]],
            "notes": None,
        }
    )
    return payment_frame, allocation_frame


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
    orders: dict[str, pd.DataFrame],
    numbered: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Invoices, their lines, payments and allocations; orders, credits and buyers updated.

    Args:
        params: The run's parameters.
        reference: The reference family's frames (users, bankAccounts).
        clients: The clients family's frames (clients with their habits and limits).
        orders: The orders family's frames (at least ORDERS_TABLES_READ); may have been
            read back from the database.
        numbered: Every other family's frames, whose numbers `sequences` must stay past.

    Returns:
        Frames for invoices, invoiceLineItems, payments, invoice_payments, and the FULL
        `credits`, `orders` and `clients` tables with their state at as-of, and `sequences`.
    """
    as_of = np.datetime64(pd.Timestamp(params.end), "ns")
    owners, floor = staff_ids(reference["users"])
    staff = np.concatenate([owners, floor])
    bank_account = int(reference["bankAccounts"]["id"].iloc[0])
    client_frame = clients["clients"]
    order_frame = orders["orders"]
    plan = _invoice_plan(order_frame)
    n = len(plan)
    invoice_ids = np.arange(1, n + 1)
    habit_of = buyer_tags(client_frame).set_index("client_id")["habit"]
    habit = habit_of.reindex(plan["client_id"]).fillna("on_time").to_numpy()

    ledgers, terms, due, held, credit_use, returned = _settle_invoices(
        params, plan, client_frame, habit, orders["credits"]
    )
    # How much more each buyer could have owed on the day of an invoice it got terms for.
    limit_cents = cents(
        client_frame.set_index("id")["credit_limit"].reindex(plan["client_id"]).fillna(0.0)
    )
    given_terms = (plan["terms"].to_numpy() != "COD") & ~held
    headroom = np.where(
        given_terms, limit_cents - owed_when_invoiced(plan, ledgers), np.iinfo(np.int64).max
    )
    _calibrate_aging(params, plan, ledgers, due, habit, ~held & ~returned, held, headroom)
    payments, allocations = _payment_frames(
        params, plan, ledgers, invoice_ids, staff, bank_account, as_of
    )

    # --- invoices at as-of ---
    rng = stream(params.seed, STREAMS, "invoices")
    total_cents = cents(plan["total"])
    credited = np.array([ledger.credit_cents for ledger in ledgers], dtype=np.int64)
    received = (
        allocations.assign(cents=cents(allocations["allocated_amount"]))
        .groupby("invoice_id")["cents"]
        .sum()
        .reindex(invoice_ids, fill_value=0)
        .to_numpy()
    )
    # A refund credit applied to an open invoice settles part of it as a payment would: the
    # app posts it against Accounts Receivable (REF-...), so it lowers what is due. A returned
    # order's invoice is voided, as the app's return reverses all of the invoice's postings;
    # whatever the buyer had paid on it went back in cash.
    paid_cents = np.where(returned, received, received + credited)
    due_cents = np.where(returned, 0, total_cents - paid_cents)
    overdue = (due < as_of) & (due_cents > 0)
    status = np.select(
        [returned, due_cents == 0, overdue, paid_cents > 0],
        ["VOID", "PAID", "OVERDUE", "PARTIAL"],
        default=rng.choice(UNPAID_CURRENT_STATUSES, n),
    )
    invoice_day = pd.Series(plan["day"])
    last_receipt = (
        payments[payments["paymentType"] == "RECEIVED"]
        .merge(allocations, left_on="id", right_on="payment_id")
        .groupby("invoice_id")["createdAt"]
        .max()
    )
    updated = pd.Series(plan["shipped_at"].to_numpy(), index=invoice_ids).copy()
    updated.loc[last_receipt.index] = np.maximum(
        updated.loc[last_receipt.index].to_numpy(), last_receipt.to_numpy()
    )
    hold_note = "Issued COD: account over its credit limit"
    void_note = "Voided: order returned and restocked (return credit issued)."
    notes = np.select(
        [held & returned, held, returned],
        [f"{hold_note}; {void_note}", hold_note, void_note],
        default=None,
    )
    invoices = pd.DataFrame(
        {
            "id": invoice_ids,
            "invoiceNumber": counted_numbers("INV", invoice_day, "%Y", 6),
            "version": 1,
            "customerId": plan["client_id"].to_numpy(),
            "invoiceDate": invoice_day.dt.date.to_numpy(),
            "dueDate": pd.Series(due).dt.date.to_numpy(),
            "subtotal": plan["subtotal"].to_numpy(),
            "taxAmount": plan["tax"].to_numpy(),
            "discountAmount": plan["discount"].to_numpy(),
            "totalAmount": total_cents / 100.0,
            "amountPaid": paid_cents / 100.0,
            "amountDue": due_cents / 100.0,
            "status": status,
            "paymentTerms": terms,
            "notes": notes,
            "referenceType": "ORDER",
            "referenceId": plan["order_id"].to_numpy(),
            "createdBy": plan["created_by"].to_numpy(),
            "createdAt": plan["shipped_at"].to_numpy(),
            "updatedAt": updated.to_numpy(),
        }
    )

    # --- invoice lines: one per order line ---
    lines = orders["order_line_items"]
    invoice_of_order = pd.Series(invoice_ids, index=plan["order_id"].to_numpy())
    lines = lines[lines["order_id"].isin(invoice_of_order.index)].sort_values(
        ["order_id", "id"], kind="stable"
    )
    product_of_batch = orders["batches"].set_index("id")["productId"]
    line_invoice = invoice_of_order.reindex(lines["order_id"]).to_numpy()
    invoice_created = pd.Series(plan["shipped_at"].to_numpy(), index=invoice_ids)
    invoice_lines = pd.DataFrame(
        {
            "invoiceId": line_invoice,
            "productId": product_of_batch.reindex(lines["batch_id"]).astype("Int64").to_numpy(),
            "batchId": lines["batch_id"].astype(int).to_numpy(),
            "description": lines["product_display_name"].to_numpy(),
            "quantity": lines["quantity"].astype(float).to_numpy(),
            "unitPrice": lines["unit_price"].astype(float).to_numpy(),
            "taxRate": 0.0,
            "discountPercent": 0.0,
            "lineTotal": lines["line_total"].astype(float).to_numpy(),
            "createdAt": invoice_created.reindex(line_invoice).to_numpy(),
        }
    ).sort_values(["invoiceId"], kind="stable")
    invoice_lines.insert(0, "id", np.arange(1, len(invoice_lines) + 1))

    # --- credits: how much of each was used, and how ---
    credit_frame = orders["credits"].copy()
    used = credit_use.set_index("credit_id")
    used_cents = (used["applied"] + used["cash"]).reindex(credit_frame["id"]).fillna(0).to_numpy()
    amount_cents = cents(credit_frame["creditAmount"])
    credit_frame["amountUsed"] = used_cents / 100.0
    credit_frame["amountRemaining"] = (amount_cents - used_cents) / 100.0
    credit_frame["creditStatus"] = np.select(
        [used_cents >= amount_cents, used_cents > 0], ["FULLY_USED", "PARTIALLY_USED"], "ACTIVE"
    )
    credit_frame["transactionId"] = pd.array([None] * len(credit_frame), dtype="Int64")
    used_on = pd.to_datetime(used["day"]).reindex(credit_frame["id"])
    credit_frame["updatedAt"] = np.maximum(
        pd.to_datetime(credit_frame["createdAt"]).to_numpy(),
        used_on.fillna(pd.to_datetime(credit_frame["createdAt"])).to_numpy(),
    )

    # --- orders: invoice link, sale status, terms and due date as invoiced ---
    order_out = order_frame.copy()
    position = pd.Series(np.arange(n), index=plan["order_id"].to_numpy())
    invoiced = order_out["id"].isin(position.index).to_numpy()
    at = position.reindex(order_out["id"]).to_numpy()
    pos = at[invoiced].astype(int)
    order_out["invoice_id"] = pd.array(
        np.where(invoiced, invoice_of_order.reindex(order_out["id"]).to_numpy(), None),
        dtype="Int64",
    )
    sale_status = order_out["saleStatus"].to_numpy().copy()
    sale_status[invoiced] = [SALE_STATUS_OF_INVOICE[s] for s in status[pos]]
    order_out["saleStatus"] = sale_status
    order_terms = order_out["paymentTerms"].to_numpy().copy()
    order_terms[invoiced] = terms[pos]
    order_out["paymentTerms"] = order_terms
    order_due = order_out["due_date"].to_numpy().copy()
    order_due[invoiced] = pd.Series(due[pos]).dt.date.to_numpy()
    order_out["due_date"] = order_due

    # --- buyers: the totals the app keeps ---
    client_out = _client_totals(client_frame, invoices, plan, credit_frame, returned, as_of)

    frames = {
        "invoices": invoices,
        "invoiceLineItems": invoice_lines,
        "payments": payments,
        "invoice_payments": allocations,
        "credits": credit_frame,
        "orders": order_out,
        "clients": client_out,
    }
    frames["sequences"] = sequences(params, {**numbered, **orders, **frames})
    return frames


def _client_totals(
    clients: pd.DataFrame,
    invoices: pd.DataFrame,
    plan: pd.DataFrame,
    credits: pd.DataFrame,
    returned: np.ndarray,
    as_of: np.datetime64,
) -> pd.DataFrame:
    """total_owed = Σ amountDue; spent and profit net of returns and refunds; oldest debt."""
    out = clients.copy()
    ids = out["id"].astype(int).to_numpy()
    owed = invoices.groupby("customerId")["amountDue"].sum()
    kept = ~returned
    spent = (
        pd.Series(plan["total"].to_numpy()[kept]).groupby(plan["client_id"].to_numpy()[kept]).sum()
    )
    profit = (
        pd.Series(plan["margin"].to_numpy()[kept]).groupby(plan["client_id"].to_numpy()[kept]).sum()
    )
    refunds = credits[credits["creditReason"] == "REFUND"].groupby("clientId")["creditAmount"].sum()
    spent = spent.reindex(ids, fill_value=0.0) - refunds.reindex(ids, fill_value=0.0)
    profit = profit.reindex(ids, fill_value=0.0) - refunds.reindex(ids, fill_value=0.0)
    open_invoices = invoices[invoices["amountDue"] > 0]
    oldest = pd.to_datetime(open_invoices.groupby("customerId")["invoiceDate"].min())
    oldest_days = ((pd.Timestamp(as_of) - oldest).dt.days).reindex(ids).fillna(0).astype(int)
    is_buyer = out["is_buyer"].astype(bool).to_numpy()
    out["total_owed"] = np.where(is_buyer, owed.reindex(ids, fill_value=0.0).round(2), 0.0)
    out["total_spent"] = np.where(is_buyer, spent.round(2).to_numpy(), 0.0)
    out["total_profit"] = np.where(is_buyer, profit.round(2).to_numpy(), 0.0)
    margin = np.where(spent.to_numpy() > 0, profit.to_numpy() / np.where(spent > 0, spent, 1), 0)
    out["avg_profit_margin"] = np.where(is_buyer, np.round(margin * 100, 2), 0.0)
    out["oldest_debt_days"] = np.where(is_buyer, oldest_days.to_numpy(), 0)
    return out


def aging_buckets(invoices: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """Open receivables at as-of by days past due, in R7's buckets (VOID and PAID hold none).

    Returns:
        Columns `bucket`, `invoices`, `amount`; the amounts sum to open AR to the cent.
    """
    open_ = invoices[(invoices["amountDue"] > 0) & (invoices["status"] != "VOID")]
    late = (pd.Timestamp(as_of) - pd.to_datetime(open_["dueDate"])).dt.days.to_numpy()
    due_cents = cents(open_["amountDue"])
    rows = []
    for name, low, high in AGING_BUCKETS:
        inside = (late >= (low if low is not None else -(10**9))) & (
            late <= (high if high is not None else 10**9)
        )
        rows.append((name, int(inside.sum()), int(due_cents[inside].sum()) / 100.0))
    return pd.DataFrame(rows, columns=["bucket", "invoices", "amount"])


FAMILY = Family(
    name="invoices",
    description="Billing: an invoice per shipped sale, payments by each buyer's habit, aging AR.",
    upstream=("orders",),
    creates=CREATES,
    amends=AMENDS,
    build=lambda params, tables: generate(params, tables, tables, tables, tables),
)
