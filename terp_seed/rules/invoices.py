"""Rules on the invoices family: receivables that age plausibly, and billing that agrees.

R7 (AR aging), R12 (billing in time), R13 (statuses and totals that match their amounts),
R14 (links) and R16 (numbering the app will not reissue). Open receivables are the amountDue of
invoices that are neither VOID nor DRAFT; an invoice is past due when its due date is before
the as-of date (TERP's own aging screen counts an invoice due today as 1-30; DESIGN counts it
current, as a buyer paying on its due date is not late).
"""

from terp_seed.rules.core import Rule, RuleContext, concat, days_between, values_table
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.formats import NUMBER_FORMATS
from terp_seed.terp.receivables import (
    AGING_BUCKETS,
    SALE_STATUS_OF_INVOICE,
    SALE_STATUS_OF_WRITTEN_OFF,
    SEVERE_DAYS,
)
from terp_seed.terp.terms import TERMS_DAYS

# The receivables tables whose links these rules resolve.
RECEIVABLES_TABLES = (
    "invoices",
    "invoiceLineItems",
    "payments",
    "invoice_payments",
    "sequences",
    "credits",
    "orders",
    "clients",
)
# Half a cent: DECIMAL(12,2) amounts that differ by less are equal.
CENT_EPSILON = 0.005
OPEN_INVOICES = "SELECT * FROM invoices WHERE amountDue > 0 AND status NOT IN ('VOID', 'DRAFT')"
# Shortest window in which a share of invoices can be 120 days past due after their terms.
MIN_WINDOW_DAYS_FOR_AGING = 180


def _as_of(context: RuleContext) -> str:
    return f"'{context.params.as_of.isoformat()}'"


def _end_of_as_of(context: RuleContext) -> str:
    return f"'{context.params.as_of.isoformat()} 23:59:59'"


def _days_past_due(context: RuleContext) -> str:
    return days_between(_as_of(context), "dueDate", context.dialect)


def _aging_observable(context: RuleContext) -> bool:
    params = context.params
    return (params.end - params.start).days + 1 >= MIN_WINDOW_DAYS_FOR_AGING


def _past_due_share(context: RuleContext) -> str:
    return (
        f"SELECT SUM(CASE WHEN {_days_past_due(context)} > 0 THEN amountDue ELSE 0 END) "
        f"/ SUM(amountDue) AS figure FROM ({OPEN_INVOICES}) o"
    )


def _severe_share(context: RuleContext) -> str:
    late = _days_past_due(context)
    return (
        f"SELECT SUM(CASE WHEN {late} > {SEVERE_DAYS} THEN amountDue ELSE 0 END) "
        f"/ SUM(CASE WHEN {late} > 0 THEN amountDue ELSE 0 END) AS figure "
        f"FROM ({OPEN_INVOICES}) o"
    )


def _bucket_case(context: RuleContext) -> str:
    late = _days_past_due(context)
    whens = []
    for name, low, high in AGING_BUCKETS:
        bounds = []
        if low is not None:
            bounds.append(f"{late} >= {low}")
        if high is not None:
            bounds.append(f"{late} <= {high}")
        whens.append(f"WHEN {' AND '.join(bounds)} THEN '{name}'")
    return f"CASE {' '.join(whens)} END"


def _aging_table(context: RuleContext) -> str:
    buckets = values_table(
        [(name, float(i)) for i, (name, _, _) in enumerate(AGING_BUCKETS)], ("bucket", "position")
    )
    aged = (
        f"SELECT bucket, COUNT(*) AS invoices, SUM(amountDue) AS amount FROM "
        f"(SELECT {_bucket_case(context)} AS bucket, amountDue FROM ({OPEN_INVOICES}) o) b "
        "GROUP BY bucket"
    )
    return (
        "SELECT k.bucket, COALESCE(a.invoices, 0) AS invoices, "
        f"ROUND(COALESCE(a.amount, 0), 2) AS amount FROM ({buckets}) k "
        f"LEFT JOIN ({aged}) a ON a.bucket = k.bucket ORDER BY k.position"
    )


def _buckets_short_of_open_ar(context: RuleContext) -> str:
    # Every open invoice falls in exactly one bucket, so the buckets add up to open AR.
    return (
        "SELECT COALESCE(b.bucketed, 0) AS bucketed, t.open_ar FROM "
        f"(SELECT SUM(amountDue) AS open_ar FROM ({OPEN_INVOICES}) o) t, "
        f"(SELECT SUM(amountDue) AS bucketed FROM (SELECT {_bucket_case(context)} AS bucket, "
        f"amountDue FROM ({OPEN_INVOICES}) o) x WHERE bucket IS NOT NULL) b "
        f"WHERE ABS(COALESCE(b.bucketed, 0) - COALESCE(t.open_ar, 0)) > {CENT_EPSILON}"
    )


