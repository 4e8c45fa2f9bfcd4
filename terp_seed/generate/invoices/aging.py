"""Aging at as-of: the past-due shares brought to their targets by the buyers who explain them."""

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.plan import DAY, STREAMS
from terp_seed.generate.invoices.settle import InvoiceMoney
from terp_seed.generate.money import cents
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.receivables import SEVERE_DAYS

# Who explains more unpaid old debt, or more late invoices, and how strongly (R7 calibration).
SEVERE_WEIGHT = {"distressed": 10.0, "chronic_late": 4.0, "late": 1.0}
LATE_WEIGHT = {"distressed": 4.0, "chronic_late": 4.0, "late": 3.0, "on_time": 0.5}


def open_at(
    ledgers: list[InvoiceMoney], total_cents: np.ndarray, as_of: np.datetime64
) -> np.ndarray:
    """Cents each invoice still owes at `as_of`: its total less receipts and applied credit."""
    return np.array(
        [
            int(total) - ledger.paid_by(as_of) - ledger.credit_cents - ledger.written_off_cents
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


def _withhold(ledger: InvoiceMoney, after: np.datetime64, as_of: np.datetime64, wanted: int) -> int:
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


def calibrate_aging(
    params: SeedParams,
    plan: pd.DataFrame,
    ledgers: list[InvoiceMoney],
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
    open_cents = open_at(ledgers, total_cents, as_of)
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
        open_cents = open_at(ledgers, total_cents, as_of)
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
