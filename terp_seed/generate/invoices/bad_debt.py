"""Bad debt: a few of the oldest balances nobody will ever pay, written off as TERP does it.

A distressed buyer's invoice that it never paid a cent of is written off once it is
`WRITE_OFF_AFTER_DAYS` past due: the bookkeeper runs the app's write-off on the invoice's
transaction (a WO-00001 transaction, the original marked WRITTEN_OFF, a RELATED_TO link) and
the ledger posts DR Bad Debt Expense / CR Accounts Receivable. The invoice is voided so that
receivables (and the buyer's total_owed) no longer carry it. The buyer's credit manager does
not forget: the written-off debt still counts against its limit for later invoices.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.invoices.plan import DAY, STREAMS
from terp_seed.generate.invoices.settle import InvoiceMoney
from terp_seed.generate.money import cents
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.receivables import WRITE_OFF_PREFIX

# How late an unpaid invoice is before the business gives up on it.
WRITE_OFF_AFTER_DAYS = 180
# Only a few: one write-off per this many months of history.
MONTHS_PER_WRITE_OFF = 6


def write_off_bad_debt(
    params: SeedParams,
    plan: pd.DataFrame,
    ledgers: list[InvoiceMoney],
    due: np.ndarray,
    habit: np.ndarray,
    excluded: np.ndarray,
) -> np.ndarray:
    """Write off the oldest never-paid invoices of distressed buyers; returns which.

    Args:
        params: The run's parameters.
        plan: The invoices in issue order.
        ledgers: Each invoice's money (the chosen ones get their write-off).
        due: Due dates.
        habit: Each invoice's buyer's payment habit.
        excluded: Invoices that cannot be written off (returned ones, COD holds).
    """
    as_of = np.datetime64(pd.Timestamp(params.end), "ns")
    write_off_day = due + WRITE_OFF_AFTER_DAYS * DAY
    untouched = np.array(
        [not ledger.receipts and ledger.credit_cents == 0 for ledger in ledgers], dtype=bool
    )
    candidates = np.flatnonzero(
        (habit == "distressed") & untouched & ~excluded & (write_off_day <= as_of)
    )
    wanted = params.months // MONTHS_PER_WRITE_OFF
    chosen = candidates[np.argsort(due[candidates], kind="stable")][:wanted]
    total_cents = cents(plan["total"])
    written_off = np.zeros(len(plan), dtype=bool)
    for i in chosen:
        ledgers[i].written_off_day = write_off_day[i]
        ledgers[i].written_off_cents = int(total_cents[i])
        written_off[i] = True
    return written_off


def write_off_events(
    params: SeedParams,
    ledgers: list[InvoiceMoney],
    invoices: pd.DataFrame,
    written_off: np.ndarray,
    owners: np.ndarray,
) -> pd.DataFrame:
    """Each write-off in date order with its WO number, amount and the owner who ran it.

    Returns:
        Columns invoice_id, client_id, cents, at, created_by, number.
    """
    positions = np.flatnonzero(written_off)
    days = np.array([ledgers[i].written_off_day for i in positions], dtype="datetime64[ns]")
    order = np.argsort(days, kind="stable")
    positions, days = positions[order], days[order]
    # The bookkeeper runs write-offs at the end of a working day; an owner signs them off.
    rng = stream(params.seed, STREAMS, "write_offs")
    at = pd.to_datetime(days) + pd.to_timedelta(rng.integers(15 * 60, 17 * 60, len(days)), "m")
    return pd.DataFrame(
        {
            "invoice_id": invoices["id"].to_numpy()[positions],
            "client_id": invoices["customerId"].to_numpy()[positions],
            "cents": np.array([ledgers[i].written_off_cents for i in positions], dtype=np.int64),
            "at": at.to_numpy(),
            "created_by": rng.choice(owners, len(positions)) if len(positions) else [],
            "number": [f"{WRITE_OFF_PREFIX}-{n:05d}" for n in range(1, len(positions) + 1)],
        }
    )