def _largest_debtors(context: RuleContext) -> str:
    late = _days_past_due(context)
    return (
        "SELECT c.name AS buyer, COUNT(*) AS open_invoices, "
        f"ROUND(SUM(o.amountDue), 2) AS owed, "
        f"ROUND(SUM(CASE WHEN {late} > 0 THEN o.amountDue ELSE 0 END), 2) AS past_due, "
        f"MAX({late}) AS most_days_late "
        f"FROM ({OPEN_INVOICES}) o JOIN clients c ON c.id = o.customerId "
        "GROUP BY c.id, c.name ORDER BY owed DESC, c.id LIMIT 10"
    )


def _invoiced_not_at_shipping(_: RuleContext) -> str:
    return (
        "SELECT i.id, i.invoiceNumber, i.invoiceDate, o.id AS order_id, o.shipped_at "
        "FROM invoices i LEFT JOIN orders o ON o.id = i.referenceId "
        "WHERE i.referenceType <> 'ORDER' OR o.id IS NULL OR o.shipped_at IS NULL "
        "OR i.invoiceDate <> DATE(o.shipped_at) ORDER BY i.id"
    )


def _payments_before_invoice(_: RuleContext) -> str:
    return (
        "SELECT a.id AS allocation_id, p.paymentNumber, p.paymentDate, i.invoiceNumber, "
        "i.invoiceDate FROM invoice_payments a JOIN payments p ON p.id = a.payment_id "
        "JOIN invoices i ON i.id = a.invoice_id WHERE p.paymentDate < i.invoiceDate "
        "UNION ALL SELECT p.id, p.paymentNumber, p.paymentDate, i.invoiceNumber, i.invoiceDate "
        "FROM payments p JOIN invoices i ON i.id = p.invoiceId WHERE p.paymentDate < i.invoiceDate"
    )


def _terms_days_case(context: RuleContext) -> str:
    fixed = " ".join(
        f"WHEN '{terms}' THEN {days}"
        for terms, days in TERMS_DAYS.items()
        if terms != "CONSIGNMENT"
    )
    # Consignment is due at the buyer's sell-through, kept as the buyer's payment_terms.
    return f"CASE i.paymentTerms {fixed} WHEN 'CONSIGNMENT' THEN c.payment_terms END"


def _due_off_terms(context: RuleContext) -> str:
    days = _terms_days_case(context)
    gap = days_between("i.dueDate", "i.invoiceDate", context.dialect)
    return (
        "SELECT i.id, i.invoiceNumber, i.paymentTerms, i.invoiceDate, i.dueDate, "
        f"{days} AS terms_days "
        "FROM invoices i JOIN clients c ON c.id = i.customerId "
        f"WHERE {days} IS NULL OR {gap} <> {days} ORDER BY i.id"
    )


def _after_as_of(context: RuleContext) -> str:
    day, end = _as_of(context), _end_of_as_of(context)
    return (
        f"SELECT 'invoices' AS row_of, id, invoiceDate AS dated FROM invoices "
        f"WHERE invoiceDate > {day} OR createdAt > {end} OR updatedAt > {end} "
        f"UNION ALL SELECT 'payments', id, paymentDate FROM payments "
        f"WHERE paymentDate > {day} OR createdAt > {end} "
        f"UNION ALL SELECT 'invoice_payments', id, allocated_at FROM invoice_payments "
        f"WHERE allocated_at > {end}"
    )


