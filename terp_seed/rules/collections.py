"""R18 app ledgers, collections: receipts, the credit-limit audit trail and payable notices.

These records sit beside the books, so each must tell the books' story: a receipt is a payment
the business really took, for its amount, with balances that add up; each manual credit limit
a buyer has is the one its audit trail last set; a payable notice is only sent for a payable
that had fallen due, and an overdue notice only while it was still unpaid.
"""

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.terp.collections import (
    DISPUTE_NUMBER_REGEX,
    DISPUTE_SETTLED,
    MANUAL_OVERRIDE,
    PAYABLE_DUE,
    PAYABLE_OVERDUE,
    RECEIPT_NUMBER_REGEX,
)

# Half a cent: DECIMAL(…,2) amounts that differ by less are equal.
CENT_EPSILON = 0.005
SETTLED = ", ".join(f"'{status}'" for status in DISPUTE_SETTLED)


def _receipts_off_payments(_: RuleContext) -> str:
    return (
        "SELECT r.id, r.receipt_number, r.client_id, r.transaction_id, r.transaction_amount, "
        "r.previous_balance, r.new_balance, p.customerId, p.amount "
        "FROM receipts r LEFT JOIN payments p ON p.id = r.transaction_id "
        "WHERE r.transaction_type = 'PAYMENT' AND (p.id IS NULL "
        "OR p.paymentType <> 'RECEIVED' OR p.customerId <> r.client_id "
        f"OR ABS(p.amount - r.transaction_amount) > {CENT_EPSILON} "
        f"OR ABS(r.previous_balance - r.transaction_amount - r.new_balance) > {CENT_EPSILON} "
        "OR r.created_at < p.createdAt) ORDER BY r.id"
    )


def _payments_without_one_receipt(_: RuleContext) -> str:
    issued = (
        "SELECT transaction_id, COUNT(*) AS receipts FROM receipts "
        "WHERE transaction_type = 'PAYMENT' GROUP BY transaction_id"
    )
    return (
        "SELECT p.id, p.paymentNumber, p.customerId, COALESCE(r.receipts, 0) AS receipts "
        f"FROM payments p LEFT JOIN ({issued}) r ON r.transaction_id = p.id "
        "WHERE p.paymentType = 'RECEIVED' AND p.customerId IS NOT NULL "
        "AND COALESCE(r.receipts, 0) <> 1 ORDER BY p.id"
    )


def _manual_limits_unaudited(_: RuleContext) -> str:
    latest = (
        "SELECT client_id, MAX(id) AS id FROM credit_audit_log "
        f"WHERE event_type IN ('{MANUAL_OVERRIDE}', 'LIMIT_INCREASED', 'LIMIT_DECREASED', "
        "'LIMIT_CALCULATED') GROUP BY client_id"
    )
    return (
        "SELECT c.id, c.name, c.credit_limit, a.new_value, a.created_at "
        f"FROM clients c LEFT JOIN ({latest}) l ON l.client_id = c.id "
        "LEFT JOIN credit_audit_log a ON a.id = l.id "
        "WHERE c.creditLimitSource = 'MANUAL' AND c.credit_limit_updated_at IS NOT NULL "
        f"AND (a.id IS NULL OR a.event_type <> '{MANUAL_OVERRIDE}' "
        f"OR ABS(a.new_value - c.credit_limit) > {CENT_EPSILON} "
        "OR a.created_at > c.credit_limit_updated_at) ORDER BY c.id"
    )


def _payable_notices_without_cause(_: RuleContext) -> str:
    due = (
        f"n.notification_type = '{PAYABLE_DUE}' AND (v.inventory_zero_at IS NULL "
        "OR n.sent_at < v.inventory_zero_at)"
    )
    overdue = (
        f"n.notification_type = '{PAYABLE_OVERDUE}' AND (v.due_date IS NULL "
        "OR DATE(n.sent_at) <= v.due_date OR v.paid_date < DATE(n.sent_at))"
    )
    return (
        "SELECT n.id, n.payable_id, n.notification_type, n.sent_at, v.inventory_zero_at, "
        "v.due_date, v.paid_date FROM payable_notifications n "
        "LEFT JOIN vendor_payables v ON v.id = n.payable_id "
        f"WHERE v.id IS NULL OR ({due}) OR ({overdue}) ORDER BY n.id"
    )


