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
of old debt, the last one paid in part. A few of the oldest debts nobody will pay are written
off first (bad_debt.py), and the calibration works around them.

The app's other money screens are filled from the same events: every invoice has its
`transactions` row (credits are written against it and applied to it), every credit's use is
a `creditApplications` row, `client_transactions` is the buyer's ledger from which TERP's
updateClientStats gives back total_owed, total_spent and oldest_debt_days, the credit engine
is run at as-of (`client_credit_limits`), and `sales` holds every standing invoiced line.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.access.jobs import desk_staff
from terp_seed.generate.batches import staff_ids
from terp_seed.generate.clients import buyer_tags
from terp_seed.generate.family import Family
from terp_seed.generate.invoices.aging import calibrate_aging
from terp_seed.generate.invoices.bad_debt import write_off_bad_debt, write_off_events
from terp_seed.generate.invoices.build import (
    build_clients,
    build_credits,
    build_invoiceLineItems,
    build_invoices,
    build_orders,
)
from terp_seed.generate.invoices.client_ledger import build_client_transactions
from terp_seed.generate.invoices.credit_limits import (
    build_client_credit_limits,
    build_credit_signal_history,
    build_credit_system_settings,
    credit_limits,
    credit_signals,
)
from terp_seed.generate.invoices.payments import (
    PAYMENT_METHODS,
    build_invoice_payments,
    build_payments,
    payment_events,
    refunds_after_their_credits,
)
from terp_seed.generate.invoices.plan import STREAMS, plan_invoices
from terp_seed.generate.invoices.sales import build_sales
from terp_seed.generate.invoices.settle import owed_when_invoiced, settle_invoices
from terp_seed.generate.invoices.transactions import (
    build_creditApplications,
    build_transactionLinks,
    build_transactions,
    refund_events,
)
from terp_seed.generate.money import cents
from terp_seed.generate.numbering import sequences
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.receivables import (
    AGING_BUCKETS,
    SALE_STATUS_OF_INVOICE,
    SALE_STATUS_OF_WRITTEN_OFF,
    SEVERE_DAYS,
    aging_buckets,
)

__all__ = [
    "AGING_BUCKETS",
    "AMENDS",
    "CREATES",
    "FAMILY",
    "ORDERS_TABLES_READ",
    "PAYMENT_METHODS",
    "SALE_STATUS_OF_INVOICE",
    "SALE_STATUS_OF_WRITTEN_OFF",
    "SEVERE_DAYS",
    "STREAMS",
    "TABLES",
    "aging_buckets",
    "generate",
]

# The tables this family writes; orders, clients and credits whole, with their new state.
CREATES = (
    "invoices",
    "invoiceLineItems",
    "payments",
    "invoice_payments",
    "sequences",
    "transactions",
    "transactionLinks",
    "creditApplications",
    "client_transactions",
    "sales",
    "credit_signal_history",
    "credit_system_settings",
)
AMENDS = ("credits", "orders", "clients", "client_credit_limits")
TABLES = CREATES + AMENDS

# What this family reads of the orders family's tables.
ORDERS_TABLES_READ = ("orders", "order_line_items", "credits", "batches")


