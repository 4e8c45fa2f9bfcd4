"""Property tests of the ledger family: double entry, control accounts, cash, determinism."""

import json

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import ledger, orders
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import generate_run, seeded_run

PROFILES = ["light", "full"]
ENTRY_FORMATS = {
    "INVOICE": r"^SALE-INV-\d{4}-\d{6}-(DR|CR|COGS-DR|INV-CR|CONS-CR)$",
    "CREDIT": r"^REF-CR-(RTN-)?\d{5}-(DR|CR)$",
    "RETURN": r"^RTN-INV-\d{4}-\d{6}-(INV-DR|CONS-DR|COGS-CR)$",
    "PAYMENT": r"^PMT-\d+-(DR|CR)$",
    "BILL": r"^BILL-BILL-\d{4}-\d{6}-(DR|CR)$",
    "EXPENSE": r"^EXP-EXP-\d{4}-\d{6}-(DR|CR)$",
    "EQUITY": r"^OPEN-\d{8}-(DR|CR)$",
    "WRITE_OFF": r"^WO-WO-\d{5}-(1|2)$",
}


def _run(profile: str) -> tuple:
    run = seeded_run(profile)
    return (
        run.params,
        run.reference,
        run.clients,
        run.batches,
        run.orders,
        run.invoices,
        run.ledger,
    )


def _cents(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)