def _disputes_off_their_invoice(_: RuleContext) -> str:
    # Settled exactly when resolved; no money moves unless a dispute is RESOLVED.
    inconsistent = (
        f"(d.dispute_status IN ({SETTLED})) <> (d.resolved_at IS NOT NULL) "
        "OR d.resolved_at < d.created_at "
        "OR (d.dispute_status <> 'RESOLVED' AND COALESCE(d.adjustment_amount, 0) <> 0)"
    )
    return (
        "SELECT d.id, d.dispute_number, d.invoice_id, d.client_id, d.dispute_status, "
        "d.created_at, d.resolved_at, i.customerId, i.status "
        "FROM invoice_disputes d LEFT JOIN invoices i ON i.id = d.invoice_id "
        "WHERE i.id IS NULL OR i.customerId <> d.client_id OR i.status = 'VOID' "
        f"OR d.created_at < i.createdAt OR {inconsistent} ORDER BY d.id"
    )


def _dispute_adjustments_without_credit(_: RuleContext) -> str:
    # The credit that settled it: same buyer and amount, written against the same invoice.
    credit = (
        "SELECT 1 FROM credits c JOIN transactions t ON t.id = c.transactionId "
        "WHERE c.clientId = d.client_id AND t.transactionNumber = i.invoiceNumber "
        f"AND ABS(c.creditAmount - d.adjustment_amount) <= {CENT_EPSILON} "
        "AND c.createdAt >= d.created_at"
    )
    return (
        "SELECT d.id, d.dispute_number, d.invoice_id, d.adjustment_amount "
        "FROM invoice_disputes d JOIN invoices i ON i.id = d.invoice_id "
        "WHERE d.dispute_status = 'RESOLVED' AND COALESCE(d.adjustment_amount, 0) > 0 "
        f"AND NOT EXISTS ({credit}) ORDER BY d.id"
    )


def _notes_off_their_dispute(_: RuleContext) -> str:
    return (
        "SELECT n.id, n.dispute_id, n.created_at, d.created_at AS logged "
        "FROM dispute_notes n LEFT JOIN invoice_disputes d ON d.id = n.dispute_id "
        "WHERE d.id IS NULL OR n.created_at < d.created_at ORDER BY n.id"
    )


def _plans_off_their_installments(_: RuleContext) -> str:
    sums = (
        "SELECT plan_id, COUNT(*) AS n, SUM(amount_due) AS due, SUM(amount_paid) AS paid "
        "FROM installments GROUP BY plan_id"
    )
    off = (
        f"ABS(p.total_amount - p.total_paid - p.remaining_balance) > {CENT_EPSILON} "
        f"OR ABS(p.total_paid - COALESCE(s.paid, 0)) > {CENT_EPSILON} "
        f"OR ABS(p.total_amount - COALESCE(s.due, 0)) > {CENT_EPSILON} "
        "OR p.number_of_installments <> COALESCE(s.n, 0) "
        "OR (p.status IN ('ACTIVE', 'DEFAULTED') "
        f"AND ABS(p.remaining_balance - i.amountDue) > {CENT_EPSILON})"
    )
    return (
        "SELECT p.id, p.invoice_id, p.client_id, p.total_amount, p.total_paid, "
        "p.remaining_balance, s.due, s.paid, i.amountDue FROM installment_plans p "
        f"LEFT JOIN ({sums}) s ON s.plan_id = p.id LEFT JOIN invoices i ON i.id = p.invoice_id "
        f"WHERE i.id IS NULL OR i.customerId <> p.client_id OR {off} ORDER BY p.id"
    )


def _installments_off_payments(context: RuleContext) -> str:
    as_of = context.params.end.isoformat()
    allocation = (
        "SELECT 1 FROM invoice_payments a WHERE a.payment_id = n.payment_id "
        "AND a.invoice_id = p.invoice_id "
        f"AND ABS(a.allocated_amount - n.amount_paid) <= {CENT_EPSILON} "
        "AND DATE(a.allocated_at) = n.paid_date"
    )
    return (
        "SELECT n.id, n.plan_id, n.installment_number, n.installment_status, n.due_date, "
        "n.payment_id, n.amount_paid FROM installments n "
        "JOIN installment_plans p ON p.id = n.plan_id WHERE "
        f"(n.installment_status = 'PAID' AND NOT EXISTS ({allocation})) "
        "OR (n.installment_status <> 'PAID' AND n.amount_paid <> 0) "
        f"OR (n.installment_status IN ('PENDING', 'SCHEDULED') AND n.due_date <= '{as_of}') "
        f"OR (n.installment_status = 'OVERDUE' AND n.due_date > '{as_of}') ORDER BY n.id"
    )


