"""Property tests of the collections family: receipts, credit-limit audit, payable notices."""

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import collections
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


def _frames(profile: str):
    run = seeded_run(profile)
    return run.params, run.tables(through="collections"), run.collections


@pytest.mark.parametrize("profile", PROFILES)
def test_frames_match_the_schema(profile):
    params, _, frames = _frames(profile)
    assert set(frames) == set(collections.CREATES)
    for table, frame in frames.items():
        # A one-month light history has no plan, and may give no credit.
        if profile != "light" or table not in (
            "installment_plans",
            "installments",
            "client_ledger_adjustments",
        ):
            assert len(frame), f"{profile}: {table} is empty"
        assert_matches_schema(table, frame, cutoff_of(params))


@pytest.mark.parametrize("profile", PROFILES)
def test_one_receipt_per_payment_taken_with_balances_that_add_up(profile):
    _, tables, frames = _frames(profile)
    receipts = frames["receipts"].set_index("transaction_id")
    payments = tables["payments"]
    taken = payments[(payments["paymentType"] == "RECEIVED") & payments["customerId"].notna()]
    assert sorted(receipts.index) == sorted(taken["id"].astype(int)), "receipts != payments taken"
    taken = taken.set_index(taken["id"].astype(int))
    off = (receipts["transaction_amount"] - taken["amount"].reindex(receipts.index)).abs() > 0.005
    assert not off.any(), f"receipt for payment {off[off].index[0]} has another amount"
    wrong_buyer = receipts["client_id"] != taken["customerId"].reindex(receipts.index).astype(int)
    assert not wrong_buyer.any(), f"receipt for payment {wrong_buyer[wrong_buyer].index[0]}"
    step = receipts["previous_balance"] - receipts["transaction_amount"] - receipts["new_balance"]
    assert (step.abs() < 0.005).all(), f"receipt {receipts[step.abs() >= 0.005]['id'].iloc[0]}"
    # A buyer pays what it owes: the balance a payment finds covers what it settles.
    owed = receipts["previous_balance"] < -0.005
    assert not owed.any(), f"receipt {receipts[owed]['id'].iloc[0]} found a negative balance"
    numbers = receipts["receipt_number"]
    assert numbers.is_unique and numbers.str.fullmatch(r"RCP-\d{4}-\d{6}").all()
    years = pd.to_datetime(receipts["created_at"]).dt.year.astype(str)
    assert (numbers.str[4:8] == years).all(), "a receipt is numbered in another year"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_manual_limit_has_its_audit_row(profile):
    _, tables, frames = _frames(profile)
    clients = tables["clients"]
    manual = clients[clients["creditLimitSource"] == "MANUAL"].set_index("id")
    audit = frames["credit_audit_log"].set_index("client_id")
    assert sorted(audit.index) == sorted(manual.index), "audit rows != buyers with manual limits"
    off = (audit["new_value"] - manual["credit_limit"].reindex(audit.index)).abs() > 0.005
    assert not off.any(), f"client {off[off].index[0]}: audited limit is not its limit"
    assert (audit["event_type"] == "MANUAL_OVERRIDE").all()


@pytest.mark.parametrize("profile", PROFILES)
def test_payable_notices_have_their_cause(profile):
    params, tables, frames = _frames(profile)
    notices = frames["payable_notifications"]
    payables = tables["vendor_payables"].set_index("id").reindex(notices["payable_id"])
    sent = pd.to_datetime(notices["sent_at"]).to_numpy()
    assert (sent <= np.datetime64(cutoff_of(params))).all(), "a notice sent after as-of"
    due = (notices["notification_type"] == "PAYABLE_DUE").to_numpy()
    zero = pd.to_datetime(payables["inventory_zero_at"]).to_numpy()
    early = due & ~(sent >= zero)
    assert not early.any(), f"notice {notices['id'][early].iloc[0]} before its batch sold out"
    overdue = ~due
    due_day = pd.to_datetime(payables["due_date"]).to_numpy()
    paid_day = pd.to_datetime(payables["paid_date"]).to_numpy()
    sent_day = pd.to_datetime(notices["sent_at"]).dt.normalize().to_numpy()
    wrong = overdue & ((sent_day <= due_day) | (paid_day < sent_day))
    assert not wrong.any(), f"overdue notice {notices['id'][wrong].iloc[0]} without cause"
    assert due.any() and overdue.any(), f"{profile}: expected both kinds of notice"


def test_same_tables_give_identical_frames():
    run = seeded_run("light")
    tables = run.tables(through="ledger")
    first = collections.FAMILY.build(run.params, tables)
    second = collections.FAMILY.build(run.params, tables)
    for table, frame in first.items():
        pd.testing.assert_frame_equal(frame, second[table], obj=table)


