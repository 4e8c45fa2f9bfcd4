"""R18 app ledgers: every screen of TERP that shows money tells the books' story.

TERP reads money from more tables than invoices and the general ledger: the Credits page and
its "apply credit" from `creditApplications` over `transactions`, the client screens and the
credit engine from `client_transactions`, the owner dashboard's cash panel from
`cash_locations`, the credit screens from `client_credit_limits`, supplier and product metrics
from `sales`. These rules hold each to the figures the books already agree on.
"""

from terp_seed.rules.core import Rule, RuleContext, days_between
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp import ledger
from terp_seed.terp.receivables import CLIENT_STATS_TYPES, TRANSACTION_STATUS_OF_INVOICE

# The app-ledger tables whose links these rules resolve.
APP_LEDGER_TABLES = (
    "transactions",
    "transactionLinks",
    "creditApplications",
    "client_transactions",
    "client_credit_limits",
    "credit_signal_history",
    "cash_locations",
    "cash_location_transactions",
    "sales",
    "paymentMethods",
)
# Half a cent: DECIMAL(…,2) amounts that differ by less are equal.
CENT_EPSILON = 0.005
BUYERS = "SELECT * FROM clients WHERE is_buyer = 1"
STATS_TYPES = ", ".join(f"'{t}'" for t in CLIENT_STATS_TYPES)


def _credit_uses_untraced(_: RuleContext) -> str:
    applied = (
        "SELECT creditId, SUM(amountApplied) AS applied, COUNT(*) AS applications "
        "FROM creditApplications GROUP BY creditId"
    )
    return (
        "SELECT c.id, c.creditNumber, c.amountUsed, COALESCE(a.applied, 0) AS applied "
        f"FROM credits c LEFT JOIN ({applied}) a ON a.creditId = c.id "
        f"WHERE ABS(c.amountUsed - COALESCE(a.applied, 0)) > {CENT_EPSILON} ORDER BY c.id"
    )


def _applications_off_transactions(_: RuleContext) -> str:
    # The app's applyCredit needs a transactions row to apply to (invoiceId is its id).
    return (
        "SELECT a.id, a.creditId, a.invoiceId, a.amountApplied, t.clientId, c.clientId AS "
        "credit_client FROM creditApplications a JOIN credits c ON c.id = a.creditId "
        "LEFT JOIN transactions t ON t.id = a.invoiceId "
        "WHERE t.id IS NULL OR t.clientId <> c.clientId OR a.amountApplied <= 0 "
        "OR a.appliedDate < c.createdAt ORDER BY a.id"
    )


def _invoice_paid_unexplained(_: RuleContext) -> str:
    allocated = (
        "SELECT invoice_id, SUM(allocated_amount) AS allocated FROM invoice_payments "
        "GROUP BY invoice_id"
    )
    credited = (
        "SELECT t.transactionNumber, SUM(a.amountApplied) AS credited FROM creditApplications a "
        "JOIN transactions t ON t.id = a.invoiceId WHERE t.transactionType = 'INVOICE' "
        "GROUP BY t.transactionNumber"
    )
    explained = "COALESCE(p.allocated, 0) + COALESCE(k.credited, 0)"
    return (
        f"SELECT i.id, i.invoiceNumber, i.amountPaid, {explained} AS explained "
        f"FROM invoices i LEFT JOIN ({allocated}) p ON p.invoice_id = i.id "
        f"LEFT JOIN ({credited}) k ON k.transactionNumber = i.invoiceNumber "
        f"WHERE i.status <> 'VOID' AND ABS(i.amountPaid - ({explained})) > {CENT_EPSILON} "
        "ORDER BY i.id"
    )


def _invoices_without_transaction(_: RuleContext) -> str:
    expected = " ".join(
        f"WHEN '{invoice}' THEN '{status}'"
        for invoice, status in TRANSACTION_STATUS_OF_INVOICE.items()
    )
    return (
        "SELECT i.id, i.invoiceNumber, i.status, t.id AS transaction_id, t.transactionStatus "
        "FROM invoices i LEFT JOIN transactions t ON t.transactionNumber = i.invoiceNumber "
        "AND t.transactionType = 'INVOICE' WHERE t.id IS NULL OR t.clientId <> i.customerId "
        f"OR ABS(t.amount - i.totalAmount) > {CENT_EPSILON} "
        f"OR (t.transactionStatus <> CASE i.status {expected} END "
        "AND NOT (i.status = 'VOID' AND t.transactionStatus = 'WRITTEN_OFF')) ORDER BY i.id"
    )


