"""The back-office suite (R20, R14) on a written light seed, clean and with one row broken."""

import pytest

from terp_seed.rules.backoffice import RULES
from terp_seed_tests.backoffice_suites import (
    assert_only,
    audit,
    corrupt_and_audit,
    written_database,
)

FAMILY = "backoffice"
ALERT_COLUMNS = (
    "id, inventoryAlertType, batchId, threshold, currentValue, alertSeverity, alertStatus, "
    "message, createdAt, updatedAt"
)
RECENTLY_SOLD_BATCH = (
    "(SELECT l.batch_id FROM order_line_items l JOIN orders o ON o.id = l.order_id "
    "WHERE o.shipped_at IS NOT NULL ORDER BY o.shipped_at DESC, l.id LIMIT 1)"
)


def test_every_check_passes_on_the_seed():
    results = audit(written_database(), RULES, FAMILY)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, f"the seeded back office breaks {failed}"


BREAKS = {
    "low_stock_alerts_exactly_on_low_batches": (
        "UPDATE inventoryAlerts SET currentValue = currentValue + 1 WHERE id = "
        "(SELECT MIN(id) FROM inventoryAlerts WHERE inventoryAlertType = 'LOW_STOCK')"
    ),
    "slow_moving_alerts_only_on_idle_stock": (
        f"INSERT INTO inventoryAlerts ({ALERT_COLUMNS}) VALUES (99999, 'SLOW_MOVING', "
        f"{RECENTLY_SOLD_BATCH}, 90, 0, 'MEDIUM', 'ACTIVE', 'no sales in 90 days', "
        "'2025-10-30 06:00:00', '2025-10-30 06:00:00')"
    ),
    "one_active_alert_per_batch_and_kind": (
        f"INSERT INTO inventoryAlerts ({ALERT_COLUMNS}) SELECT 99999, inventoryAlertType, "
        "batchId, threshold, currentValue, alertSeverity, alertStatus, message, createdAt, "
        "updatedAt FROM inventoryAlerts WHERE id = 1"
    ),
    "every_staff_member_has_a_desk": "DELETE FROM userDashboardPreferences WHERE userId = 1",
    "backoffice_references_resolve": "UPDATE inventoryViews SET createdBy = 999 WHERE id = 1",
}


@pytest.mark.parametrize("check", sorted(BREAKS))
def test_each_break_fails_its_check(tmp_path, check):
    assert_only(corrupt_and_audit(tmp_path, RULES, FAMILY, BREAKS[check]), check)
