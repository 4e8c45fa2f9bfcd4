"""The ledger family: every economic event of the seeded history, posted as TERP posts it.

The general ledger has no header table: `ledgerEntries` holds one row per debit or credit
line, grouped into postings by (referenceType, referenceId), each line with its own unique
entryNumber in the app's style (`SALE-<invoiceNumber>-DR`, `PMT-<paymentId>-CR`, ...).

What is posted, in business terms:
- a sale, on its invoice date: the buyer owes the invoice total (DR Accounts Receivable /
  CR Sales Revenue), and the goods leave at cost (DR Cost of Goods Sold / CR Inventory for
  office-owned stock, CR Consignment Payable for consigned stock, which is owed to the
  supplier once sold);
- a return or refund credit: revenue given back (DR Sales Returns and Allowances / CR AR);
- a bad-debt write-off, as the app posts it: DR Bad Debt Expense / CR AR (WO-WO-00001-1/-2);
  a return also puts the goods back at the same cost (DR Inventory or Consignment Payable /
  CR COGS);
- a buyer's payment: DR Cash / CR AR; cash refunded to a buyer: DR AR / CR Cash;
- a supplier's bill for office-owned stock: DR Inventory / CR Accounts Payable, paid on its
  terms (DR AP / CR Cash); consigned stock is settled once sold out, on the supplier's terms
  (DR Consignment Payable / CR Cash, with a `paymentHistory` row);
- the month's overheads (rent, insurance, utilities, two payroll runs, marketing), paid from
  the operating account;
- the owners' opening capital, large enough that cash never runs out.

Line cost convention: a sale line's cost is its quantity times the batch's unit cost, rounded
to the cent PER LINE, half up (`line_cost_cents`). Both factors have two decimals, so the
product is an exact multiple of 0.0001 and a tie is exact; the rules' SQL computes
`ROUND(quantity * unit_cost + 0.000001, 2)`, which rounds exactly the same way on MySQL's exact
DECIMAL and on SQLite's floating point (the float error is far below 0.000001, and no other
value lies within 0.0001 of a rounding boundary). Inventory then equals, to the cent, the
owned stock valued movement by movement (each intake, sale and return at its batch's unit
cost, rounded per movement), because each sale and return movement is one order line.

Bank: one operating account; every cash movement is a `bankTransactions` row, and the
account's current balance is their sum, which is also the Cash account's balance, and the
balance of the one cash location the owner dashboard counts (`cash_locations`).
"""

import numpy as np
import pandas as pd

from terp_seed.generate.batches import staff_ids
from terp_seed.generate.family import Family
from terp_seed.generate.ledger.bank import (
    EQUITY_CUSHION_CENTS,
    bank_register,
    build_bankAccounts,
    build_bankTransactions,
    opened_at,
    opening_capital,
    opening_number,
    with_opening,
)
from terp_seed.generate.ledger.cash import (
    build_cash_location_transactions,
    build_cash_locations,
    build_paymentMethods,
)
from terp_seed.generate.ledger.common import ints
from terp_seed.generate.ledger.overheads import build_expenseCategories, build_expenses
from terp_seed.generate.ledger.postings import (
    Postings,
    cost_split,
    line_cost_cents,
    line_costs,
    post_bills,
    post_credits,
    post_expenses,
    post_payments,
    post_returns,
    post_sales,
    post_write_offs,
)
from terp_seed.generate.ledger.suppliers import (
    build_paymentHistory,
    build_payments,
    build_vendor_payables,
    pay_bills,
    sent_payments,
    settle_consignment,
    suppliers_of,
)
from terp_seed.generate.money import cents
from terp_seed.params import SeedParams
from terp_seed.terp.ledger import (
    AP,
    AR,
    CASH,
    COGS,
    CONSIGNMENT_PAYABLE,
    EQUITY,
    INVENTORY,
    RETURNS,
    REVENUE,
)