def _balances(profile: str) -> pd.Series:
    _, ref, *_, books = _run(profile)
    return ledger.account_balances(books["ledgerEntries"], ref["accounts"]).set_index(
        "accountName"
    )["balance"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    params, *_, books = _run(profile)
    for table, frame in books.items():
        assert_matches_schema(table, frame, cutoff_of(params))


@pytest.mark.parametrize("profile", PROFILES)
def test_r8_every_posting_balances_and_lines_are_one_sided(profile):
    *_, books = _run(profile)
    lines = books["ledgerEntries"]
    debit, credit = _cents(lines["debit"]), _cents(lines["credit"])
    assert ((debit > 0) ^ (credit > 0)).all(), "a line is two-sided or empty"
    net = (
        pd.Series(debit - credit)
        .groupby([lines["referenceType"], lines["referenceId"].fillna(0)])
        .sum()
    )
    unbalanced = net[net != 0]
    assert unbalanced.empty, f"posting {unbalanced.index[0]} off by {unbalanced.iloc[0]} cents"
    assert debit.sum() == credit.sum()


@pytest.mark.parametrize("profile", PROFILES)
def test_r8_entry_numbers_are_unique_and_in_the_app_formats(profile):
    *_, books = _run(profile)
    lines = books["ledgerEntries"]
    duplicated = lines["entryNumber"][lines["entryNumber"].duplicated()]
    assert duplicated.empty, f"entryNumber {duplicated.iloc[0]} used twice"
    for kind, pattern in ENTRY_FORMATS.items():
        numbers = lines.loc[lines["referenceType"] == kind, "entryNumber"]
        bad = numbers[~numbers.str.match(pattern)]
        assert bad.empty, f"{kind} entry {bad.iloc[0]} is not in the app's format"
    assert set(lines["referenceType"]) <= set(ENTRY_FORMATS)
    payments = lines[lines["referenceType"] == "PAYMENT"]
    ids = payments["entryNumber"].str.extract(r"^PMT-(\d+)-")[0].astype(int)
    assert (ids.to_numpy() == payments["referenceId"].to_numpy()).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_r8_entries_sit_in_their_fiscal_period(profile):
    _, ref, *_, books = _run(profile)
    periods = ref["fiscalPeriods"].set_index("id")
    lines = books["ledgerEntries"]
    day = pd.to_datetime(lines["entryDate"])
    start = pd.to_datetime(periods["startDate"].reindex(lines["fiscalPeriodId"]).to_numpy())
    end = pd.to_datetime(periods["endDate"].reindex(lines["fiscalPeriodId"]).to_numpy())
    outside = (day.to_numpy() < start) | (day.to_numpy() > end)
    assert not outside.any(), f"{lines['entryNumber'][outside].iloc[0]} outside its period"


@pytest.mark.parametrize("profile", PROFILES)
def test_r9_receivables_net_to_amount_due_per_invoice(profile):
    _, ref, _, _, sold, billed, books = _run(profile)
    accounts = ref["accounts"].set_index("accountName")["id"]
    lines = books["ledgerEntries"]
    ar = lines[lines["accountId"] == accounts["Accounts Receivable"]]
    net = pd.Series(_cents(ar["debit"]) - _cents(ar["credit"]), index=ar.index)
    invoice_frame = billed["invoices"]
    # Which invoice each AR line belongs to: the sale itself, the allocations of a receipt,
    # a buyer's refund (its invoiceId), a credit (through the order it was written for).
    per_invoice = pd.Series(0, index=invoice_frame["id"].to_numpy(), dtype=np.int64)
    sales = ar["referenceType"] == "INVOICE"
    per_invoice = per_invoice.add(
        net[sales].groupby(ar.loc[sales, "referenceId"]).sum(), fill_value=0
    )
    allocations = billed["invoice_payments"]
    per_invoice = per_invoice.sub(
        pd.Series(_cents(allocations["allocated_amount"]))
        .groupby(allocations["invoice_id"].to_numpy())
        .sum(),
        fill_value=0,
    )
    payments = books["payments"]
    refunds = payments[(payments["paymentType"] == "SENT") & payments["customerId"].notna()]
    per_invoice = per_invoice.add(
        pd.Series(_cents(refunds["amount"])).groupby(refunds["invoiceId"].to_numpy()).sum(),
        fill_value=0,
    )
    credits = billed["credits"]
    order_of_credit = orders.credited_order_numbers(credits)
    order_id = sold["orders"].set_index("order_number")["id"].reindex(order_of_credit)
    invoice_of_order = invoice_frame.set_index("referenceId")["id"]
    credit_invoice = invoice_of_order.reindex(order_id.to_numpy()).to_numpy()
    per_invoice = per_invoice.sub(
        pd.Series(_cents(credits["creditAmount"])).groupby(credit_invoice).sum(), fill_value=0
    )
    # A bad-debt write-off clears its invoice (WO lines reference the write-off transaction).
    written = ar["referenceType"] == "WRITE_OFF"
    txns = billed["transactions"].set_index("id")
    original = (
        txns["metadata"]
        .reindex(ar.loc[written, "referenceId"])
        .map(lambda m: json.loads(m)["originalTransactionId"])
    )
    per_invoice = per_invoice.add(net[written].groupby(original.to_numpy()).sum(), fill_value=0)
    due = pd.Series(_cents(invoice_frame["amountDue"]), index=invoice_frame["id"].to_numpy())
    off = per_invoice.reindex(due.index) - due
    off = off[off != 0]
    assert off.empty, f"invoice {off.index[0]}: AR lines net {off.iloc[0]} cents off amountDue"
    receipts_and_refunds = ar["referenceType"].isin(["INVOICE", "PAYMENT", "CREDIT", "WRITE_OFF"])
    assert receipts_and_refunds.all()
    assert net.sum() == _cents(invoice_frame["amountDue"]).sum()


@pytest.mark.parametrize("profile", PROFILES)
def test_r9_control_accounts_equal_their_subledgers(profile):
    _, _, _, _, sold, billed, books = _run(profile)
    balance = _balances(profile)
    assert _cents(balance["Accounts Receivable"]) == _cents(billed["clients"]["total_owed"]).sum()
    assert -_cents(balance["Accounts Payable"]) == _cents(books["bills"]["amountDue"]).sum()
    assert -_cents(balance["Consignment Payable"]) == (
        _cents(books["vendor_payables"]["amount_due"]).sum()
    )
    stock = sold["inventoryMovements"].merge(
        sold["batches"][["id", "unitCogs", "ownership_type"]], left_on="batchId", right_on="id"
    )
    stock = stock[stock["ownership_type"] == "OFFICE_OWNED"]
    value = ledger.line_cost_cents(stock["quantityChange"].abs(), stock["unitCogs"])
    assert _cents(balance["Inventory"]) == int((np.sign(stock["quantityChange"]) * value).sum())
    assert -_cents(balance["Sales Revenue"]) == _cents(billed["invoices"]["totalAmount"]).sum()
    assert _cents(balance["Sales Returns and Allowances"]) == (
        _cents(billed["credits"]["creditAmount"]).sum()
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_r10_cash_never_negative_and_bank_equals_cash(profile):
    *_, books = _run(profile)
    register = books["bankTransactions"].sort_values(["transactionDate", "createdAt", "id"])
    signed = np.where(register["transactionType"] == "DEPOSIT", 1, -1) * _cents(register["amount"])
    running = np.cumsum(signed)
    assert running.min() >= ledger.EQUITY_CUSHION_CENTS, (
        f"cash falls to {running.min() / 100:,.2f} "
        f"on {register['transactionDate'].iloc[running.argmin()]}"
    )
    balance = _balances(profile)
    assert running[-1] == _cents(balance["Cash"])
    assert _cents(books["bankAccounts"]["currentBalance"]).sum() == running[-1]
    # Every cash movement has its bank line: payments one each, expenses one each, equity.
    assert len(register) == len(books["payments"]) + len(books["expenses"]) + 1
    margin = 1 - balance["Cost of Goods Sold"] / -(
        balance["Sales Revenue"] + balance["Sales Returns and Allowances"]
    )
    assert 0.20 <= margin <= 0.40, f"gross margin {margin:.1%}"


@pytest.mark.parametrize("profile", PROFILES)
def test_payments_are_numbered_per_month_without_gaps(profile):
    *_, books = _run(profile)
    payments = books["payments"].assign(day=pd.to_datetime(books["payments"]["paymentDate"]))
    payments = payments.sort_values(["day", "id"])
    expected = [
        f"PMT-{d:%Y%m}-{n:05d}"
        for d, n in zip(
            payments["day"],
            payments.groupby(payments["day"].dt.strftime("%Y%m")).cumcount() + 1,
            strict=True,
        )
    ]
    assert payments["paymentNumber"].tolist() == expected
    assert payments["id"].is_unique


@pytest.mark.parametrize("profile", PROFILES)
def test_supplier_documents_are_paid_on_their_terms(profile):
    params, *_, books = _run(profile)
    as_of = pd.Timestamp(params.end)
    bills = books["bills"]
    paid = bills["status"] == "PAID"
    assert (_cents(bills["amountDue"])[paid.to_numpy()] == 0).all()
    open_ = bills[~paid]
    assert ((pd.to_datetime(open_["dueDate"]) < as_of) == (open_["status"] == "OVERDUE")).all()
    bill_payments = books["payments"].dropna(subset=["billId"])
    on_bill = bill_payments.set_index("billId")["paymentDate"]
    due = pd.to_datetime(bills.set_index("id")["dueDate"].reindex(on_bill.index))
    late = (pd.to_datetime(on_bill) - due).dt.days
    assert late.between(-3, 21).mean() > 0.95, "bills are not paid around their due dates"
    payables = books["vendor_payables"]
    settled = payables[payables["status"] == "PAID"]
    assert (pd.to_datetime(settled["paid_date"]) >= pd.to_datetime(settled["due_date"])).all()
    assert len(books["paymentHistory"]) == len(settled)
    assert np.isclose(books["paymentHistory"]["amount"].sum(), settled["amount_paid"].sum())


@pytest.mark.parametrize("profile", PROFILES)
def test_expenses_every_month(profile):
    params, *_, books = _run(profile)
    expenses = books["expenses"]
    month = pd.to_datetime(expenses["expenseDate"]).dt.to_period("M")
    per_month = expenses.groupby(month)["totalAmount"].sum()
    assert len(per_month) == params.months
    full_months = per_month.iloc[:-1] if len(per_month) > 1 else per_month
    assert full_months.between(69_000, 71_000).all(), per_month


def test_same_seed_gives_identical_frames():
    first = _run("light")[-1]
    second = generate_run("light").ledger  # generated afresh, not the shared run
    for table, frame in first.items():
        pd.testing.assert_frame_equal(frame, second[table], obj=table)