def _status_mismatch(context: RuleContext) -> str:
    day = _as_of(context)
    overdue = f"(dueDate < {day} AND amountDue > 0)"
    expected = (
        "CASE WHEN status = 'VOID' THEN 'VOID' "
        "WHEN amountDue = 0 THEN 'PAID' "
        f"WHEN {overdue} THEN 'OVERDUE' "
        "WHEN amountPaid > 0 THEN 'PARTIAL' "
        "ELSE 'SENT or VIEWED' END"
    )
    return (
        f"SELECT id, invoiceNumber, status, {expected} AS expected, totalAmount, amountPaid, "
        "amountDue, dueDate FROM invoices WHERE "
        f"(status <> 'VOID' AND ABS(totalAmount - amountPaid - amountDue) > {CENT_EPSILON}) "
        "OR amountDue < 0 OR amountPaid < 0 "
        "OR (status = 'VOID' AND amountDue <> 0) "
        "OR (status = 'PAID' AND amountDue <> 0) "
        "OR (status <> 'VOID' AND amountDue = 0 AND status <> 'PAID') "
        f"OR (status = 'OVERDUE') <> {overdue} "
        f"OR (status = 'PARTIAL') <> (amountDue > 0 AND amountPaid > 0 AND NOT {overdue}) "
        "OR (status IN ('SENT', 'VIEWED')) <> "
        f"(amountDue > 0 AND amountPaid = 0 AND NOT {overdue}) "
        "ORDER BY id"
    )


def _void_without_return(_: RuleContext) -> str:
    # An invoice is voided exactly when its order came back whole (and was restocked), or
    # when its debt was written off (its transaction row WRITTEN_OFF by the app's write-off).
    written_off = (
        "SELECT transactionNumber FROM transactions WHERE transactionType = 'INVOICE' "
        "AND transactionStatus = 'WRITTEN_OFF'"
    )
    return (
        "SELECT i.id, i.invoiceNumber, i.status, o.fulfillmentStatus, "
        "w.transactionNumber AS written_off FROM invoices i "
        "JOIN orders o ON o.id = i.referenceId "
        f"LEFT JOIN ({written_off}) w ON w.transactionNumber = i.invoiceNumber "
        "WHERE (i.status = 'VOID') <> "
        "(o.fulfillmentStatus = 'RESTOCKED' OR w.transactionNumber IS NOT NULL) ORDER BY i.id"
    )


def _over_allocated(_: RuleContext) -> str:
    # Allocations in the order they were made must never take more than the invoice's total,
    # nor add up to more than it records as paid; a received payment is its allocations.
    running = (
        "SELECT a.id, a.invoice_id, a.allocated_amount, SUM(a.allocated_amount) OVER "
        "(PARTITION BY a.invoice_id ORDER BY a.allocated_at, a.id ROWS UNBOUNDED PRECEDING) "
        "AS allocated_so_far FROM invoice_payments a"
    )
    return (
        "SELECT 'allocation over the open amount' AS problem, r.id AS row_id, i.invoiceNumber, "
        "r.allocated_so_far AS amount, i.totalAmount AS limit_amount "
        f"FROM ({running}) r JOIN invoices i ON i.id = r.invoice_id "
        f"WHERE r.allocated_so_far > i.totalAmount + {CENT_EPSILON} OR r.allocated_amount <= 0 "
        "UNION ALL SELECT 'allocations above amountPaid', i.id, i.invoiceNumber, "
        "SUM(a.allocated_amount), i.amountPaid FROM invoices i "
        "JOIN invoice_payments a ON a.invoice_id = i.id WHERE i.status <> 'VOID' "
        "GROUP BY i.id, i.invoiceNumber, "
        f"i.amountPaid HAVING SUM(a.allocated_amount) > i.amountPaid + {CENT_EPSILON} "
        "UNION ALL SELECT 'payment not equal to its allocations', p.id, p.paymentNumber, "
        "p.amount, COALESCE(SUM(a.allocated_amount), 0) FROM payments p "
        "LEFT JOIN invoice_payments a ON a.payment_id = p.id WHERE p.paymentType = 'RECEIVED' "
        "AND p.customerId IS NOT NULL GROUP BY p.id, p.paymentNumber, p.amount "
        f"HAVING ABS(p.amount - COALESCE(SUM(a.allocated_amount), 0)) > {CENT_EPSILON}"
    )


def _void_keeps_money(_: RuleContext) -> str:
    # A returned order's invoice keeps nothing: the return credit settled what was open, and
    # every cent the buyer had paid on it went back in cash (a REFUND transaction linked
    # REFUND_OF the invoice's own transaction row).
    received = (
        "SELECT invoice_id, SUM(allocated_amount) AS received FROM invoice_payments "
        "GROUP BY invoice_id"
    )
    refunded = (
        "SELECT t.transactionNumber, SUM(k.linkAmount) AS refunded FROM transactions t "
        "JOIN transactionLinks k ON k.parentTransactionId = t.id "
        "AND k.transactionLinkType = 'REFUND_OF' WHERE t.transactionType = 'INVOICE' "
        "GROUP BY t.transactionNumber"
    )
    return (
        "SELECT i.id, i.invoiceNumber, i.amountPaid, i.amountDue, "
        "COALESCE(r.received, 0) AS received, COALESCE(f.refunded, 0) AS refunded "
        f"FROM invoices i LEFT JOIN ({received}) r ON r.invoice_id = i.id "
        f"LEFT JOIN ({refunded}) f ON f.transactionNumber = i.invoiceNumber "
        "WHERE i.status = 'VOID' AND (i.amountPaid <> 0 OR i.amountDue <> 0 "
        f"OR ABS(COALESCE(r.received, 0) - COALESCE(f.refunded, 0)) > {CENT_EPSILON}) "
        "ORDER BY i.id"
    )


