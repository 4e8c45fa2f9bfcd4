"""The collections family: the paper trail of collecting money and of paying suppliers on time.

TERP keeps, beside the invoices and the ledger, the records its finance staff leave while they
collect and pay:
- a receipt for every payment a buyer makes (receipts.py), with the buyer's balance before
  and after it, as the app's receipt dialog records them;
- the audit trail of each buyer's credit limit (`credit_audit_log`): set by hand by the owners
  when the account was opened, which TERP logs as a manual override (notices.py);
- the notices accounting got about consignment payables (`payable_notifications`): due once a
  supplier's batch sold out and the grace period passed, overdue the morning after a due date
  that passed unpaid (notices.py);
- buyers' disputes of their invoices (disputes.py): each refund credit settled one, and
  buyers who pay late dispute invoices to stall, which the office rejects;
- payment plans for buyers behind on an invoice who have started paying it late
  (installments.py);
- a CREDIT adjustment on the buyer's ledger for each credit given and each debt written off,
  which TERP's client ledger screen does not otherwise see (adjustments.py).

Nothing upstream is amended: each row records an event the other families already wrote.
"""

import pandas as pd

from terp_seed.generate.batches import staff_ids
from terp_seed.generate.collections.adjustments import build_client_ledger_adjustments
from terp_seed.generate.collections.disputes import build_dispute_notes, build_invoice_disputes
from terp_seed.generate.collections.installments import build_installment_plans
from terp_seed.generate.collections.notices import (
    build_credit_audit_log,
    build_payable_notifications,
)
from terp_seed.generate.collections.receipts import build_receipts
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams

CREATES = (
    "receipts",
    "credit_audit_log",
    "payable_notifications",
    "invoice_disputes",
    "dispute_notes",
    "installment_plans",
    "installments",
    "client_ledger_adjustments",
)


def as_of_moment(params: SeedParams) -> pd.Timestamp:
    """The last minute of the as-of day: the seed's now."""
    return pd.Timestamp(params.end) + pd.Timedelta(hours=23, minutes=59)


def generate(params: SeedParams, tables: Tables) -> Frames:
    """Receipts for payments taken, the credit-limit audit trail, payable notices.

    Args:
        params: The run's parameters.
        tables: invoices, invoice_payments, payments, creditApplications, transactions
            (invoices, ledger); clients, users; vendor_payables, batches.

    Returns:
        Frames for receipts, credit_audit_log and payable_notifications.
    """
    owners, _ = staff_ids(tables["users"])
    state = dict(tables)
    now = as_of_moment(params)
    disputes = build_invoice_disputes(params, state, now, int(owners[0]))
    plans, installments = build_installment_plans(params, state, now, int(owners[0]))
    return {
        "receipts": build_receipts(state),
        "credit_audit_log": build_credit_audit_log(tables["clients"], int(owners[0])),
        "payable_notifications": build_payable_notifications(state, now),
        "invoice_disputes": disputes,
        "dispute_notes": build_dispute_notes(disputes),
        "installment_plans": plans,
        "installments": installments,
        "client_ledger_adjustments": build_client_ledger_adjustments(state),
    }


FAMILY = Family(
    name="collections",
    description="Receipts for payments taken, the credit-limit audit trail, payable notices.",
    upstream=("ledger",),
    creates=CREATES,
    amends=(),
    build=generate,
)
