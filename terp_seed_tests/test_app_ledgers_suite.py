"""R18 (app ledgers) and R13's void coherence: the suite passes on full and medium, and each
blocking rule fails, naming the row, when one row of one table is off."""

import pandas as pd
import pytest

from terp_seed.rules import RuleContext, run_rules
from terp_seed.rules.app_ledgers import RULES
from terp_seed.rules.invoices import RULES as INVOICE_RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run

VOID_RULE = next(r for r in INVOICE_RULES if r.check == "void_invoices_keep_no_money")


@pytest.fixture(scope="module")
def frames():
    run = seeded_run("full")
    return run.params, run.tables()


def _audit(tmp_path, params, tables, rules=RULES):
    store = open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    store.begin_shadow()
    store.write(tables)
    results = run_rules(store.url_of(Where.SHADOW), rules, RuleContext(params), "app_ledgers")
    return {r.rule.check: r for r in results}


def _changed(tables, table, row, **values):
    out = dict(tables)
    frame = out[table].copy()
    for column, value in values.items():
        frame.loc[frame.index[row], column] = value
    out[table] = frame
    return out


@pytest.mark.parametrize("profile", ["full", "medium"])
def test_every_rule_passes(tmp_path, profile):
    run = seeded_run(profile)
    results = _audit(tmp_path, run.params, run.tables(), (*RULES, VOID_RULE))
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, failed


def _first_credit_applied_to_an_invoice(tables):
    applications = tables["creditApplications"]
    invoice_rows = tables["transactions"].query("transactionType == 'INVOICE'")["id"]
    return int(applications.index[applications["invoiceId"].isin(invoice_rows)][0])


CORRUPTIONS = {
    # check name -> (table, how to pick the row, column changes, offending key, expected)
    "every_credit_use_is_an_application": lambda t: (
        _changed(t, "credits", 3, amountUsed=float(t["credits"]["amountUsed"].iloc[3]) + 1.0),
        ("id", int(t["credits"]["id"].iloc[3])),
    ),
    "credit_applications_point_at_transactions": lambda t: (
        _changed(t, "creditApplications", 0, invoiceId=10**7),
        ("id", int(t["creditApplications"]["id"].iloc[0])),
    ),
    "invoice_paid_is_allocations_plus_credit": lambda t: (
        _changed(
            t,
            "creditApplications",
            _first_credit_applied_to_an_invoice(t),
            amountApplied=float(
                t["creditApplications"]["amountApplied"].iloc[
                    _first_credit_applied_to_an_invoice(t)
                ]
            )
            + 0.01,
        ),
        (
            "id",
            int(t["creditApplications"]["invoiceId"].iloc[_first_credit_applied_to_an_invoice(t)]),
        ),
    ),
    "every_invoice_has_its_transaction": lambda t: (
        _changed(t, "transactions", 5, transactionStatus="VOID"),
        ("id", int(t["invoices"]["id"].iloc[5])),
    ),
    "write_offs_recorded_as_the_app_records_them": lambda t: (
        _changed(
            t,
            "ledgerEntries",
            int(t["ledgerEntries"].index[t["ledgerEntries"]["referenceType"] == "WRITE_OFF"][0]),
            debit=float(t["ledgerEntries"].query("referenceType == 'WRITE_OFF'")["debit"].iloc[0])
            - 1.0,
        ),
        (
            "id",
            int(t["transactions"].query("transactionStatus == 'WRITTEN_OFF'")["id"].iloc[0]),
        ),
    ),
    "client_transactions_reproduce_buyer_totals": lambda t: (
        _changed(t, "client_transactions", 0, payment_status="PENDING"),
        ("id", int(t["client_transactions"]["client_id"].iloc[0])),
    ),
    "client_transactions_list_every_payment": lambda t: (
        _changed(
            t,
            "client_transactions",
            int(
                t["client_transactions"].index[
                    t["client_transactions"]["transaction_type"] == "PAYMENT"
                ][0]
            ),
            amount=1.0,
        ),
        (
            "client_id",
            int(
                t["client_transactions"].query("transaction_type == 'PAYMENT'")["client_id"].iloc[0]
            ),
        ),
    ),
    "dashboard_cash_equals_ledger_cash": lambda t: (
        _changed(
            t,
            "cash_locations",
            0,
            current_balance=float(t["cash_locations"]["current_balance"].iloc[0]) + 0.01,
        ),
        None,
    ),
    "cash_location_balances_are_their_rows": lambda t: (
        _changed(
            t,
            "cash_location_transactions",
            7,
            amount=float(t["cash_location_transactions"]["amount"].iloc[7]) + 1.0,
        ),
        ("id", 1),
    ),
    "credit_exposure_is_total_owed": lambda t: (
        _changed(t, "client_credit_limits", 0, current_exposure=0.0),
        ("id", int(t["client_credit_limits"]["client_id"].iloc[0])),
    ),
    "payments_use_active_payment_methods": lambda t: (
        _changed(
            t,
            "paymentMethods",
            int(t["paymentMethods"].index[t["paymentMethods"]["code"] == "WIRE"][0]),
            isActive=0,
        ),
        ("id", int(t["payments"].query("paymentMethod == 'WIRE'")["id"].iloc[0])),
    ),
    "sales_are_the_standing_invoiced_lines": lambda t: (
        _changed(t, "sales", 0, quantity=float(t["sales"]["quantity"].iloc[0]) + 1.0),
        None,
    ),
}