def _sale_status_mismatch(_: RuleContext) -> str:
    expected = " ".join(
        f"WHEN '{status}' THEN '{sale}'" for status, sale in SALE_STATUS_OF_INVOICE.items()
    )
    # A written-off sale stands, never paid; every other follows its invoice's status.
    status = (
        f"CASE WHEN t.transactionStatus = 'WRITTEN_OFF' THEN '{SALE_STATUS_OF_WRITTEN_OFF}' "
        f"ELSE CASE i.status {expected} END END"
    )
    return (
        f"SELECT o.id, o.order_number, o.saleStatus, i.status AS invoice_status, "
        f"{status} AS expected FROM orders o "
        "JOIN invoices i ON i.id = o.invoice_id "
        "LEFT JOIN transactions t ON t.transactionNumber = i.invoiceNumber "
        "AND t.transactionType = 'INVOICE' "
        f"WHERE o.saleStatus IS NULL OR o.saleStatus <> {status} "
        "OR i.referenceId <> o.id ORDER BY o.id"
    )


def _shipped_not_invoiced_once(_: RuleContext) -> str:
    return (
        "SELECT o.id, o.order_number, o.invoice_id, COUNT(i.id) AS invoices FROM orders o "
        "LEFT JOIN invoices i ON i.referenceType = 'ORDER' AND i.referenceId = o.id "
        "WHERE o.orderType = 'SALE' AND o.is_draft = 0 AND o.shipped_at IS NOT NULL "
        "GROUP BY o.id, o.order_number, o.invoice_id "
        "HAVING COUNT(i.id) <> 1 OR o.invoice_id IS NULL ORDER BY o.id"
    )


def _totals_off_lines(_: RuleContext) -> str:
    lines = (
        "SELECT invoiceId, SUM(lineTotal) AS lines_total, COUNT(*) AS line_count "
        "FROM invoiceLineItems GROUP BY invoiceId"
    )
    order_lines = "SELECT order_id, COUNT(*) AS line_count FROM order_line_items GROUP BY order_id"
    return (
        "SELECT i.id, i.invoiceNumber, i.subtotal, l.lines_total, i.totalAmount, "
        "l.line_count AS invoice_lines, ol.line_count AS order_lines FROM invoices i "
        f"LEFT JOIN ({lines}) l ON l.invoiceId = i.id "
        f"LEFT JOIN ({order_lines}) ol ON ol.order_id = i.referenceId "
        f"WHERE l.lines_total IS NULL OR ABS(i.subtotal - l.lines_total) > {CENT_EPSILON} "
        "OR ABS(i.totalAmount - (i.subtotal - i.discountAmount + i.taxAmount)) > "
        f"{CENT_EPSILON} OR l.line_count <> ol.line_count ORDER BY i.id"
    )


def _owed_off_invoices(_: RuleContext) -> str:
    owed = (
        "SELECT customerId, SUM(amountDue) AS invoices_due FROM invoices "
        "WHERE status NOT IN ('VOID', 'DRAFT') GROUP BY customerId"
    )
    return (
        "SELECT c.id, c.name, c.total_owed, COALESCE(d.invoices_due, 0) AS invoices_due "
        f"FROM clients c LEFT JOIN ({owed}) d ON d.customerId = c.id "
        f"WHERE ABS(COALESCE(c.total_owed, 0) - COALESCE(d.invoices_due, 0)) > {CENT_EPSILON} "
        "ORDER BY c.id"
    )


def _credits_off(_: RuleContext) -> str:
    return (
        "SELECT id, creditNumber, creditAmount, amountUsed, amountRemaining, creditStatus "
        f"FROM credits WHERE ABS(creditAmount - amountUsed - amountRemaining) > {CENT_EPSILON} "
        "OR amountUsed < 0 OR amountRemaining < 0 "
        "OR (creditStatus = 'FULLY_USED') <> (amountRemaining = 0) "
        "OR (creditStatus = 'ACTIVE' AND amountUsed > 0) ORDER BY id"
    )