def _write_offs_off(_: RuleContext) -> str:
    # The app's write-off: the invoice's row WRITTEN_OFF, a WO- transaction RELATED_TO it for
    # the whole invoice, and DR Bad Debt Expense / CR Accounts Receivable for that amount.
    posted = (
        "SELECT l.referenceId, SUM(CASE WHEN a.accountName = "
        f"'{ledger.BAD_DEBT}' THEN l.debit ELSE 0 END) AS expensed, "
        f"SUM(CASE WHEN a.accountName = '{ledger.AR}' THEN l.credit ELSE 0 END) AS cleared "
        "FROM ledgerEntries l JOIN accounts a ON a.id = l.accountId "
        "WHERE l.referenceType = 'WRITE_OFF' GROUP BY l.referenceId"
    )
    return (
        "SELECT t.id, t.transactionNumber, t.amount, w.transactionNumber AS write_off, "
        "w.amount AS written_off, p.expensed, p.cleared FROM transactions t "
        "LEFT JOIN transactionLinks k ON k.parentTransactionId = t.id "
        "AND k.transactionLinkType = 'RELATED_TO' "
        "LEFT JOIN transactions w ON w.id = k.childTransactionId "
        f"LEFT JOIN ({posted}) p ON p.referenceId = w.id "
        "WHERE t.transactionStatus = 'WRITTEN_OFF' AND (w.id IS NULL "
        "OR w.transactionNumber NOT LIKE 'WO-%' "
        f"OR ABS(w.amount - t.amount) > {CENT_EPSILON} "
        f"OR ABS(COALESCE(p.expensed, 0) - w.amount) > {CENT_EPSILON} "
        f"OR ABS(COALESCE(p.cleared, 0) - w.amount) > {CENT_EPSILON}) ORDER BY t.id"
    )


def _client_stats_off(context: RuleContext) -> str:
    # What TERP's updateClientStats would compute from client_transactions alone.
    as_of = f"'{context.params.as_of.isoformat()}'"
    age = days_between(as_of, "transaction_date", context.dialect)
    stats = (
        "SELECT client_id, SUM(amount) AS spent, "
        "SUM(CASE WHEN payment_status <> 'PAID' THEN amount ELSE 0 END) AS owed, "
        f"MAX(CASE WHEN payment_status <> 'PAID' THEN {age} ELSE 0 END) AS oldest "
        f"FROM client_transactions WHERE transaction_type IN ({STATS_TYPES}) GROUP BY client_id"
    )
    return (
        "SELECT b.id, b.name, b.total_spent, s.spent, b.total_owed, s.owed, "
        "b.oldest_debt_days, s.oldest "
        f"FROM ({BUYERS}) b LEFT JOIN ({stats}) s ON s.client_id = b.id "
        f"WHERE ABS(b.total_spent - COALESCE(s.spent, 0)) > {CENT_EPSILON} "
        f"OR ABS(b.total_owed - COALESCE(s.owed, 0)) > {CENT_EPSILON} "
        "OR b.oldest_debt_days <> COALESCE(s.oldest, 0) ORDER BY b.id"
    )


