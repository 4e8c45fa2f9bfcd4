"""Rules on the orders family: what was sold, and stock and histories that hold together.

Revenue and its calendar, the whale split, consignment, returns and refunds, product mix,
stock that never goes negative, valid histories, and links.

Sales are non-draft SALE orders that were not cancelled (DESIGN.md §6).
"""

from terp_seed.calibration import (
    REGULAR_ORDERS_PER_MONTH,
    WHALE_ORDERS_PER_WEEK,
    monthly_targets,
)
from terp_seed.rules.core import Rule, RuleContext, month_of, values_table
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.catalog import FLOWER, LIST_PRICE_BY_SUBCATEGORY
from terp_seed.terp.orders import FULFILLMENT_TRANSITIONS
from terp_seed.terp.terms import WHALE_TAG

# The sales side's tables: orders, their lines and histories, returns, credits, payables.
SALES_TABLES = (
    "orders",
    "order_line_items",
    "order_status_history",
    "returns",
    "credits",
    "vendor_payables",
    "batches",
    "inventoryMovements",
)

SALES = (
    "SELECT * FROM orders WHERE orderType = 'SALE' AND is_draft = 0 "
    "AND COALESCE(fulfillmentStatus, '') <> 'CANCELLED' AND COALESCE(saleStatus, '') <> 'CANCELLED'"
)
# Quantities are DECIMAL(15,4): anything smaller than half their last digit is rounding.
QUANTITY_EPSILON = 0.00005


def _targets(context: RuleContext) -> str:
    calendar = monthly_targets(context.params)
    rows = [
        (month.strftime("%Y-%m"), float(target), float(fraction), 1.0 if q4 else 0.0)
        for month, target, fraction, q4 in zip(
            calendar["month"],
            calendar["target"],
            calendar["fraction"],
            calendar["is_q4"],
            strict=True,
        )
    ]
    return values_table(rows, ("month", "target", "fraction", "is_q4"))


def _monthly_sales(context: RuleContext) -> str:
    month = month_of("created_at", context.dialect)
    return (
        f"SELECT t.month, t.target, t.fraction, t.is_q4, COALESCE(s.sales, 0) AS sales "
        f"FROM ({_targets(context)}) t LEFT JOIN "
        f"(SELECT {month} AS month, SUM(total) AS sales FROM ({SALES}) o GROUP BY {month}) s "
        "ON s.month = t.month"
    )


def _worst_month(context: RuleContext) -> str:
    return f"SELECT MAX(ABS(sales / target - 1)) AS figure FROM ({_monthly_sales(context)}) m"


def _q4_uplift(context: RuleContext) -> str:
    # Per-day pace, so a partial month compares fairly with whole ones.
    return (
        "SELECT AVG(CASE WHEN is_q4 = 1 THEN sales / fraction END) / "
        "AVG(CASE WHEN is_q4 = 0 THEN sales / fraction END) - 1 AS figure "
        f"FROM ({_monthly_sales(context)}) m"
    )


def expected_sales_orders(context: RuleContext) -> float:
    """Sales orders a run of these parameters places, from the buyers' ordering cadence."""
    params = context.params
    days = (params.end - params.start).days + 1
    whale_orders = params.whales * sum(WHALE_ORDERS_PER_WEEK) / 2 * days / 7
    regular_orders = (params.buyers - params.whales) * sum(REGULAR_ORDERS_PER_MONTH) / 2
    return whale_orders + regular_orders * days / 30.4


# A share is only observable when it means a handful of orders: 0.5% of 40 orders is none.
MIN_EXPECTED_ORDERS_FOR_A_RATE = 5


def _rate_observable(rate_of: str):
    return lambda c: (
        getattr(c.params, rate_of) * expected_sales_orders(c) >= MIN_EXPECTED_ORDERS_FOR_A_RATE
    )


# A total against its target or a share of sales value (whales, consignment, flower, margin) is
# noise over a handful of orders: a one-day window (a New Year's Day as-of, the shop closed)
# places one or two, or none, and they alone decide the figure.
MIN_EXPECTED_ORDERS_FOR_A_SHARE = 10


