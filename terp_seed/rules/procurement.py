"""Rules on procurement records: receipts that count what intake received, and records in time.

R20 (commerce operations): each completed intake has a finalized receipt from its supplier whose
lines count exactly what the intake received; a receipt's sign-offs run created -> farmer ->
stacker -> finalized; a line is a DISCREPANCY, with a discrepancy row whose difference is
counted - expected, exactly when its count differs from what was expected; supplier listings
precede the purchases they led to and harvest reminders precede their harvests, none before
the supplier was on file and nothing done after as-of. R16: receipt numbers follow the app's
IR-YYYY-NNNNN. R14: every link resolves.
"""

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.procurement import QUANTITY_EPSILON, RECEIPT_NUMBER_REGEX

TABLES = (
    "vendor_supply",
    "vendor_harvest_reminders",
    "intake_receipts",
    "intake_receipt_items",
    "intake_discrepancies",
    "vendor_returns",
    "vendor_return_items",
)

RECEIVED = (
    "SELECT intake_session_id, SUM(received_qty) AS quantity, COUNT(*) AS line_count "
    "FROM intake_session_batches GROUP BY intake_session_id"
)
COUNTED = (
    "SELECT receipt_id, SUM(actual_quantity) AS quantity, COUNT(*) AS line_count "
    "FROM intake_receipt_items GROUP BY receipt_id"
)
# A receipt belongs to the intake of its supplier that completed when it was finalized.
INTAKES_WITHOUT_THEIR_COUNT = (
    "SELECT s.id AS intake_session_id, s.session_number, r.receipt_number, "
    "rc.quantity AS received, ct.quantity AS counted, rc.line_count AS received_lines, "
    "ct.line_count AS counted_lines FROM intake_sessions s "
    "LEFT JOIN intake_receipts r ON r.supplier_id = s.vendor_id "
    "AND r.finalized_at = s.completed_at AND r.status = 'FINALIZED' "
    f"LEFT JOIN ({RECEIVED}) rc ON rc.intake_session_id = s.id "
    f"LEFT JOIN ({COUNTED}) ct ON ct.receipt_id = r.id "
    "WHERE s.status = 'COMPLETED' AND (r.id IS NULL OR ct.quantity IS NULL "
    f"OR ABS(ct.quantity - rc.quantity) > {QUANTITY_EPSILON} OR ct.line_count <> rc.line_count) "
    "ORDER BY s.id"
)

SIGN_OFFS_OUT_OF_ORDER = (
    "SELECT id, receipt_number, created_at, farmer_verified_at, stacker_verified_at, "
    "finalized_at FROM intake_receipts WHERE status = 'FINALIZED' AND ("
    "farmer_verified_at IS NULL OR stacker_verified_at IS NULL OR finalized_at IS NULL "
    "OR farmer_verified_at < created_at OR stacker_verified_at < farmer_verified_at "
    "OR finalized_at < stacker_verified_at) ORDER BY id"
)

DIFFERS = f"ABS(i.actual_quantity - i.expected_quantity) > {QUANTITY_EPSILON}"
DISCREPANCIES_OFF_COUNTS = (
    "SELECT i.id AS item_id, i.expected_quantity, i.actual_quantity, i.verification_status, "
    "d.id AS discrepancy_id, d.difference FROM intake_receipt_items i "
    "LEFT JOIN intake_discrepancies d ON d.item_id = i.id "
    f"WHERE ({DIFFERS} AND (d.id IS NULL OR i.verification_status <> 'DISCREPANCY' "
    f"OR ABS(d.difference - (i.actual_quantity - i.expected_quantity)) > {QUANTITY_EPSILON})) "
    f"OR (NOT {DIFFERS} AND (d.id IS NOT NULL OR i.verification_status <> 'VERIFIED')) "
    "ORDER BY i.id"
)


def _out_of_time(context: RuleContext) -> str:
    end = f"'{context.params.as_of.isoformat()} 23:59:59'"
    day = f"'{context.params.as_of.isoformat()}'"
    return (
        "SELECT 'vendor_supply' AS row_of, id, status, created_at AS dated FROM vendor_supply "
        f"WHERE created_at > {end} OR reserved_at < created_at OR purchased_at < reserved_at "
        f"OR purchased_at > {end} OR (status = 'AVAILABLE' AND available_until <= {end}) "
        "UNION ALL SELECT 'vendor_harvest_reminders', id, status, created_at "
        "FROM vendor_harvest_reminders WHERE reminder_date > expected_harvest_date "
        f"OR created_at > {end} OR contacted_at > {end} OR completed_at > {end} "
        f"OR (status = 'COMPLETED' AND (completed_at IS NULL OR expected_harvest_date > {day})) "
        f"OR (status = 'PENDING' AND reminder_date <= {day}) "
        "UNION ALL SELECT 'vendor_supply before its supplier', s.id, s.status, s.created_at "
        "FROM vendor_supply s JOIN vendors v ON v.id = s.vendor_id "
        "WHERE s.created_at < v.createdAt "
        "UNION ALL SELECT 'reminder before its supplier', h.id, h.status, h.created_at "
        "FROM vendor_harvest_reminders h JOIN vendors v ON v.id = h.vendor_id "
        "WHERE h.created_at < v.createdAt"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R20",
        "each_intake_has_a_receipt_counting_what_it_received",
        "Every completed intake has a finalized receipt counting what it received.",
        "violations",
        INTAKES_WITHOUT_THEIR_COUNT,
        ("intake_sessions", "intake_session_batches", "intake_receipts", "intake_receipt_items"),
    ),
    Rule(
        "R20",
        "receipts_signed_off_in_order",
        "A finalized receipt was counted by the farmer, then the stacker, then finalized.",
        "violations",
        SIGN_OFFS_OUT_OF_ORDER,
        ("intake_receipts",),
    ),
    Rule(
        "R20",
        "discrepancies_exactly_where_counts_differ",
        "A receipt line is a discrepancy, recorded with its difference, exactly when its count "
        "differs from what was expected.",
        "violations",
        DISCREPANCIES_OFF_COUNTS,
        ("intake_receipt_items", "intake_discrepancies"),
    ),
    Rule(
        "R20",
        "supplier_listings_and_reminders_in_time",
        "Listings precede their purchase, reminders their harvest; nothing done after as-of.",
        "violations",
        _out_of_time,
        ("vendor_supply", "vendor_harvest_reminders", "vendors"),
    ),
    Rule(
        "R16",
        "receipt_numbers_follow_the_app_format",
        "Intake receipt numbers read IR-YYYY-NNNNN, as the app numbers them.",
        "regex",
        "SELECT id, receipt_number FROM intake_receipts",
        ("intake_receipts",),
        column="receipt_number",
        regex=RECEIPT_NUMBER_REGEX,
    ),
    links_resolve("procurement", TABLES),
)
