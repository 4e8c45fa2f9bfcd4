"""The procurement suite (R20, R16, R14) on a written light seed, clean and with one row broken."""

import pytest

from terp_seed.rules.procurement import RULES
from terp_seed_tests.backoffice_suites import (
    assert_only,
    audit,
    corrupt_and_audit,
    written_database,
)

FAMILY = "procurement"


def test_every_check_passes_on_the_seed():
    results = audit(written_database(), RULES, FAMILY)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, f"the seeded procurement records break {failed}"


BREAKS = {
    # Counted and expected move together: the line agrees with itself, not with the intake.
    "each_intake_has_a_receipt_counting_what_it_received": (
        "UPDATE intake_receipt_items SET actual_quantity = actual_quantity + 1, "
        "expected_quantity = expected_quantity + 1 WHERE id = 1"
    ),
    "receipts_signed_off_in_order": (
        "UPDATE intake_receipts SET stacker_verified_at = created_at WHERE id = 1"
    ),
    "discrepancies_exactly_where_counts_differ": (
        "UPDATE intake_receipt_items SET verification_status = 'DISCREPANCY' WHERE id = 1"
    ),
    "supplier_listings_and_reminders_in_time": (
        "UPDATE vendor_supply SET purchased_at = '2000-01-01 00:00:00' WHERE id = 1"
    ),
    "receipt_numbers_follow_the_app_format": (
        "UPDATE intake_receipts SET receipt_number = 'RCPT-1' WHERE id = 1"
    ),
    "procurement_references_resolve": "UPDATE vendor_supply SET vendor_id = 999 WHERE id = 1",
}


@pytest.mark.parametrize("check", sorted(BREAKS))
def test_each_break_fails_its_check(tmp_path, check):
    assert_only(corrupt_and_audit(tmp_path, RULES, FAMILY, BREAKS[check]), check)