def _client_payments_off(_: RuleContext) -> str:
    # Each buyer receipt is a PAYMENT row and each cash refund a REFUND row, to the cent.
    kinds = "CASE paymentType WHEN 'RECEIVED' THEN 'PAYMENT' ELSE 'REFUND' END"
    paid = (
        f"SELECT customerId AS client_id, {kinds} AS kind, SUM(amount) AS amount FROM payments "
        f"WHERE customerId IS NOT NULL GROUP BY customerId, {kinds}"
    )
    listed = (
        "SELECT client_id, transaction_type AS kind, SUM(amount) AS amount "
        "FROM client_transactions WHERE transaction_type IN ('PAYMENT', 'REFUND') "
        "GROUP BY client_id, transaction_type"
    )
    return (
        "SELECT p.client_id, p.kind, p.amount AS in_payments, l.amount AS in_client_ledger "
        f"FROM ({paid}) p LEFT JOIN ({listed}) l ON l.client_id = p.client_id "
        f"AND l.kind = p.kind WHERE l.amount IS NULL OR ABS(p.amount - l.amount) > {CENT_EPSILON} "
        "UNION ALL SELECT l.client_id, l.kind, p.amount, l.amount "
        f"FROM ({listed}) l LEFT JOIN ({paid}) p ON p.client_id = l.client_id "
        "AND p.kind = l.kind WHERE p.amount IS NULL"
    )


def _cash_off_ledger(_: RuleContext) -> str:
    cash = (
        "SELECT COALESCE(SUM(l.debit - l.credit), 0) AS cash FROM ledgerEntries l "
        f"JOIN accounts a ON a.id = l.accountId WHERE a.accountName = '{ledger.CASH}' "
        "AND l.isPosted = 1 AND l.deleted_at IS NULL"
    )
    on_hand = (
        "SELECT COALESCE(SUM(current_balance), 0) AS on_hand FROM cash_locations "
        "WHERE is_active = 1"
    )
    return (
        f"SELECT c.cash, h.on_hand FROM ({cash}) c, ({on_hand}) h "
        f"WHERE ABS(c.cash - h.on_hand) > {CENT_EPSILON}"
    )


def _location_balance_off_rows(_: RuleContext) -> str:
    # The app stores the balance and never recomputes it, so it must be its rows' net.
    net = (
        "SELECT location_id, SUM(CASE WHEN transaction_type = 'IN' "
        "OR (transaction_type = 'TRANSFER' AND transfer_from_location_id IS NOT NULL) "
        "THEN amount ELSE -amount END) AS net FROM cash_location_transactions "
        "GROUP BY location_id"
    )
    return (
        "SELECT c.id, c.name, c.current_balance, COALESCE(n.net, 0) AS net "
        f"FROM cash_locations c LEFT JOIN ({net}) n ON n.location_id = c.id "
        f"WHERE ABS(c.current_balance - COALESCE(n.net, 0)) > {CENT_EPSILON} "
        "UNION ALL SELECT t.id, 'row', t.amount, NULL FROM cash_location_transactions t "
        "WHERE t.amount <= 0 OR t.transaction_type NOT IN ('IN', 'OUT', 'TRANSFER')"
    )


def _exposure_off_owed(_: RuleContext) -> str:
    return (
        "SELECT b.id, b.name, b.total_owed, l.current_exposure, l.credit_limit, "
        "l.utilization_percent "
        f"FROM ({BUYERS}) b LEFT JOIN client_credit_limits l ON l.client_id = b.id "
        f"WHERE l.id IS NULL OR ABS(l.current_exposure - b.total_owed) > {CENT_EPSILON} "
        "OR (l.credit_limit > 0.01 AND ABS(l.utilization_percent - CASE WHEN "
        "l.current_exposure * 100.0 / l.credit_limit > 999.99 THEN 999.99 ELSE "
        "ROUND(l.current_exposure * 100.0 / l.credit_limit, 2) END) > 0.011) "
        "ORDER BY b.id"
    )


def _sales_off_invoices(_: RuleContext) -> str:
    # One sale per line of every standing (not VOID) invoiced order, at the line's price.
    kept_lines = (
        "SELECT l.order_id, COUNT(*) AS line_count, SUM(l.quantity * l.unit_price) AS revenue "
        "FROM order_line_items l JOIN invoices i ON i.referenceType = 'ORDER' "
        "AND i.referenceId = l.order_id AND i.status <> 'VOID' GROUP BY l.order_id"
    )
    sold = (
        "SELECT COUNT(*) AS sales, COALESCE(SUM(quantity * salePrice), 0) AS revenue "
        "FROM sales WHERE deleted_at IS NULL"
    )
    counted = f"SELECT SUM(line_count) AS line_count, SUM(revenue) AS revenue FROM ({kept_lines}) k"
    return (
        "SELECT c.line_count, s.sales, c.revenue, s.revenue AS sold "
        f"FROM ({counted}) c, ({sold}) s WHERE COALESCE(c.line_count, 0) <> s.sales "
        "OR ABS(COALESCE(c.revenue, 0) - s.revenue) > 0.01"
    )