def share_observable(context: RuleContext) -> bool:
    """Whether the window places enough sales orders for a share of their value to mean much."""
    return expected_sales_orders(context) >= MIN_EXPECTED_ORDERS_FOR_A_SHARE


def _has_q4_and_other_months(context: RuleContext) -> bool:
    calendar = monthly_targets(context.params)
    return bool(calendar["is_q4"].any() and (~calendar["is_q4"]).any())


def _over_list(_: RuleContext) -> str:
    prices = " ".join(
        f"WHEN '{subcategory}' THEN {price}"
        for subcategory, price in LIST_PRICE_BY_SUBCATEGORY.items()
    )
    return (
        "SELECT l.id, l.order_id, p.subcategory, l.unit_price, "
        f"CASE p.subcategory {prices} END AS list_price "
        "FROM order_line_items l JOIN batches b ON b.id = l.batch_id "
        "JOIN products p ON p.id = b.productId "
        f"WHERE l.unit_price > CASE p.subcategory {prices} END + 0.005 "
        f"OR (CASE p.subcategory {prices} END) IS NULL"
    )


def _replay(_: RuleContext) -> str:
    return (
        "SELECT id, batchId, createdAt, quantityChange, quantityBefore, quantityAfter, running "
        "FROM (SELECT m.*, SUM(quantityChange) OVER (PARTITION BY batchId ORDER BY createdAt, id "
        "ROWS UNBOUNDED PRECEDING) AS running FROM inventoryMovements m) r "
        f"WHERE running < -{QUANTITY_EPSILON} "
        f"OR ABS(quantityAfter - running) > {QUANTITY_EPSILON} "
        f"OR ABS(quantityBefore - (running - quantityChange)) > {QUANTITY_EPSILON}"
    )


def _transitions(_: RuleContext) -> str:
    allowed = [
        (before or "", after)
        for before, afters in FULFILLMENT_TRANSITIONS.items()
        for after in afters
    ]
    pairs = values_table(allowed, ("from_status", "to_status"))
    return (
        "SELECT h.id, h.order_id, h.prev_status, h.fulfillmentStatus, h.changed_at FROM ("
        "SELECT x.*, LAG(fulfillmentStatus) OVER (PARTITION BY order_id ORDER BY changed_at, id)"
        " AS prev_status, LAG(changed_at) OVER (PARTITION BY order_id ORDER BY changed_at, id)"
        " AS prev_at FROM order_status_history x) h "
        f"LEFT JOIN ({pairs}) a ON a.from_status = COALESCE(h.prev_status, '') "
        "AND a.to_status = h.fulfillmentStatus "
        "WHERE a.to_status IS NULL OR h.changed_at < h.prev_at"
    )


def _after_as_of(context: RuleContext) -> str:
    # Timestamps are compared with the first instant after the as-of day.
    limit = f"'{context.params.as_of.isoformat()} 23:59:59'"
    checks = (
        ("orders", "id", "created_at"),
        ("orders", "id", "shipped_at"),
        ("order_status_history", "id", "changed_at"),
        ("inventoryMovements", "id", "createdAt"),
        ("returns", "id", "processed_at"),
        ("credits", "id", "createdAt"),
    )
    return " UNION ALL ".join(
        f"SELECT '{table}.{column}' AS field, {key} AS row_id, {column} AS value FROM {table} "
        f"WHERE {column} > {limit}"
        for table, key, column in checks
    )


def _items_reference_batches(context: RuleContext) -> str:
    if context.dialect == "sqlite":
        items = (
            "SELECT o.id AS order_id, json_extract(j.value, '$.batchId') AS batch_id "
            "FROM orders o, json_each(o.items) j"
        )
    else:
        items = (
            "SELECT o.id AS order_id, j.batch_id FROM orders o, "
            "JSON_TABLE(o.items, '$[*]' COLUMNS (batch_id INT PATH '$.batchId')) AS j"
        )
    return (
        f"SELECT i.order_id, i.batch_id FROM ({items}) i "
        "LEFT JOIN batches b ON b.id = i.batch_id WHERE b.id IS NULL"
    )


