"""R20 commerce operations: stock has a place, the queue matches its history, lines are priced.

Batch locations, zone assignments and site counts hold exactly each batch's on-hand stock;
each batch sits in the workflow column its last history step put it in; batches still moving
through the queue (intake, quality check, lab testing, packaging) are awaiting intake, not
offered and never sold; every batch released for sale went through packaging. Lines are
priced the way TERP prices them: through the buyer's profile, else the category's default
margin, and a hand override leaves its adjustment.
"""

from terp_seed.rules.core import Rule
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.workflow import (
    INTAKE_QUEUE,
    LAB_TESTING,
    PACKAGING,
    QUALITY_CHECK,
    READY_FOR_SALE,
)

# Quantities are DECIMAL(15,4): anything smaller than half their last digit is rounding.
QUANTITY_EPSILON = 0.00005
MIN_DAYS_FOR_A_FULL_QUEUE = 90
# A default margin recomputed from a price rounded to cents drifts by well under half a point.
MARGIN_ROUNDING_PP = 0.5
WAREHOUSE_TABLES = (
    "sites",
    "storage_zones",
    "batchLocations",
    "batch_zone_assignments",
    "site_inventory_counts",
)
_IN_WORKFLOW = ", ".join(f"'{s}'" for s in (INTAKE_QUEUE, QUALITY_CHECK, LAB_TESTING, PACKAGING))


def _held_exactly(table: str, batch: str, quantity: str, active: str) -> str:
    """Batches whose rows in `table` do not add up to their on-hand quantity."""
    return (
        f"SELECT b.id, b.onHandQty, COALESCE(p.qty, 0) AS placed FROM batches b LEFT JOIN "
        f"(SELECT {batch} AS batch_id, SUM({quantity}) AS qty FROM {table} WHERE {active} "
        f"GROUP BY {batch}) p ON p.batch_id = b.id "
        f"WHERE ABS(b.onHandQty - COALESCE(p.qty, 0)) > {QUANTITY_EPSILON}"
    )


