"""The ledger suite passes on the full profile with its figures, and fails, naming the
posting or account, when one posting or one control account is off by a cent."""

import pytest

from terp_seed.rules import RuleContext, run_rules
from terp_seed.rules.ledger import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run


@pytest.fixture(scope="module")
def frames():
    run = seeded_run("full")
    return run.params, run.tables()


def _audit(tmp_path, params, tables):
    store = open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    store.begin_shadow()
    store.write(tables)
    results = run_rules(store.url_of(Where.SHADOW), RULES, RuleContext(params), "ledger")
    return {r.rule.check: r for r in results}


def test_every_rule_passes_on_the_full_profile_with_its_figures(tmp_path, frames):
    params, tables = frames
    results = _audit(tmp_path, params, tables)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, failed
    margin = results["gross_margin_between_20_and_40_percent"].observed
    assert 0.20 <= margin <= 0.40
    assert abs(results["ledger_debits_equal_credits"].observed) < 0.005
    trial_balance = results["ledger_debits_equal_credits"].exhibits["trial balance"]
    total = trial_balance[-1]
    assert total["account"] == "TOTAL" and total["debit"] == total["credit"] > 0
    sheet = {
        row["section"]: row["amount"]
        for row in results["balance_sheet_balances"].exhibits["balance sheet"]
    }
    assert sheet["Total assets"] == sheet["Total liabilities and equity"] > 0
    pnl = results["gross_margin_between_20_and_40_percent"].exhibits["monthly P&L"]
    assert len(pnl) == params.months and all(row["net_income"] > 0 for row in pnl)


def test_a_posting_off_by_a_cent_fails_and_is_named(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    lines = tables["ledgerEntries"].copy()
    target = lines.index[
        lines["entryNumber"].str.endswith("-CR") & (lines["referenceType"] == "INVOICE")
    ][10]
    lines.loc[target, "credit"] = round(lines.loc[target, "credit"] + 0.01, 2)
    tables["ledgerEntries"] = lines
    results = _audit(tmp_path, params, tables)
    result = results["every_posting_balances"]
    assert not result.passed
    assert [(r["referenceType"], r["referenceId"]) for r in result.offending] == [
        ("INVOICE", int(lines.loc[target, "referenceId"]))
    ]
    assert not results["ledger_debits_equal_credits"].passed


def test_receivables_off_by_a_cent_fail_naming_the_account(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    invoice_frame = tables["invoices"].copy()
    open_invoice = invoice_frame.index[invoice_frame["amountDue"] > 0][0]
    invoice_frame.loc[open_invoice, "amountDue"] = round(
        invoice_frame.loc[open_invoice, "amountDue"] - 0.01, 2
    )
    tables["invoices"] = invoice_frame
    result = _audit(tmp_path, params, tables)["receivables_account_equals_open_invoices"]
    assert not result.passed
    row = result.offending[0]
    assert row["account"] == "Accounts Receivable"
    assert round(row["ledger_balance"] - row["invoices_amount_due"], 2) == 0.01


def test_inventory_off_by_a_cent_fails_naming_the_account(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    lines = tables["ledgerEntries"].copy()
    inventory_id = int(tables["accounts"].set_index("accountName").loc["Inventory", "id"])
    target = lines.index[lines["accountId"] == inventory_id][0]
    column = "debit" if lines.loc[target, "debit"] > 0 else "credit"
    lines.loc[target, column] = round(lines.loc[target, column] + 0.01, 2)
    tables["ledgerEntries"] = lines
    result = _audit(tmp_path, params, tables)["inventory_account_equals_owned_stock_value"]
    assert not result.passed
    assert result.offending[0]["account"] == "Inventory"
    assert abs(result.offending[0]["difference"]) == 0.01


def test_a_dropped_bank_transaction_fails_bank_equals_cash(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    register = tables["bankTransactions"]
    tables["bankTransactions"] = register.drop(register.index[100])
    result = _audit(tmp_path, params, tables)["bank_balance_equals_cash_account"]
    assert not result.passed
    assert result.offending[0]["bank_account"] == 1