def _share(numerator: str, table: str = f"({SALES}) s") -> str:
    return (
        f"SELECT SUM(CASE WHEN {numerator} THEN total ELSE 0 END) / SUM(total) AS figure "
        f"FROM {table}"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R1",
        "sales_total_within_5pct_of_target",
        "Total sales land within 5% of the monthly target times the months.",
        "figure",
        f"SELECT SUM(total) AS figure FROM ({SALES}) s",
        ("orders",),
        bounds=lambda c: tuple(monthly_targets(c.params)["target"].sum() * f for f in (0.95, 1.05)),
        blocking=False,
        unit="money",
        applies=share_observable,
    ),
    Rule(
        "R2",
        "every_month_within_10pct_of_its_target",
        "Every month's sales are within 10% of its seasonal target (figure: the worst month).",
        "figure",
        _worst_month,
        ("orders",),
        bounds=lambda c: (0.0, 0.10),
        blocking=False,
        unit="share",
        applies=share_observable,
    ),
    Rule(
        "R2",
        "q4_runs_20_to_30pct_above_the_rest",
        "October-December sell 20-30% above the Q1-Q3 mean (per day).",
        "figure",
        _q4_uplift,
        ("orders",),
        bounds=lambda c: (0.20, 0.30),
        blocking=False,
        unit="share",
        applies=_has_q4_and_other_months,
    ),
    Rule(
        "R3",
        "whales_hold_70pct_of_sales",
        "The whales hold 70% ± 2 pp of sales; the other buyers the rest.",
        "figure",
        _share(f"client_id IN (SELECT id FROM clients WHERE tags LIKE '%\"{WHALE_TAG}\"%')"),
        ("orders", "clients"),
        bounds=lambda c: (c.params.whale_share - 0.02, c.params.whale_share + 0.02),
        blocking=False,
        unit="share",
        applies=share_observable,
    ),
    Rule(
        "R4",
        "consignment_carries_half_of_sales",
        "50% ± 5 pp of sales value is sold on CONSIGNMENT terms.",
        "figure",
        _share("paymentTerms = 'CONSIGNMENT'"),
        ("orders",),
        bounds=lambda c: (
            c.params.consignment_sales_share - 0.05,
            c.params.consignment_sales_share + 0.05,
        ),
        blocking=False,
        unit="share",
        applies=share_observable,
    ),
    Rule(
        "R5",
        "returns_are_half_a_percent_of_sales_orders",
        "About 0.5% of sales orders come back whole (0.3-0.7%).",
        "figure",
        f"SELECT COUNT(DISTINCT r.order_id) * 1.0 / (SELECT COUNT(*) FROM ({SALES}) s) AS figure "
        "FROM returns r",
        ("orders", "returns"),
        bounds=lambda c: (c.params.return_rate * 0.6, c.params.return_rate * 1.4),
        blocking=False,
        unit="share",
        applies=_rate_observable("return_rate"),
    ),
    Rule(
        "R5",
        "refunds_are_5pct_of_sales_orders",
        "About 5% of sales orders get a partial refund (4-6%), recorded as REFUND credits.",
        "figure",
        "SELECT COUNT(*) * 1.0 / (SELECT COUNT(*) FROM (" + SALES + ") s) AS figure "
        "FROM credits WHERE creditReason = 'REFUND'",
        ("orders", "credits"),
        bounds=lambda c: (c.params.refund_rate * 0.8, c.params.refund_rate * 1.2),
        blocking=False,
        unit="share",
        applies=_rate_observable("refund_rate"),
    ),
    Rule(
        "R6",
        "flower_share_of_sales_value",
        "90% ± 2 pp of sales value is flower.",
        "figure",
        "SELECT SUM(CASE WHEN p.category = '" + FLOWER + "' THEN l.line_total ELSE 0 END) "
        "/ SUM(l.line_total) AS figure FROM order_line_items l "
        f"JOIN ({SALES}) s ON s.id = l.order_id JOIN batches b ON b.id = l.batch_id "
        "JOIN products p ON p.id = b.productId",
        ("orders", "order_line_items", "batches", "products"),
        bounds=lambda c: (c.params.flower_share - 0.02, c.params.flower_share + 0.02),
        blocking=False,
        unit="share",
        applies=share_observable,
    ),
    Rule(
        "R6",
        "nothing_sells_above_list",
        "No line is priced above its product's list price ($1,800 / $1,200 / $800 a pound for "
        "indoor / greenhouse / outdoor flower).",
        "violations",
        _over_list,
        ("order_line_items", "batches", "products"),
    ),
    Rule(
        "R11",
        "stock_never_goes_negative",
        "Replaying movements in time order, no batch is ever below zero and each movement's "
        "before/after quantities match the replay.",
        "violations",
        _replay,
        ("inventoryMovements",),
    ),
    Rule(
        "R11",
        "on_hand_equals_sum_of_movements",
        "Every batch's onHandQty equals the sum of its movements.",
        "violations",
        "SELECT b.id, b.onHandQty, COALESCE(SUM(m.quantityChange), 0) AS movements "
        "FROM batches b LEFT JOIN inventoryMovements m ON m.batchId = b.id "
        f"GROUP BY b.id, b.onHandQty HAVING ABS(b.onHandQty - COALESCE(SUM(m.quantityChange), 0))"
        f" > {QUANTITY_EPSILON}",
        ("batches", "inventoryMovements"),
    ),
    Rule(
        "R11",
        "lines_draw_on_stock_received_before_the_order",
        "No order line draws on a batch received after the order was placed.",
        "violations",
        "SELECT l.id, l.order_id, l.batch_id, o.created_at, r.received_at "
        "FROM order_line_items l JOIN orders o ON o.id = l.order_id JOIN "
        "(SELECT batchId, MIN(createdAt) AS received_at FROM inventoryMovements "
        "WHERE inventoryMovementType = 'INTAKE' GROUP BY batchId) r ON r.batchId = l.batch_id "
        "WHERE r.received_at > o.created_at",
        ("order_line_items", "orders", "inventoryMovements"),
    ),
    Rule(
        "R12",
        "order_histories_follow_valid_transitions",
        "Each order's fulfillment history moves through allowed steps, forward in time.",
        "violations",
        _transitions,
        ("order_status_history",),
    ),
    Rule(
        "R12",
        "orders_ship_after_they_are_placed",
        "An order is confirmed, packed and shipped no earlier than it was placed, in that order.",
        "violations",
        "SELECT id, order_number, created_at, confirmed_at, packed_at, shipped_at FROM orders "
        "WHERE confirmed_at < created_at OR packed_at < confirmed_at OR shipped_at < packed_at "
        "OR shipped_at < created_at",
        ("orders",),
    ),
    Rule(
        "R12",
        "nothing_is_dated_after_as_of",
        "No order, shipment, movement, return or credit is dated after the as-of date.",
        "violations",
        _after_as_of,
        ("orders", "order_status_history", "inventoryMovements", "returns", "credits"),
    ),
    Rule(
        "R13",
        "batch_status_matches_its_stock",
        "A batch is SOLD_OUT exactly when none is left; LIVE ones have stock.",
        "violations",
        "SELECT id, batchStatus, onHandQty FROM batches "
        f"WHERE (batchStatus = 'SOLD_OUT' AND onHandQty > {QUANTITY_EPSILON}) "
        f"OR (batchStatus = 'LIVE' AND onHandQty <= {QUANTITY_EPSILON})",
        ("batches",),
    ),
    Rule(
        "R14",
        "order_items_reference_existing_batches",
        "Every batchId inside orders.items points at a real batch (TERP's own seeders write 0).",
        "violations",
        _items_reference_batches,
        ("orders", "batches"),
    ),
    links_resolve("orders", SALES_TABLES),
)
