"""The collections suite (R18) on full-profile frames written to a SQLite shadow.

The untouched database passes every check; each deliberate break is one UPDATE to a copy of it
and must fail exactly the check that guards it, naming the offending row.
"""

import dataclasses
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from terp_seed.params import SeedParams
from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.collections import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run


@dataclasses.dataclass(frozen=True)
class Seeded:
    params: SeedParams
    database: Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Seeded:
    """Full-profile frames of every family up to collections, written once into a shadow."""
    run = seeded_run("full")
    frames = run.tables(through="collections")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('collections') / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(frames)
        shadow = Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()
    return Seeded(run.params, shadow)


def audit(params: SeedParams, database: Path) -> dict[str, RuleResult]:
    results = run_rules(f"sqlite:///{database}", RULES, RuleContext(params), "collections")
    assert [r.rule.check for r in results] == [rule.check for rule in RULES]
    return {result.rule.check: result for result in results}


def corrupt_and_audit(seeded: Seeded, tmp_path: Path, sql: str) -> dict[str, RuleResult]:
    """Copy the written database, apply one UPDATE to the copy, run the suite on it."""
    copy = tmp_path / "corrupted.sqlite"
    shutil.copyfile(seeded.database, copy)
    engine = sa.create_engine(f"sqlite:///{copy}", poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            changed = connection.execute(sa.text(sql)).rowcount
    finally:
        engine.dispose()
    assert changed == 1, f"the corruption {sql!r} changed {changed} rows, not 1"
    return audit(seeded.params, copy)


def test_every_check_passes_on_generated_frames(seeded):
    results = audit(seeded.params, seeded.database)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, f"generated full-profile collections break {failed}"
    skipped = [check for check, r in results.items() if r.not_applicable]
    assert not skipped, f"on the full profile every check applies, not {skipped}"


RECEIPT = "(SELECT MIN(id) FROM receipts)"
# Each break, the one check it must fail, and the row id the failure must name.
BREAKS = {
    "receipt_amount_off": (
        f"UPDATE receipts SET transaction_amount = transaction_amount + 1, "
        f"new_balance = new_balance - 1 WHERE id = {RECEIPT}",
        "receipts_are_payments_taken",
    ),
    "receipt_balance_step_off": (
        f"UPDATE receipts SET new_balance = new_balance + 5 WHERE id = {RECEIPT}",
        "receipts_are_payments_taken",
    ),
    "receipt_of_another_buyer": (
        "UPDATE receipts SET client_id = (SELECT MAX(id) FROM clients WHERE is_buyer = 1 "
        f"AND id <> (SELECT client_id FROM receipts WHERE id = {RECEIPT})) WHERE id = {RECEIPT}",
        "receipts_are_payments_taken",
    ),
    "payment_without_receipt": (
        f"DELETE FROM receipts WHERE id = {RECEIPT}",
        "every_payment_taken_has_one_receipt",
    ),
    "receipt_number_not_the_apps": (
        f"UPDATE receipts SET receipt_number = 'REC-1' WHERE id = {RECEIPT}",
        "receipt_numbers_in_the_app_format",
    ),
    "limit_changed_without_audit": (
        "UPDATE clients SET credit_limit = credit_limit + 1000 WHERE id = "
        "(SELECT MIN(id) FROM clients WHERE creditLimitSource = 'MANUAL')",
        "manual_credit_limits_are_audited",
    ),
    "due_notice_before_sell_out": (
        "UPDATE payable_notifications SET sent_at = '2020-01-01 00:00:00' WHERE id = "
        "(SELECT MIN(id) FROM payable_notifications WHERE notification_type = 'PAYABLE_DUE')",
        "payable_notices_follow_their_payables",
    ),
    "overdue_notice_after_payment": (
        "UPDATE vendor_payables SET paid_date = due_date WHERE id = (SELECT MIN(payable_id) "
        "FROM payable_notifications WHERE notification_type = 'OVERDUE')",
        "payable_notices_follow_their_payables",
    ),
    "dispute_of_another_buyer": (
        "UPDATE invoice_disputes SET client_id = client_id + 1 WHERE id = "
        "(SELECT MIN(id) FROM invoice_disputes WHERE dispute_status = 'REJECTED')",
        "disputes_follow_their_invoice",
    ),
    "rejected_dispute_moving_money": (
        "UPDATE invoice_disputes SET adjustment_amount = 50 WHERE id = "
        "(SELECT MIN(id) FROM invoice_disputes WHERE dispute_status = 'REJECTED')",
        "disputes_follow_their_invoice",
    ),
    "resolved_dispute_without_resolution_date": (
        "UPDATE invoice_disputes SET resolved_at = NULL WHERE id = "
        "(SELECT MIN(id) FROM invoice_disputes WHERE dispute_status = 'RESOLVED')",
        "disputes_follow_their_invoice",
    ),
    "dispute_adjustment_no_credit_matches": (
        "UPDATE invoice_disputes SET adjustment_amount = adjustment_amount + 10 WHERE id = "
        "(SELECT MIN(id) FROM invoice_disputes WHERE dispute_status = 'RESOLVED')",
        "dispute_adjustments_are_real_credits",
    ),
    "dispute_number_not_the_apps": (
        "UPDATE invoice_disputes SET dispute_number = 'D-1' WHERE id = 1",
        "dispute_numbers_in_the_app_format",
    ),
    "note_before_its_dispute": (
        "UPDATE dispute_notes SET created_at = '2020-01-01 00:00:00' WHERE id = 1",
        "dispute_notes_follow_their_dispute",
    ),
    "plan_paid_off_its_installments": (
        "UPDATE installment_plans SET total_paid = total_paid + 1, "
        "remaining_balance = remaining_balance - 1 WHERE id = 1",
        "installment_plans_add_up",
    ),
    "plan_of_another_buyer": (
        "UPDATE installment_plans SET client_id = client_id + 1 WHERE id = 1",
        "installment_plans_add_up",
    ),
    "installment_paid_by_no_payment": (
        "UPDATE installments SET payment_id = payment_id + 1 WHERE id = "
        "(SELECT MIN(id) FROM installments WHERE installment_status = 'PAID')",
        "paid_installments_are_real_payments",
    ),
    "missed_installment_shown_as_scheduled": (
        "UPDATE installments SET installment_status = 'SCHEDULED' WHERE id = "
        "(SELECT MIN(id) FROM installments WHERE installment_status = 'OVERDUE')",
        "paid_installments_are_real_payments",
    ),
    "adjustment_without_credit": (
        "UPDATE client_ledger_adjustments SET amount = amount + 25 WHERE id = 1",
        "ledger_adjustments_are_credits_given",
    ),
    "adjustment_as_debit": (
        "UPDATE client_ledger_adjustments SET transaction_type = 'DEBIT' WHERE id = 1",
        "ledger_adjustments_are_credits_given",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_fails_exactly_its_check(seeded, tmp_path, name):
    sql, check = BREAKS[name]
    results = corrupt_and_audit(seeded, tmp_path, sql)
    assert not results[check].passed, f"{name}: {check} passed: {results[check].summary()}"
    others = [r.summary() for c, r in results.items() if c != check and not r.passed]
    assert not others, f"{name} also failed {others}"