def simulate(
    params: SeedParams, plan: pd.DataFrame, clients: pd.DataFrame, credits: pd.DataFrame
) -> dict[str, object]:
    """Settle every invoice in time, then bring aging to its shares.

    Returns:
        ledgers (each invoice's money), terms and due dates as invoiced, held (issued COD
        over the limit), returned (voided by a return), written_off (voided as bad debt) and
        credit_use (per credit: applied
        to its invoice, paid back in cash).
    """
    habit_of = buyer_tags(clients).set_index("client_id")["habit"]
    habit = habit_of.reindex(plan["client_id"]).fillna("on_time").to_numpy()
    ledgers, terms, due, held, credit_use, returned = settle_invoices(
        params, plan, clients, habit, credits
    )
    # How much more each buyer could have owed on the day of an invoice it got terms for.
    limit_cents = cents(
        clients.set_index("id")["credit_limit"].reindex(plan["client_id"]).fillna(0.0)
    )
    given_terms = (plan["terms"].to_numpy() != "COD") & ~held
    headroom = np.where(
        given_terms, limit_cents - owed_when_invoiced(plan, ledgers), np.iinfo(np.int64).max
    )
    written_off = write_off_bad_debt(params, plan, ledgers, due, habit, held | returned)
    # Aging is brought to its shares through invoices only their buyers' habits moved: not
    # those whose amounts a credit, a hold or a write-off fixed (a refund paid back in cash
    # must stay backed by the receipts it refunded).
    credited = np.array([m.credit_cents > 0 or m.refund_cents > 0 for m in ledgers], dtype=bool)
    adjustable = ~held & ~returned & ~written_off & ~credited
    calibrate_aging(params, plan, ledgers, due, habit, adjustable, held, headroom)
    return {
        "ledgers": ledgers,
        "terms": terms,
        "due": due,
        "held": held,
        "returned": returned,
        "written_off": written_off,
        "credit_use": credit_use,
    }


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
    # The bookkeepers raise invoices and record payments (the owners when nobody keeps books).
    accounting = desk_staff(reference["users"], "accounting")
    staff = (np.concatenate([owners, floor]), accounting)
    bank_account = int(reference["bankAccounts"]["id"].iloc[0])
    client_frame = clients["clients"]
    plan = plan_invoices(orders["orders"])
    invoice_ids = np.arange(1, len(plan) + 1)
    settled = simulate(params, plan, client_frame, orders["credits"])

    events, payments = buyer_payments(
        params, plan, settled, orders["credits"], (invoice_ids, staff, bank_account), as_of
    )
    allocations = build_invoice_payments(events, payments, invoice_ids)
    invoices = build_invoices(params, plan, settled, payments, allocations, invoice_ids)
    # The bookkeeper on duty raises each invoice as its order ships (its own stream: no
    # other draw moves).
    clerks = stream(params.seed, STREAMS, "invoice_clerks")
    invoices["createdBy"] = clerks.choice(accounting, len(invoices))
    credits = build_credits(orders["credits"], settled["credit_use"], invoice_ids)
    frames = {
        "invoices": invoices,
        "invoiceLineItems": build_invoiceLineItems(
            plan, orders["order_line_items"], orders["batches"], invoice_ids
        ),
        "payments": payments,
        "invoice_payments": allocations,
        "credits": credits,
        "orders": build_orders(
            orders["orders"], plan, invoices, invoice_ids, settled["written_off"]
        ),
        "clients": build_clients(
            client_frame,
            invoices,
            plan,
            credits,
            settled["returned"] | settled["written_off"],
            as_of,
        ),
    }
    write_offs = write_off_events(
        params, settled["ledgers"], invoices, settled["written_off"], owners
    )
    frames.update(
        credit_trail(params, settled["credit_use"], invoices, payments, credits, write_offs)
    )
    frames["client_transactions"] = build_client_transactions(
        invoices, payments, allocations, credits, frames["creditApplications"]
    )
    frames.update(credit_engine(params, frames, numbered["client_credit_limits"]))
    frames["sales"] = build_sales(
        invoices, orders["order_line_items"], orders["batches"], frames["orders"]
    )
    frames["sequences"] = sequences(params, {**numbered, **orders, **frames})
    return frames


def buyer_payments(
    params: SeedParams,
    plan: pd.DataFrame,
    settled: dict,
    credits: pd.DataFrame,
    books: tuple[np.ndarray, tuple[np.ndarray, np.ndarray], int],
    as_of: np.datetime64,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Receipts and refunds grouped into `payments`, each refund after the credit it pays back.

    Args:
        params: The run's parameters.
        plan: The invoices to issue, in position order.
        settled: What the settlement walk decided (ledgers, credit use).
        credits: The credits as the orders family wrote them.
        books: (invoice ids, (staff, bookkeepers), the bank account the money moves through).
        as_of: The as-of instant; nothing is paid after it.

    Returns:
        (events, payments): the receipt and refund events, and the payments rows.
    """
    invoice_ids, staff, bank_account = books
    events, grouped = payment_events(plan, settled["ledgers"], as_of)
    payments = build_payments(
        params, grouped, plan["order_number"].to_numpy(), invoice_ids, staff, bank_account, as_of
    )
    buyer = plan["client_id"].to_numpy()
    return events, refunds_after_their_credits(payments, settled["credit_use"], credits, buyer)


def credit_trail(
    params: SeedParams,
    credit_use: pd.DataFrame,
    invoices: pd.DataFrame,
    payments: pd.DataFrame,
    credits: pd.DataFrame,
    write_offs: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """`transactions`, `transactionLinks` and `creditApplications`.

    Every credit's use and every bad-debt write-off, as the app's credit, refund and
    write-off paths record them.
    """
    refunds = refund_events(credit_use, invoices, payments)
    first_refund_id = len(invoices) + 1
    as_of_end = pd.Timestamp(params.end) + pd.Timedelta(hours=23, minutes=59)
    return {
        "transactions": build_transactions(params, invoices, refunds, write_offs),
        "transactionLinks": build_transactionLinks(refunds, first_refund_id, write_offs, invoices),
        "creditApplications": build_creditApplications(
            credit_use, credits, invoices, refunds, first_refund_id, as_of_end
        ),
    }


def credit_engine(
    params: SeedParams, frames: dict[str, pd.DataFrame], limits: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The credit engine run at as-of over every buyer's totals and client transactions."""
    now = pd.Timestamp(params.end) + pd.Timedelta(hours=23, minutes=59)
    clients = frames["clients"]
    buyers = clients[clients["id"].isin(limits["client_id"])]
    signals = credit_signals(buyers, frames["client_transactions"], now)
    result = credit_limits(buyers, signals)
    return {
        "client_credit_limits": build_client_credit_limits(limits, buyers, result, now),
        "credit_signal_history": build_credit_signal_history(signals, result, now),
        "credit_system_settings": build_credit_system_settings(pd.Timestamp(params.start)),
    }


FAMILY = Family(
    name="invoices",
    description="Billing: an invoice per shipped sale, payments by each buyer's habit, aging AR.",
    upstream=("orders",),
    creates=CREATES,
    amends=AMENDS,
    build=lambda params, tables: generate(params, tables, tables, tables, tables),
)