def _counter(column: str, width: int) -> str:
    # '000123' + 0 is 123 in both SQLite and MySQL.
    return f"(SUBSTR({column}, LENGTH({column}) - {width - 1}) + 0)"


def _sequences_behind(context: RuleContext) -> str:
    parts = []
    for fmt in NUMBER_FORMATS:
        if fmt.sequence is None:
            continue
        width = fmt.sql_like.count("_", fmt.sql_like.rfind("-"))
        name = f"'{fmt.sequence}'"
        if "{period}" in fmt.sequence:
            head, _, tail = fmt.sequence.partition("{period}")
            start = fmt.sql_like.index("_") + 1
            length = fmt.sql_like.index("-", start - 1) - start + 1
            name = concat(
                context.dialect,
                f"'{head}'",
                f"SUBSTR({fmt.column}, {start}, {length})",
                *([f"'{tail}'"] if tail else []),
            )
        parts.append(
            f"SELECT '{fmt.table}' AS numbered, {name} AS sequence_name, "
            f"MAX({_counter(fmt.column, width)}) AS highest FROM {fmt.table} "
            f"WHERE {fmt.column} LIKE '{fmt.sql_like}' GROUP BY {name}"
        )
    used = " UNION ALL ".join(parts)
    return (
        "SELECT u.numbered, u.sequence_name, u.highest, s.currentValue "
        f"FROM ({used}) u LEFT JOIN sequences s ON s.name = u.sequence_name "
        "WHERE s.currentValue IS NULL OR s.currentValue < u.highest"
    )


def _numbers_off_format(_: RuleContext) -> str:
    by_column: dict[tuple[str, str], list[str]] = {}
    for fmt in NUMBER_FORMATS:
        by_column.setdefault((fmt.table, fmt.column), []).append(fmt.sql_like)
    parts = []
    for (table, column), likes in by_column.items():
        matches = " OR ".join(f"{column} LIKE '{like}'" for like in likes)
        parts.append(
            f"SELECT '{table}.{column}' AS numbered, {column} AS number FROM {table} "
            f"WHERE NOT ({matches}) "
            f"UNION ALL SELECT '{table}.{column} (duplicate)', {column} FROM {table} "
            f"GROUP BY {column} HAVING COUNT(*) > 1"
        )
    return " UNION ALL ".join(parts)


def _counted_numbers_with_gaps(_: RuleContext) -> str:
    # The app issues "rows in the period + 1" for these, so a gap means a future collision.
    parts = []
    for fmt in NUMBER_FORMATS:
        if not fmt.counted:
            continue
        width = fmt.sql_like.count("_", fmt.sql_like.rfind("-"))
        period = f"SUBSTR({fmt.column}, 1, {fmt.sql_like.rfind('-')})"
        parts.append(
            f"SELECT '{fmt.table}' AS numbered, {period} AS period, COUNT(*) AS numbers, "
            f"MAX({_counter(fmt.column, width)}) AS highest FROM {fmt.table} "
            f"WHERE {fmt.column} LIKE '{fmt.sql_like}' GROUP BY {period} "
            f"HAVING MAX({_counter(fmt.column, width)}) <> COUNT(*)"
        )
    return " UNION ALL ".join(parts)


def _numbered_tables() -> tuple[str, ...]:
    return tuple(dict.fromkeys(fmt.table for fmt in NUMBER_FORMATS))


