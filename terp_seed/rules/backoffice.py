"""Rules on the back office: stock alerts that describe the stock, desks set up for real users.

R20 (commerce operations), as TERP's alert job keeps them (server/inventoryAlerts.ts): a LIVE
batch with 0 < on hand <= 10 has an ACTIVE LOW_STOCK alert stating its quantity, and no other
batch has one; an ACTIVE SLOW_MOVING alert sits only on a LIVE batch with stock and no shipped
sale in the 90 days before as-of; a batch has at most one active alert of each kind. Every staff
member has dashboard and notification preferences. R14: every link resolves.
"""

from terp_seed.rules.core import Rule, RuleContext, days_between
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.backoffice import BACKOFFICE_TABLES, LOW_STOCK_THRESHOLD, SLOW_MOVING_DAYS

TABLES = BACKOFFICE_TABLES
QUANTITY_EPSILON = 0.005
LOW = f"b.batchStatus = 'LIVE' AND b.onHandQty > 0 AND b.onHandQty <= {LOW_STOCK_THRESHOLD}"
ACTIVE_LOW = (
    "SELECT * FROM inventoryAlerts WHERE inventoryAlertType = 'LOW_STOCK' "
    "AND alertStatus = 'ACTIVE'"
)

LOW_STOCK_OFF_STOCK = (
    "SELECT a.id AS alert_id, b.id AS batch_id, b.code, b.batchStatus, b.onHandQty, "
    f"a.currentValue FROM ({ACTIVE_LOW}) a LEFT JOIN batches b ON b.id = a.batchId "
    f"WHERE b.id IS NULL OR NOT ({LOW}) "
    f"OR ABS(a.currentValue - b.onHandQty) > {QUANTITY_EPSILON} "
    "UNION ALL SELECT NULL, b.id, b.code, b.batchStatus, b.onHandQty, NULL FROM batches b "
    f"WHERE {LOW} AND NOT EXISTS (SELECT 1 FROM ({ACTIVE_LOW}) x WHERE x.batchId = b.id)"
)

DUPLICATE_ALERTS = (
    "SELECT batchId, inventoryAlertType, COUNT(*) AS active_alerts FROM inventoryAlerts "
    "WHERE alertStatus = 'ACTIVE' GROUP BY batchId, inventoryAlertType HAVING COUNT(*) > 1"
)

USERS_WITHOUT_A_DESK = (
    "SELECT u.id AS user_id, u.name, p.id AS dashboard, n.id AS notifications FROM users u "
    "LEFT JOIN userDashboardPreferences p ON p.userId = u.id "
    "LEFT JOIN notification_preferences n ON n.user_id = u.id AND n.recipient_type = 'user' "
    "WHERE u.deleted_at IS NULL AND (p.id IS NULL OR n.id IS NULL) ORDER BY u.id"
)


def _slow_moving_on_moving_stock(context: RuleContext) -> str:
    as_of = f"'{context.params.as_of.isoformat()}'"
    quiet_days = days_between(as_of, "o.shipped_at", context.dialect)
    recent = (
        "SELECT 1 FROM order_line_items l JOIN orders o ON o.id = l.order_id "
        f"WHERE l.batch_id = b.id AND o.shipped_at IS NOT NULL "
        f"AND {quiet_days} < {SLOW_MOVING_DAYS}"
    )
    return (
        "SELECT a.id AS alert_id, b.id AS batch_id, b.code, b.batchStatus, b.onHandQty "
        "FROM inventoryAlerts a LEFT JOIN batches b ON b.id = a.batchId "
        "WHERE a.inventoryAlertType = 'SLOW_MOVING' AND a.alertStatus = 'ACTIVE' AND ("
        "b.id IS NULL OR b.batchStatus <> 'LIVE' OR b.onHandQty <= 0 "
        f"OR EXISTS ({recent})) ORDER BY a.id"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R20",
        "low_stock_alerts_exactly_on_low_batches",
        "Every live batch with 0 < on hand <= 10 has an active low-stock alert stating its "
        "quantity, and no other batch has one.",
        "violations",
        LOW_STOCK_OFF_STOCK,
        ("inventoryAlerts", "batches"),
    ),
    Rule(
        "R20",
        "slow_moving_alerts_only_on_idle_stock",
        "An active slow-moving alert sits only on live stock unsold for 90 days.",
        "violations",
        _slow_moving_on_moving_stock,
        ("inventoryAlerts", "batches", "order_line_items", "orders"),
    ),
    Rule(
        "R20",
        "one_active_alert_per_batch_and_kind",
        "A batch has at most one active alert of each kind (the alert job checks before adding).",
        "violations",
        DUPLICATE_ALERTS,
        ("inventoryAlerts",),
    ),
    Rule(
        "R20",
        "every_staff_member_has_a_desk",
        "Every staff member has dashboard and notification preferences.",
        "violations",
        USERS_WITHOUT_A_DESK,
        ("users", "userDashboardPreferences", "notification_preferences"),
    ),
    links_resolve("backoffice", TABLES),
)