LAST_STEP = (
    "SELECT batchId, toStatusId FROM (SELECT batchId, toStatusId, ROW_NUMBER() OVER "
    "(PARTITION BY batchId ORDER BY createdAt DESC, id DESC) AS newest "
    "FROM batch_status_history) h WHERE newest = 1"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "R20",
        "batch_locations_hold_exactly_the_on_hand",
        "Each batch's live location rows add up to its on-hand stock (none where it has none).",
        "violations",
        _held_exactly("batchLocations", "batchId", "qty", "deleted_at IS NULL"),
        ("batches", "batchLocations"),
    ),
    Rule(
        "R20",
        "zone_assignments_hold_exactly_the_on_hand",
        "Each batch's storage-zone assignments add up to its on-hand stock.",
        "violations",
        _held_exactly("batch_zone_assignments", "batch_id", "quantity", "1 = 1"),
        ("batches", "batch_zone_assignments"),
    ),
    Rule(
        "R20",
        "site_counts_hold_exactly_the_on_hand",
        "The site's inventory counts hold each batch's on-hand stock.",
        "violations",
        _held_exactly("site_inventory_counts", "batch_id", "quantity", "1 = 1"),
        ("batches", "site_inventory_counts"),
    ),
    Rule(
        "R20",
        "workflow_column_is_the_last_history_step",
        "Each batch sits in the workflow column its last status-history step moved it to.",
        "violations",
        f"SELECT b.id, b.statusId, h.toStatusId FROM batches b LEFT JOIN ({LAST_STEP}) h "
        "ON h.batchId = b.id WHERE b.statusId IS NOT NULL "
        "AND (h.toStatusId IS NULL OR h.toStatusId <> b.statusId)",
        ("batches", "batch_status_history"),
    ),
    Rule(
        "R20",
        "batches_in_the_workflow_are_not_for_sale",
        "Batches still in intake, quality check, lab testing or packaging await intake, are "
        "not published and were never sold.",
        "violations",
        "SELECT b.id, b.batchStatus, b.publishB2b, w.slug, "
        "(SELECT COUNT(*) FROM inventoryMovements m WHERE m.batchId = b.id "
        "AND m.inventoryMovementType = 'SALE') AS sales "
        "FROM batches b JOIN workflow_statuses w ON w.id = b.statusId "
        f"WHERE w.slug IN ({_IN_WORKFLOW}) AND (b.batchStatus <> 'AWAITING_INTAKE' "
        "OR b.publishB2b <> 0 OR EXISTS (SELECT 1 FROM inventoryMovements m "
        "WHERE m.batchId = b.id AND m.inventoryMovementType = 'SALE'))",
        ("batches", "workflow_statuses", "inventoryMovements"),
    ),
    Rule(
        "R20",
        "ready_batches_went_through_packaging",
        "Every batch released for sale was packed first (its history passes through Packaging).",
        "violations",
        "SELECT r.batchId, r.createdAt AS released_at FROM batch_status_history r "
        "JOIN workflow_statuses w ON w.id = r.toStatusId "
        f"WHERE w.slug = '{READY_FOR_SALE}' AND NOT EXISTS (SELECT 1 FROM batch_status_history p "
        f"JOIN workflow_statuses pw ON pw.id = p.toStatusId WHERE pw.slug = '{PACKAGING}' "
        "AND p.batchId = r.batchId AND p.createdAt <= r.createdAt)",
        ("batch_status_history", "workflow_statuses"),
    ),
    Rule(
        "R20",
        "every_workflow_column_holds_batches",
        "At as-of recent intake is spread over the queue: at most one active workflow column "
        "is empty (a day without deliveries leaves the intake queue empty).",
        "figure",
        "SELECT COUNT(*) AS figure FROM workflow_statuses w WHERE w.isActive = 1 "
        "AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.statusId = w.id)",
        ("workflow_statuses", "batches"),
        bounds=lambda _: (0, 1),
        blocking=False,
        # A month's handful of deliveries cannot be in every column at once.
        applies=lambda c: (c.params.end - c.params.start).days >= MIN_DAYS_FOR_A_FULL_QUEUE,
    ),
    Rule(
        "R20",
        "profile_priced_lines_belong_to_profile_holders",
        "A line says CUSTOMER_PROFILE exactly when its buyer holds a pricing profile (unless "
        "a seller overrode it by hand).",
        "violations",
        "SELECT l.id, l.margin_source, c.id AS client_id, c.pricing_profile_id "
        "FROM order_line_items l JOIN orders o ON o.id = l.order_id "
        "JOIN clients c ON c.id = o.client_id WHERE l.is_margin_overridden = 0 AND "
        "((l.margin_source = 'CUSTOMER_PROFILE' AND c.pricing_profile_id IS NULL) OR "
        "(l.margin_source <> 'CUSTOMER_PROFILE' AND c.pricing_profile_id IS NOT NULL))",
        ("order_line_items", "orders", "clients"),
    ),
    Rule(
        "R20",
        "default_priced_lines_earn_their_category_margin",
        "A DEFAULT-priced line earns its category's default margin (OTHER, then DEFAULT, as "
        "fallbacks), to rounding.",
        "violations",
        "SELECT l.id, p.category, l.margin_percent, COALESCE(d.default_margin_percent, "
        "o.default_margin_percent, f.default_margin_percent) AS default_margin "
        "FROM order_line_items l JOIN batches b ON b.id = l.batch_id "
        "JOIN products p ON p.id = b.productId "
        "LEFT JOIN pricing_defaults d ON d.product_category = p.category "
        "LEFT JOIN pricing_defaults o ON o.product_category = 'OTHER' "
        "LEFT JOIN pricing_defaults f ON f.product_category = 'DEFAULT' "
        "WHERE l.margin_source = 'DEFAULT' AND ABS(l.margin_percent - COALESCE("
        "d.default_margin_percent, o.default_margin_percent, f.default_margin_percent, "
        f"l.margin_percent)) > {MARGIN_ROUNDING_PP}",
        ("order_line_items", "batches", "products", "pricing_defaults"),
    ),
    Rule(
        "R20",
        "overridden_lines_carry_their_adjustment",
        "A line whose price was overridden by hand has the ITEM adjustment that set it, and "
        "every ITEM adjustment points at such a line at its adjusted price.",
        "violations",
        "SELECT l.id, l.unit_price, a.id AS adjustment_id, a.adjusted_price "
        "FROM order_line_items l LEFT JOIN order_price_adjustments a "
        "ON a.adjustment_type = 'ITEM' AND a.target_id = l.id AND a.order_id = l.order_id "
        "WHERE l.is_margin_overridden = 1 AND (a.id IS NULL OR ABS(a.adjusted_price - "
        "l.unit_price) > 0.005) UNION ALL "
        "SELECT a.target_id, NULL, a.id, a.adjusted_price FROM order_price_adjustments a "
        "LEFT JOIN order_line_items l ON l.id = a.target_id AND l.order_id = a.order_id "
        "WHERE a.adjustment_type = 'ITEM' AND (l.id IS NULL OR l.is_margin_overridden = 0)",
        ("order_line_items", "order_price_adjustments"),
    ),
    Rule(
        "R20",
        "price_history_records_each_sale_at_its_lines",
        "The SALE price history of an order adds up to the order's lines, to the cent.",
        "violations",
        "SELECT o.id, o.subtotal, h.total FROM orders o JOIN (SELECT order_id, "
        "SUM(total_price) AS total FROM price_history WHERE transaction_type = 'SALE' "
        "GROUP BY order_id) h ON h.order_id = o.id WHERE ABS(o.subtotal - h.total) > 0.005",
        ("orders", "price_history"),
    ),
    Rule(
        "R20",
        "stock_adjustments_carry_a_reason",
        "Every stock adjustment movement says why (TERP's adjustment reasons) and who made it.",
        "violations",
        "SELECT id, batchId, quantityChange, adjustmentReason FROM inventoryMovements "
        "WHERE inventoryMovementType = 'ADJUSTMENT' AND (adjustmentReason IS NULL "
        "OR quantityChange = 0)",
        ("inventoryMovements",),
    ),
    links_resolve("warehouse", WAREHOUSE_TABLES),
)