@pytest.mark.parametrize("profile", PROFILES)
def test_disputes_end_in_a_real_credit_or_without_money(profile):
    _, tables, frames = _frames(profile)
    disputes = frames["invoice_disputes"]
    invoices = tables["invoices"].set_index("id").reindex(disputes["invoice_id"])
    wrong_buyer = disputes["client_id"].to_numpy() != invoices["customerId"].astype(int).to_numpy()
    assert not wrong_buyer.any(), f"dispute {disputes['id'][wrong_buyer].iloc[0]}: other buyer"
    early = pd.to_datetime(disputes["created_at"]).to_numpy() < invoices["createdAt"].to_numpy()
    assert not early.any(), f"dispute {disputes['id'][early].iloc[0]} before its invoice"
    credits = tables["credits"]
    refunds = credits[credits["creditReason"] == "REFUND"]
    resolved = disputes[disputes["dispute_status"] == "RESOLVED"]
    settled_by = resolved["resolution_notes"].str.removeprefix("Settled by credit ")
    assert sorted(settled_by) == sorted(refunds["creditNumber"]), "not one dispute per refund"
    amounts = refunds.set_index("creditNumber")["creditAmount"].reindex(settled_by)
    off = (amounts.to_numpy() - resolved["adjustment_amount"].to_numpy()) != 0
    assert not off.any(), f"dispute {resolved['id'][off].iloc[0]}: adjustment is not its credit"
    moneyless = disputes[disputes["dispute_status"] != "RESOLVED"]
    moved = moneyless["adjustment_amount"].fillna(0) != 0
    assert not moved.any(), f"dispute {moneyless['id'][moved].iloc[0]} moved money"
    rejected = moneyless["dispute_status"] == "REJECTED"
    # Light has too few stalling buyers' invoices to expect one.
    assert rejected.any() or profile == "light", f"{profile}: no stalling dispute was rejected"
    standing = moneyless[~rejected]
    still_owed = tables["invoices"].set_index("id").reindex(standing["invoice_id"])["status"]
    assert (still_owed != "PAID").all(), "a dispute stands on an invoice already paid"
    notes = frames["dispute_notes"]
    assert notes["dispute_id"].value_counts().reindex(disputes["id"]).fillna(0).ge(1).all()
    numbers = disputes["dispute_number"]
    assert numbers.is_unique and numbers.str.fullmatch(r"DSP-\d{6}-\d{5}").all()


@pytest.mark.parametrize("profile", PROFILES)
def test_installment_plans_are_the_payments_late_buyers_made(profile):
    params, tables, frames = _frames(profile)
    plans, rows = frames["installment_plans"], frames["installments"]
    invoices = tables["invoices"].set_index("id").reindex(plans["invoice_id"])
    assert invoices["status"].isin(["PARTIAL", "OVERDUE"]).all(), "a plan on a settled invoice"
    owed = (plans["remaining_balance"].to_numpy() - invoices["amountDue"].to_numpy()) != 0
    assert not owed.any(), f"plan {plans['id'][owed].iloc[0]}: remaining is not what is owed"
    sums = rows.groupby("plan_id")[["amount_due", "amount_paid"]].sum().reindex(plans["id"])
    off = (sums["amount_due"].to_numpy() - plans["total_amount"].to_numpy()).round(2) != 0
    assert not off.any(), f"plan {plans['id'][off].iloc[0]}: installments != total"
    as_of = str(params.end)
    ahead = rows[rows["installment_status"].isin(["PENDING", "SCHEDULED"])]
    assert (ahead["due_date"] > as_of).all(), "an installment still to come is already due"
    missed = rows[rows["installment_status"] == "OVERDUE"]
    assert (missed["due_date"] <= as_of).all(), "an overdue installment is not yet due"
    paid = rows[rows["installment_status"] == "PAID"]
    allocations = tables["invoice_payments"]
    keys = set(zip(allocations["payment_id"].astype(int), allocations["invoice_id"].astype(int)))
    plan_invoice = plans.set_index("id")["invoice_id"]
    for row in paid.itertuples():
        key = (int(row.payment_id), int(plan_invoice[row.plan_id]))
        assert key in keys, f"installment {row.id}: payment {key[0]} not on the plan's invoice"


@pytest.mark.parametrize("profile", PROFILES)
def test_each_credit_and_write_off_is_one_ledger_adjustment(profile):
    _, tables, frames = _frames(profile)
    adjustments = frames["client_ledger_adjustments"]
    transactions = tables["transactions"]
    write_offs = transactions[transactions["transactionNumber"].str.startswith("WO-")]
    assert len(adjustments) == len(tables["credits"]) + len(write_offs)
    assert (adjustments["transaction_type"] == "CREDIT").all()
    given = pd.concat(
        [
            tables["credits"][["clientId", "creditAmount"]].set_axis(["c", "a"], axis=1),
            write_offs[["clientId", "amount"]].set_axis(["c", "a"], axis=1).abs(),
        ]
    )
    expected = given.groupby("c")["a"].sum().round(2)
    adjusted = adjustments.groupby("client_id")["amount"].sum().round(2)
    off = expected.sub(adjusted, fill_value=0).abs() > 0.005
    assert not off.any(), f"client {off[off].index[0]}: adjustments != credits + write-offs"