RULES: tuple[Rule, ...] = (
    Rule(
        "R7",
        "open_receivables_fifteen_percent_past_due",
        "Of open receivables at as-of, the share past due is near 15% (buyers' habits).",
        "figure",
        _past_due_share,
        ("invoices",),
        bounds=lambda c: (c.params.past_due_share - 0.02, c.params.past_due_share + 0.02),
        blocking=False,
        unit="share",
        applies=_aging_observable,
        exhibits=(("AR aging", _aging_table), ("ten largest debtors", _largest_debtors)),
    ),
    Rule(
        "R7",
        "past_due_half_over_120_days",
        "Of past-due receivables, about half is more than 120 days late (the troubled accounts).",
        "figure",
        _severe_share,
        ("invoices",),
        bounds=lambda c: (
            c.params.severe_past_due_share - 0.05,
            c.params.severe_past_due_share + 0.05,
        ),
        blocking=False,
        unit="share",
        applies=_aging_observable,
    ),
    Rule(
        "R7",
        "aging_buckets_sum_to_open_receivables",
        "The aging buckets (current .. 120+) add up to open receivables to the cent.",
        "violations",
        _buckets_short_of_open_ar,
        ("invoices",),
        exhibits=(("AR aging", _aging_table),),
    ),
    Rule(
        "R12",
        "invoices_dated_the_day_their_order_shipped",
        "Every invoice is for an order, dated the day that order shipped.",
        "violations",
        _invoiced_not_at_shipping,
        ("invoices", "orders"),
    ),
    Rule(
        "R12",
        "payments_never_precede_their_invoices",
        "No payment is dated before the invoice it pays.",
        "violations",
        _payments_before_invoice,
        ("invoices", "payments", "invoice_payments"),
    ),
    Rule(
        "R12",
        "due_dates_follow_payment_terms",
        "Each due date is the invoice date plus its terms (consignment: the buyer's days).",
        "violations",
        _due_off_terms,
        ("invoices", "clients"),
    ),
    Rule(
        "R12",
        "no_billing_after_as_of",
        "No invoice, payment or allocation is dated after the as-of date.",
        "violations",
        _after_as_of,
        ("invoices", "payments", "invoice_payments"),
    ),
    Rule(
        "R13",
        "invoice_status_matches_its_amounts",
        "PAID iff nothing is due; OVERDUE iff due before as-of and unpaid; PARTIAL iff part paid.",
        "violations",
        _status_mismatch,
        ("invoices",),
    ),
    Rule(
        "R13",
        "invoices_void_exactly_when_returned_or_written_off",
        "An invoice is VOID exactly when its order came back and was restocked, or when its "
        "debt was written off.",
        "violations",
        _void_without_return,
        ("invoices", "orders", "transactions"),
    ),
    Rule(
        "R13",
        "allocations_never_exceed_what_is_open",
        "Payments are allocated in full and never beyond what an invoice still owes.",
        "violations",
        _over_allocated,
        ("invoices", "payments", "invoice_payments"),
    ),
    Rule(
        "R13",
        "void_invoices_keep_no_money",
        "A VOID invoice has nothing paid or due; all its buyer paid went back in cash.",
        "violations",
        _void_keeps_money,
        ("invoices", "invoice_payments", "transactions", "transactionLinks"),
    ),
    Rule(
        "R13",
        "order_sale_status_matches_its_invoice",
        "Each invoiced order's saleStatus says what its invoice says (returned: CANCELLED).",
        "violations",
        _sale_status_mismatch,
        ("orders", "invoices", "transactions"),
    ),
    Rule(
        "R13",
        "every_shipped_sale_invoiced_once",
        "Every shipped sale has exactly one invoice, and the order points at it.",
        "violations",
        _shipped_not_invoiced_once,
        ("orders", "invoices"),
    ),
    Rule(
        "R13",
        "invoice_totals_add_up_from_their_lines",
        "Invoice subtotals are their lines to the cent, one line per order line.",
        "violations",
        _totals_off_lines,
        ("invoices", "invoiceLineItems", "order_line_items"),
    ),
    Rule(
        "R13",
        "buyer_total_owed_equals_open_invoices",
        "Each buyer's total_owed is the sum of its invoices' amountDue, to the cent.",
        "violations",
        _owed_off_invoices,
        ("clients", "invoices"),
    ),
    Rule(
        "R13",
        "credits_used_as_recorded",
        "Each credit's used and remaining amounts add up to it, and its status says so.",
        "violations",
        _credits_off,
        ("credits",),
    ),
    Rule(
        "R16",
        "sequences_past_every_seeded_number",
        "The app's counters in `sequences` are at or past every number the seed issued.",
        "violations",
        _sequences_behind,
        ("sequences", *_numbered_tables()),
    ),
    Rule(
        "R16",
        "numbers_follow_the_app_formats",
        "Invoice, payment, bill, PO, payable, lot, batch, credit and transaction numbers are "
        "unique, in the app's formats.",
        "violations",
        _numbers_off_format,
        _numbered_tables(),
    ),
    Rule(
        "R16",
        "counted_numbers_run_without_gaps",
        "Numbers the app issues as count + 1 (PO, PMT, PAY, CR) run 1..count in each period.",
        "violations",
        _counted_numbers_with_gaps,
        _numbered_tables(),
    ),
    links_resolve("invoices", RECEIVABLES_TABLES),
)