@pytest.mark.parametrize("check", sorted(CORRUPTIONS))
def test_one_row_off_fails_its_rule_and_is_named(tmp_path, frames, check):
    params, tables = frames
    rule = next(r for r in RULES if r.check == check)
    assert rule.blocking, f"{check} must block: it is an integrity rule"
    corrupted, key = CORRUPTIONS[check](tables)
    result = _audit(tmp_path, params, corrupted, (rule,))[check]
    assert not result.passed, f"{check} passed on a corrupted row"
    if key is not None:
        column, value = key
        named = [row[column] for row in result.offending]
        assert value in named, f"{check} named {named[:5]}, not {column} {value}"


def test_a_void_invoice_that_kept_a_payment_fails_and_is_named(tmp_path, frames):
    params, tables = frames
    invoices = tables["invoices"]
    void = invoices.index[invoices["status"] == "VOID"][0]
    corrupted = _changed(tables, "invoices", int(void), amountPaid=10.0)
    result = _audit(tmp_path, params, corrupted, (VOID_RULE,))[VOID_RULE.check]
    assert not result.passed
    assert int(invoices.loc[void, "id"]) in [row["id"] for row in result.offending]


def test_a_returned_order_still_paid_fails_and_is_named(tmp_path, frames):
    params, tables = frames
    from terp_seed.rules.invoices import RULES as rules

    rule = next(r for r in rules if r.check == "order_sale_status_matches_its_invoice")
    orders = tables["orders"]
    void_orders = tables["invoices"].query("status == 'VOID'")["referenceId"]
    row = int(orders.index[orders["id"].isin(void_orders)][0])
    corrupted = _changed(tables, "orders", row, saleStatus="PAID")
    result = _audit(tmp_path, params, corrupted, (rule,))[rule.check]
    assert not result.passed
    assert int(orders.loc[row, "id"]) in [r["id"] for r in result.offending]


def test_client_transactions_alone_give_what_each_buyer_owes(frames):
    params, tables = frames
    rows = tables["client_transactions"]
    stats = rows[rows["transaction_type"].isin(["INVOICE", "ORDER"])]
    owed = stats[stats["payment_status"] != "PAID"].groupby("client_id")["amount"].sum()
    buyers = tables["clients"].query("is_buyer == 1").set_index("id")
    gap = (owed.reindex(buyers.index, fill_value=0.0) - buyers["total_owed"]).abs()
    assert (gap < 0.005).all(), f"buyer {gap.idxmax()} owes {gap.max()} off its rows"
    assert pd.to_datetime(rows["transaction_date"]).max() <= pd.Timestamp(params.end)