__all__ = [
    "AMENDS",
    "AP",
    "AR",
    "CASH",
    "COGS",
    "CONSIGNMENT_PAYABLE",
    "CREATES",
    "EQUITY",
    "EQUITY_CUSHION_CENTS",
    "FAMILY",
    "INVENTORY",
    "RETURNS",
    "REVENUE",
    "TABLES",
    "account_balances",
    "cost_split",
    "generate",
    "line_cost_cents",
]

# The tables this family writes; payments, bills, vendor payables and bank accounts whole.
CREATES = (
    "ledgerEntries",
    "bankTransactions",
    "paymentHistory",
    "expenseCategories",
    "expenses",
    "cash_locations",
    "cash_location_transactions",
    "paymentMethods",
)
AMENDS = ("bankAccounts", "payments", "bills", "vendor_payables")
TABLES = CREATES + AMENDS


def pay_suppliers(
    params: SeedParams,
    clients: dict[str, pd.DataFrame],
    batches: dict[str, pd.DataFrame],
    orders: dict[str, pd.DataFrame],
    invoices: dict[str, pd.DataFrame],
    lines: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Bills paid on their terms, consignment after sell-out; payments whole and numbered.

    Returns:
        bills, vendor_payables, payments, paymentHistory (frames) and supplier (the suppliers'
        ids, methods and terms).
    """
    owners, _ = staff_ids(invoices["users"])
    bank_account = int(ints(invoices["bankAccounts"]["id"])[0])
    supplier = suppliers_of(clients)
    returns = orders["returns"]
    returned_orders = set(ints(returns["order_id"])) if len(returns) else set()
    kept = ~lines["order_id"].isin(returned_orders)
    consigned_cost = lines[kept & ~lines["owned"]].groupby("batch_id")["cents"].sum()
    bills, bill_payments = pay_bills(
        params, batches["bills"], supplier.set_index("vendor_id"), owners
    )
    payables, consignment_payments = settle_consignment(
        params, orders["vendor_payables"], consigned_cost, supplier.set_index("client_id"), owners
    )
    # Only the invoices family's payments (re-materializing must not stack our own rows).
    buyer_payments = invoices["payments"]
    buyer_payments = buyer_payments[buyer_payments["vendorId"].isna()].copy()
    first_id = int(ints(buyer_payments["id"]).max()) + 1 if len(buyer_payments) else 1
    new_payments = sent_payments(bill_payments, consignment_payments, first_id)
    payments = build_payments(params, buyer_payments, new_payments, bank_account)
    return {
        "bills": bills,
        "vendor_payables": build_vendor_payables(payables, new_payments, payments),
        "payments": payments,
        "paymentHistory": build_paymentHistory(new_payments, payments, supplier),
        "supplier": supplier,
    }


def build_ledgerEntries(
    params: SeedParams,
    tables: dict[str, pd.DataFrame],
    lines: pd.DataFrame,
    paid: dict[str, pd.DataFrame],
    expenses: tuple[pd.DataFrame, pd.DataFrame],
    equity: int,
) -> pd.DataFrame:
    """`ledgerEntries`: sales, credits, returns, payments, bills, overheads, opening capital."""
    start = pd.Timestamp(params.start)
    accounts = tables["accounts"]
    account_ids = dict(zip(accounts["accountName"], ints(accounts["id"]), strict=True))
    postings = Postings(account_ids)
    invoice_frame = tables["invoices"]
    client_names = tables["clients"].set_index(ints(tables["clients"]["id"]))["name"]
    vendors = tables["vendors"].set_index(ints(tables["vendors"]["id"]))
    post_sales(postings, invoice_frame, lines, client_names)
    post_credits(postings, tables["credits"])
    post_returns(postings, tables["returns"], invoice_frame, lines)
    post_write_offs(postings, tables["transactions"])
    post_payments(postings, paid["payments"])
    post_bills(postings, paid["bills"], vendors, start)
    post_expenses(postings, expenses[1], expenses[0], accounts)
    owners, _ = staff_ids(tables["users"])
    opening_common = {
        "day": pd.Series([start]),
        "reference_type": "EQUITY",
        "reference_id": None,
        "created_by": np.array([int(owners[0])]),
        "created_at": pd.Series([opened_at(start)]),
        "description": ["Owners' opening capital deposited in the operating account"],
    }
    number = opening_number(start)
    postings.add([f"{number}-DR"], CASH, "DR", np.array([equity]), **opening_common)
    postings.add([f"{number}-CR"], EQUITY, "CR", np.array([equity]), **opening_common)
    return postings.frame(tables["fiscalPeriods"])


def generate(params: SeedParams, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Post the seeded history; pay bills and consignment; overheads; bank register.

    Args:
        params: The run's parameters.
        tables: Every upstream table: users, accounts, fiscalPeriods, bankAccounts (reference);
            clients, vendors, supplier_profiles (clients); bills (batches, unpaid as issued);
            order_line_items, returns, vendor_payables, batches (orders); invoices, payments
            (buyers' receipts and cash refunds), credits (invoices). Any may have been read
            back from the database.

    Returns:
        Frames for ledgerEntries, bankTransactions, paymentHistory, expenseCategories,
        expenses, and the FULL `payments`, `bills`, `vendor_payables` and `bankAccounts`
        tables with their state at as-of.
    """
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    owners, _ = staff_ids(tables["users"])
    accounts = tables["accounts"]
    account_ids = dict(zip(accounts["accountName"], ints(accounts["id"]), strict=True))
    bank_account = int(ints(tables["bankAccounts"]["id"])[0])
    lines = line_costs(tables["invoices"], tables["order_line_items"], tables["batches"])
    paid = pay_suppliers(params, tables, tables, tables, tables, lines)
    categories = build_expenseCategories(params, account_ids)
    expenses = build_expenses(params, categories, owners, bank_account)
    register = bank_register(paid["payments"], expenses, as_of)
    equity = opening_capital(register)
    register = with_opening(register, equity, start, as_of)
    return {
        "ledgerEntries": build_ledgerEntries(
            params, tables, lines, paid, (categories, expenses), equity
        ),
        "bankTransactions": build_bankTransactions(register, bank_account),
        "bankAccounts": build_bankAccounts(tables["bankAccounts"], bank_account, register),
        "payments": paid["payments"],
        "bills": paid["bills"],
        "vendor_payables": paid["vendor_payables"],
        "paymentHistory": paid["paymentHistory"],
        "expenseCategories": categories,
        "expenses": expenses,
        "cash_locations": build_cash_locations(
            tables["bankAccounts"].iloc[0],
            register,
            pd.to_datetime(tables["bankAccounts"]["createdAt"]).iloc[0],
        ),
        "paymentMethods": build_paymentMethods(
            paid["payments"], pd.to_datetime(tables["bankAccounts"]["createdAt"]).iloc[0]
        ),
        "cash_location_transactions": build_cash_location_transactions(
            register, paid["payments"], expenses, int(owners[0])
        ),
    }


def account_balances(ledger: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """The trial balance: per account, debits, credits and the debit-minus-credit balance.

    Returns:
        Columns accountNumber, accountName, debit, credit, balance (dollars, exact cents).
    """
    totals = (
        ledger.assign(dr=cents(ledger["debit"]), cr=cents(ledger["credit"]))
        .groupby("accountId")[["dr", "cr"]]
        .sum()
    )
    ids = ints(accounts["id"])
    totals = totals.reindex(ids, fill_value=0)
    return pd.DataFrame(
        {
            "accountNumber": accounts["accountNumber"].to_numpy(),
            "accountName": accounts["accountName"].to_numpy(),
            "debit": totals["dr"].to_numpy() / 100.0,
            "credit": totals["cr"].to_numpy() / 100.0,
            "balance": (totals["dr"] - totals["cr"]).to_numpy() / 100.0,
        }
    )


FAMILY = Family(
    name="ledger",
    description="The books: every sale, credit, payment, bill and overhead posted; bank register.",
    upstream=("invoices", "batches"),
    creates=CREATES,
    amends=AMENDS,
    build=generate,
)