def _adjustments_off_credits(context: RuleContext) -> str:
    # Per buyer: the ledger's CREDIT adjustments are its credits plus its written-off debts.
    given = (
        "SELECT clientId AS client_id, creditAmount AS amount FROM credits UNION ALL "
        "SELECT clientId, ABS(amount) FROM transactions WHERE transactionNumber LIKE 'WO-%'"
    )
    expected = f"SELECT client_id, SUM(amount) AS amount FROM ({given}) g GROUP BY client_id"
    adjusted = (
        "SELECT client_id, SUM(amount) AS amount, "
        "SUM(CASE WHEN transaction_type <> 'CREDIT' OR amount <= 0 "
        f"OR effective_date > '{context.params.end.isoformat()}' THEN 1 ELSE 0 END) AS odd "
        "FROM client_ledger_adjustments GROUP BY client_id"
    )
    return (
        "SELECT b.client_id, e.amount AS credited, a.amount AS adjusted, a.odd FROM "
        f"(SELECT client_id FROM ({expected}) x UNION SELECT client_id FROM ({adjusted}) y) b "
        f"LEFT JOIN ({expected}) e ON e.client_id = b.client_id "
        f"LEFT JOIN ({adjusted}) a ON a.client_id = b.client_id "
        f"WHERE ABS(COALESCE(e.amount, 0) - COALESCE(a.amount, 0)) > {CENT_EPSILON} "
        "OR COALESCE(a.odd, 0) > 0 ORDER BY b.client_id"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R18",
        "receipts_are_payments_taken",
        "Each receipt is a payment the buyer made, for its amount; before - amount = after.",
        "violations",
        _receipts_off_payments,
        ("receipts", "payments"),
    ),
    Rule(
        "R18",
        "every_payment_taken_has_one_receipt",
        "Each payment received from a buyer has exactly one receipt.",
        "violations",
        _payments_without_one_receipt,
        ("receipts", "payments"),
    ),
    Rule(
        "R18",
        "receipt_numbers_in_the_app_format",
        "Receipt numbers are the app's RCP-<year>-<six digits>.",
        "regex",
        "SELECT id, receipt_number FROM receipts ORDER BY id",
        ("receipts",),
        column="receipt_number",
        regex=RECEIPT_NUMBER_REGEX,
    ),
    Rule(
        "R18",
        "manual_credit_limits_are_audited",
        "Each buyer's manual credit limit is the one its credit audit trail last set.",
        "violations",
        _manual_limits_unaudited,
        ("clients", "credit_audit_log"),
    ),
    Rule(
        "R18",
        "payable_notices_follow_their_payables",
        "A payable is announced due only after it sold out, and overdue only while unpaid "
        "past its due date.",
        "violations",
        _payable_notices_without_cause,
        ("payable_notifications", "vendor_payables"),
    ),
    Rule(
        "R18",
        "disputes_follow_their_invoice",
        "A dispute is its invoice's buyer's, logged after the invoice, settled exactly when "
        "resolved, with money only when RESOLVED.",
        "violations",
        _disputes_off_their_invoice,
        ("invoice_disputes", "invoices"),
    ),
    Rule(
        "R18",
        "dispute_adjustments_are_real_credits",
        "A dispute resolved with an adjustment is settled by a credit for that amount on its "
        "invoice.",
        "violations",
        _dispute_adjustments_without_credit,
        ("invoice_disputes", "invoices", "credits", "transactions"),
    ),
    Rule(
        "R18",
        "dispute_numbers_in_the_app_format",
        "Dispute numbers are the app's DSP-<year><month>-<five digits>.",
        "regex",
        "SELECT id, dispute_number FROM invoice_disputes ORDER BY id",
        ("invoice_disputes",),
        column="dispute_number",
        regex=DISPUTE_NUMBER_REGEX,
    ),
    Rule(
        "R18",
        "dispute_notes_follow_their_dispute",
        "Each dispute note belongs to a dispute and is written once it was logged.",
        "violations",
        _notes_off_their_dispute,
        ("dispute_notes", "invoice_disputes"),
    ),
    Rule(
        "R18",
        "installment_plans_add_up",
        "A plan's total is its installments', paid + remaining; what remains is what its "
        "invoice still owes.",
        "violations",
        _plans_off_their_installments,
        ("installment_plans", "installments", "invoices"),
    ),
    Rule(
        "R18",
        "paid_installments_are_real_payments",
        "Each PAID installment is a payment allocated to the plan's invoice that day; nothing "
        "unpaid is shown as coming while already past due.",
        "violations",
        _installments_off_payments,
        ("installments", "installment_plans", "invoice_payments"),
    ),
    Rule(
        "R18",
        "ledger_adjustments_are_credits_given",
        "Each buyer's client-ledger CREDIT adjustments add up to the credits it was given and "
        "the debts written off.",
        "violations",
        _adjustments_off_credits,
        ("client_ledger_adjustments", "credits", "transactions"),
    ),
)