def _payments_by_inactive_methods(_: RuleContext) -> str:
    # The app offers only active payment methods; every seeded payment used one of them.
    return (
        "SELECT p.id, p.paymentNumber, p.paymentMethod FROM payments p "
        "LEFT JOIN paymentMethods m ON m.code = p.paymentMethod AND m.isActive = 1 "
        "WHERE m.id IS NULL ORDER BY p.id"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R18",
        "every_credit_use_is_an_application",
        "Each credit's amountUsed is the sum of its creditApplications, to the cent.",
        "violations",
        _credit_uses_untraced,
        ("credits", "creditApplications"),
    ),
    Rule(
        "R18",
        "credit_applications_point_at_transactions",
        "Every credit application points at a transactions row of the credit's buyer.",
        "violations",
        _applications_off_transactions,
        ("credits", "creditApplications", "transactions"),
    ),
    Rule(
        "R18",
        "invoice_paid_is_allocations_plus_credit",
        "Each standing invoice's amountPaid = its payment allocations + credit applied to it.",
        "violations",
        _invoice_paid_unexplained,
        ("invoices", "invoice_payments", "creditApplications", "transactions"),
    ),
    Rule(
        "R18",
        "every_invoice_has_its_transaction",
        "Each invoice has a transactions row (same number, buyer, amount, status) to apply to.",
        "violations",
        _invoices_without_transaction,
        ("invoices", "transactions"),
    ),
    Rule(
        "R18",
        "write_offs_recorded_as_the_app_records_them",
        "Each written-off invoice has its WO- transaction for the whole amount, posted "
        "DR Bad Debt Expense / CR Accounts Receivable.",
        "violations",
        _write_offs_off,
        ("transactions", "transactionLinks", "ledgerEntries", "accounts"),
    ),
    Rule(
        "R18",
        "client_transactions_reproduce_buyer_totals",
        "TERP's updateClientStats over client_transactions gives each buyer's owed, spent, age.",
        "violations",
        _client_stats_off,
        ("clients", "client_transactions"),
    ),
    Rule(
        "R18",
        "client_transactions_list_every_payment",
        "Each buyer's PAYMENT and REFUND rows add up to its receipts and cash refunds.",
        "violations",
        _client_payments_off,
        ("payments", "client_transactions"),
    ),
    Rule(
        "R18",
        "dashboard_cash_equals_ledger_cash",
        "Cash on hand (Σ active cash_locations) equals the ledger's Cash account.",
        "violations",
        _cash_off_ledger,
        ("cash_locations", "ledgerEntries", "accounts"),
    ),
    Rule(
        "R18",
        "cash_location_balances_are_their_rows",
        "Each cash location's stored balance is the net of its IN, OUT and TRANSFER rows.",
        "violations",
        _location_balance_off_rows,
        ("cash_locations", "cash_location_transactions"),
    ),
    Rule(
        "R18",
        "credit_exposure_is_total_owed",
        "Each buyer's credit exposure is what it owes, its utilisation exposure / limit.",
        "violations",
        _exposure_off_owed,
        ("clients", "client_credit_limits"),
    ),
    Rule(
        "R18",
        "sales_are_the_standing_invoiced_lines",
        "`sales` holds one row per line of each standing invoice, at the line's price.",
        "violations",
        _sales_off_invoices,
        ("sales", "order_line_items", "invoices"),
    ),
    Rule(
        "R18",
        "payments_use_active_payment_methods",
        "Every payment was made by a payment method the app offers (active paymentMethods).",
        "violations",
        _payments_by_inactive_methods,
        ("payments", "paymentMethods"),
    ),
    links_resolve("app_ledgers", APP_LEDGER_TABLES),
)
