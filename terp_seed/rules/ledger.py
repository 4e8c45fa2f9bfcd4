"""Rules on the ledger family: double entry, control accounts equal to their subledgers, cash.

R8: every posting balances, debits equal credits, lines are one-sided, entry numbers are unique
and in the app's formats, entries sit in their fiscal period and post to real accounts.
R9: Accounts Receivable, Accounts Payable (with Consignment Payable), Inventory, Sales Revenue,
Sales Returns and Cost of Goods Sold each equal, to the cent, what the operational tables say;
the bank register equals the Cash account. R10: gross margin and month-end cash (warnings).

Accounts are found by name, as the app finds them. A line's cost is its quantity times its
unit cost rounded per line, half up: `ROUND(q * c + 0.000001, 2)` in SQL, see
`terp_seed.generate.ledger.postings.line_cost_cents` for why that is exact on both MySQL
and SQLite.
"""

from terp_seed.rules.core import Rule, RuleContext, month_of
from terp_seed.rules.integrity import links_resolve
from terp_seed.rules.orders import share_observable
from terp_seed.terp import ledger

# The books' tables whose links these rules resolve.
BOOKS_TABLES = (
    "ledgerEntries",
    "bankTransactions",
    "paymentHistory",
    "expenseCategories",
    "expenses",
    "bankAccounts",
    "payments",
    "bills",
    "vendor_payables",
)
# Half a cent: anything smaller is how a database adds floating-point money.
CENT_TOLERANCE = 0.005
POSTED = "l.isPosted = 1 AND l.deleted_at IS NULL"


def _line_cost(quantity: str, unit_cost: str) -> str:
    return f"ROUND({quantity} * {unit_cost} + 0.000001, 2)"


def _balance(account_name: str | tuple[str, ...], sign: str = "l.debit - l.credit") -> str:
    """One-row subquery: the posted balance of accounts (debit minus credit by default)."""
    names = (account_name,) if isinstance(account_name, str) else account_name
    listed = ", ".join(f"'{name}'" for name in names)
    return (
        f"SELECT COALESCE(SUM({sign}), 0) AS balance FROM ledgerEntries l "
        f"JOIN accounts a ON a.id = l.accountId WHERE a.accountName IN ({listed}) "
        f"AND {POSTED}"
    )


def _mismatch(account: str, ledger_sql: str, subledger: str, subledger_sql: str) -> str:
    """A row naming the account and both figures when the ledger and its subledger differ."""
    return (
        f"SELECT '{account}' AS account, ROUND(g.balance, 2) AS ledger_balance, "
        f"'{subledger}' AS subledger, ROUND(s.total, 2) AS subledger_total, "
        "ROUND(g.balance - s.total, 2) AS difference "
        f"FROM ({ledger_sql}) g, ({subledger_sql}) s "
        f"WHERE ABS(g.balance - s.total) > {CENT_TOLERANCE}"
    )


# --- R8 -------------------------------------------------------------------------------------
UNBALANCED_POSTINGS = (
    "SELECT l.referenceType, l.referenceId, MIN(l.entryNumber) AS first_entry, "
    "ROUND(SUM(l.debit), 2) AS debits, ROUND(SUM(l.credit), 2) AS credits "
    f"FROM ledgerEntries l WHERE {POSTED} GROUP BY l.referenceType, l.referenceId "
    f"HAVING ABS(SUM(l.debit) - SUM(l.credit)) > {CENT_TOLERANCE}"
)
TOTAL_DIFFERENCE = (
    "SELECT COALESCE(SUM(l.debit), 0) - COALESCE(SUM(l.credit), 0) AS figure "
    f"FROM ledgerEntries l WHERE {POSTED}"
)
TWO_SIDED_LINES = (
    "SELECT id, entryNumber, debit, credit FROM ledgerEntries "
    "WHERE debit < 0 OR credit < 0 OR (debit > 0 AND credit > 0) OR (debit = 0 AND credit = 0)"
)
DUPLICATE_NUMBERS = (
    "SELECT entryNumber, COUNT(*) AS line_count FROM ledgerEntries GROUP BY entryNumber "
    "HAVING COUNT(*) > 1"
)
OUTSIDE_PERIOD = (
    "SELECT l.id, l.entryNumber, l.entryDate, l.fiscalPeriodId, p.startDate, p.endDate "
    "FROM ledgerEntries l LEFT JOIN fiscalPeriods p ON p.id = l.fiscalPeriodId "
    "WHERE p.id IS NULL OR l.entryDate < p.startDate OR l.entryDate > p.endDate"
)
UNKNOWN_ACCOUNTS = (
    "SELECT l.id, l.entryNumber, l.accountId FROM ledgerEntries l "
    "LEFT JOIN accounts a ON a.id = l.accountId WHERE a.id IS NULL"
)
# The app's formats, per kind of posting (LIKE patterns; `_` is any one character).
ENTRY_FORMATS = (
    ("INVOICE", "SALE-INV-____-______-%"),
    ("CREDIT", "REF-CR-%"),
    ("RETURN", "RTN-INV-____-______-%"),
    ("PAYMENT", "PMT-%"),
    ("BILL", "BILL-BILL-____-______-%"),
    ("EXPENSE", "EXP-EXP-____-______-%"),
    ("EQUITY", "OPEN-________-%"),
    ("WRITE_OFF", "WO-WO-_____-_"),
)
# Each kind of posting points at a real row of its table.
REFERENCED_TABLES = (
    ("INVOICE", "invoices"),
    ("CREDIT", "credits"),
    ("RETURN", "returns"),
    ("PAYMENT", "payments"),
    ("BILL", "bills"),
    ("EXPENSE", "expenses"),
    ("WRITE_OFF", "transactions"),
)


def _off_format(_: RuleContext) -> str:
    known = " OR ".join(
        f"(referenceType = '{kind}' AND entryNumber LIKE '{pattern}' "
        f"AND (entryNumber LIKE '%-DR' OR entryNumber LIKE '%-CR'))"
        for kind, pattern in ENTRY_FORMATS
        if kind != "WRITE_OFF"
    )
    # The app's write-off numbers its two lines WO-<WO number>-1 (debit) and -2 (credit).
    known += (
        " OR (referenceType = 'WRITE_OFF' AND ((entryNumber LIKE 'WO-WO-_____-1' AND credit = 0)"
        " OR (entryNumber LIKE 'WO-WO-_____-2' AND debit = 0)))"
    )
    # A payment's lines carry its id: PMT-<paymentId>-DR / -CR. (Compared as numbers: a
    # string built with CONCAT would carry the connection's collation on MySQL.)
    payment_ok = (
        "(referenceType <> 'PAYMENT' OR "
        "SUBSTR(entryNumber, 5, LENGTH(entryNumber) - 7) = referenceId)"
    )
    return (
        "SELECT id, entryNumber, referenceType, referenceId FROM ledgerEntries "
        f"WHERE NOT (({known}) AND {payment_ok})"
    )


def _dangling_references(_: RuleContext) -> str:
    parts = [
        f"SELECT l.id, l.entryNumber, l.referenceType, l.referenceId FROM ledgerEntries l "
        f"LEFT JOIN {table} t ON t.id = l.referenceId "
        f"WHERE l.referenceType = '{kind}' AND t.id IS NULL"
        for kind, table in REFERENCED_TABLES
    ]
    parts.append(
        "SELECT l.id, l.entryNumber, l.referenceType, l.referenceId FROM ledgerEntries l "
        "LEFT JOIN users u ON u.id = l.createdBy LEFT JOIN users p ON p.id = l.postedBy "
        "WHERE u.id IS NULL OR (l.postedBy IS NOT NULL AND p.id IS NULL)"
    )
    return " UNION ALL ".join(parts)


def _open_periods_before_as_of(context: RuleContext) -> str:
    month_start = context.params.as_of.replace(day=1).isoformat()
    return (
        "SELECT id, periodName, startDate, status FROM fiscalPeriods "
        f"WHERE startDate < '{month_start}' AND status <> 'CLOSED'"
    )


# --- R9 -------------------------------------------------------------------------------------
def _receivables(_: RuleContext) -> str:
    ledger_ar = _balance(ledger.AR)
    return (
        "SELECT 'Accounts Receivable' AS account, ROUND(g.balance, 2) AS ledger_balance, "
        "ROUND(i.total, 2) AS invoices_amount_due, ROUND(c.total, 2) AS clients_total_owed "
        f"FROM ({ledger_ar}) g, (SELECT COALESCE(SUM(amountDue), 0) AS total FROM invoices) i, "
        "(SELECT COALESCE(SUM(total_owed), 0) AS total FROM clients) c "
        f"WHERE ABS(g.balance - i.total) > {CENT_TOLERANCE} "
        f"OR ABS(g.balance - c.total) > {CENT_TOLERANCE}"
    )


def _payables(_: RuleContext) -> str:
    credit_balance = "l.credit - l.debit"
    return " UNION ALL ".join(
        (
            _mismatch(
                ledger.AP,
                _balance(ledger.AP, credit_balance),
                "open bills (amountDue)",
                "SELECT COALESCE(SUM(amountDue), 0) AS total FROM bills WHERE status <> 'VOID'",
            ),
            _mismatch(
                ledger.CONSIGNMENT_PAYABLE,
                _balance(ledger.CONSIGNMENT_PAYABLE, credit_balance),
                "open vendor payables (amount_due)",
                "SELECT COALESCE(SUM(amount_due), 0) AS total FROM vendor_payables "
                "WHERE status <> 'VOID'",
            ),
        )
    )


# Owned stock valued movement by movement (intake, sales, returns) at its batch's unit cost,
# rounded per movement: each sale or return movement is one order line, so this is the value
# the ledger carries. Valuing the final on-hand quantity in one go differs from it by the
# per-line rounding (under half a cent per line), so that figure is shown, not checked.
OWNED_STOCK_VALUE = (
    "SELECT COALESCE(SUM(CASE WHEN m.quantityChange < 0 THEN -1 ELSE 1 END * "
    f"{_line_cost('ABS(m.quantityChange)', 'b.unitCogs')}), 0) AS total "
    "FROM inventoryMovements m JOIN batches b ON b.id = m.batchId "
    "WHERE b.ownership_type = 'OFFICE_OWNED'"
)
INVENTORY_EXHIBIT = (
    "SELECT ROUND(g.balance, 2) AS inventory_account, "
    "ROUND(s.total, 2) AS owned_stock_by_movement, "
    "ROUND(o.total, 2) AS owned_on_hand_times_unit_cost, "
    "ROUND(o.total - s.total, 2) AS per_line_rounding_residue, o.batches AS owned_batches_in_stock "
    f"FROM ({_balance(ledger.INVENTORY)}) g, ({OWNED_STOCK_VALUE}) s, "
    "(SELECT COALESCE(SUM(ROUND(onHandQty * unitCogs, 2)), 0) AS total, "
    "SUM(CASE WHEN onHandQty > 0 THEN 1 ELSE 0 END) AS batches FROM batches "
    "WHERE ownership_type = 'OFFICE_OWNED') o"
)


def _inventory(_: RuleContext) -> str:
    return _mismatch(
        ledger.INVENTORY, _balance(ledger.INVENTORY), "owned stock value", OWNED_STOCK_VALUE
    )


INVOICED_LINES = (
    "FROM order_line_items li JOIN invoices i ON i.referenceType = 'ORDER' "
    "AND i.referenceId = li.order_id"
)
SOLD_COST = (
    f"SELECT (SELECT COALESCE(SUM({_line_cost('li.quantity', 'li.cogs_per_unit')}), 0) "
    f"{INVOICED_LINES}) - "
    f"(SELECT COALESCE(SUM({_line_cost('li.quantity', 'li.cogs_per_unit')}), 0) "
    f"{INVOICED_LINES} WHERE li.order_id IN (SELECT order_id FROM returns)) AS total"
)


def _revenue_and_cogs(_: RuleContext) -> str:
    return " UNION ALL ".join(
        (
            _mismatch(
                ledger.REVENUE,
                _balance(ledger.REVENUE, "l.credit - l.debit"),
                "invoice totals",
                "SELECT COALESCE(SUM(totalAmount), 0) AS total FROM invoices",
            ),
            _mismatch(
                ledger.RETURNS,
                _balance(ledger.RETURNS),
                "return and refund credits",
                "SELECT COALESCE(SUM(creditAmount), 0) AS total FROM credits",
            ),
            _mismatch(
                ledger.COGS,
                _balance(ledger.COGS),
                "cost of invoiced lines net of returns",
                SOLD_COST,
            ),
        )
    )


SUPPLIER_PAYMENTS_MISMATCH = (
    "SELECT 'bill' AS document, b.billNumber AS number, b.totalAmount AS total, "
    "b.amountPaid AS amount_paid, COALESCE(p.paid, 0) AS payments, b.amountDue AS amount_due, "
    "b.status FROM bills b LEFT JOIN (SELECT billId, SUM(amount) AS paid FROM payments "
    "WHERE billId IS NOT NULL GROUP BY billId) p ON p.billId = b.id "
    f"WHERE ABS(b.amountPaid - COALESCE(p.paid, 0)) > {CENT_TOLERANCE} "
    f"OR ABS(b.totalAmount - b.amountPaid - b.amountDue) > {CENT_TOLERANCE} "
    "OR (b.status = 'PAID') <> (b.amountDue = 0) "
    "UNION ALL "
    "SELECT 'vendor payable', v.payable_number, v.total_amount, v.amount_paid, "
    "COALESCE(h.paid, 0), v.amount_due, v.status FROM vendor_payables v "
    "LEFT JOIN (SELECT batchId, SUM(amount) AS paid FROM paymentHistory GROUP BY batchId) h "
    "ON h.batchId = v.batch_id "
    f"WHERE ABS(v.amount_paid - COALESCE(h.paid, 0)) > {CENT_TOLERANCE} "
    f"OR ABS(v.total_amount - v.amount_paid - v.amount_due) > {CENT_TOLERANCE} "
    "OR (v.status = 'PAID') <> (v.amount_due = 0)"
)

BANK_MISMATCH = (
    "SELECT ba.id AS bank_account, ba.accountName AS name, ROUND(ba.currentBalance, 2) "
    "AS current_balance, ROUND(COALESCE(t.total, 0), 2) AS register_total, "
    "ROUND(COALESCE(c.balance, 0), 2) AS cash_account_balance FROM bankAccounts ba "
    "LEFT JOIN (SELECT bankAccountId, SUM(CASE WHEN transactionType IN ('DEPOSIT', 'INTEREST') "
    "THEN amount ELSE -amount END) AS total FROM bankTransactions WHERE deleted_at IS NULL "
    "GROUP BY bankAccountId) t ON t.bankAccountId = ba.id "
    "LEFT JOIN (SELECT l.accountId, SUM(l.debit - l.credit) AS balance FROM ledgerEntries l "
    f"WHERE {POSTED} GROUP BY l.accountId) c ON c.accountId = ba.ledgerAccountId "
    f"WHERE ABS(ba.currentBalance - COALESCE(t.total, 0)) > {CENT_TOLERANCE} "
    f"OR ABS(COALESCE(t.total, 0) - COALESCE(c.balance, 0)) > {CENT_TOLERANCE}"
)


# --- R10 and statements ----------------------------------------------------------------------
def _by_account_type() -> str:
    return (
        "SELECT a.accountNumber, a.accountName, a.accountType, "
        "COALESCE(SUM(l.debit), 0) AS debit, COALESCE(SUM(l.credit), 0) AS credit "
        f"FROM accounts a LEFT JOIN ledgerEntries l ON l.accountId = a.id AND {POSTED} "
        "GROUP BY a.accountNumber, a.accountName, a.accountType"
    )


NET_SALES = _balance((ledger.REVENUE, ledger.RETURNS), "l.credit - l.debit")
GROSS_MARGIN = (
    "SELECT (r.balance - c.balance) / r.balance AS figure FROM "
    f"({NET_SALES}) r, ({_balance(ledger.COGS)}) c"
)


def _monthly_cash(context: RuleContext) -> str:
    month = month_of("l.entryDate", context.dialect)
    return (
        "SELECT month, ROUND(SUM(net) OVER (ORDER BY month ROWS UNBOUNDED PRECEDING), 2) "
        "AS closing_cash FROM (SELECT "
        f"{month} AS month, SUM(l.debit - l.credit) AS net FROM ledgerEntries l "
        f"JOIN accounts a ON a.id = l.accountId WHERE a.accountName = 'Cash' AND {POSTED} "
        f"GROUP BY {month}) m"
    )


def _negative_cash_months(context: RuleContext) -> str:
    return f"SELECT month, closing_cash FROM ({_monthly_cash(context)}) c WHERE closing_cash < 0"


def _monthly_pnl(context: RuleContext) -> str:
    month = month_of("l.entryDate", context.dialect)

    def amount(condition: str, sign: str = "l.debit - l.credit") -> str:
        return f"SUM(CASE WHEN {condition} THEN {sign} ELSE 0 END)"

    revenue = amount("a.accountName = 'Sales Revenue'", "l.credit - l.debit")
    returns = amount("a.accountName = 'Sales Returns and Allowances'")
    cogs = amount("a.accountName = 'Cost of Goods Sold'")
    opex = amount("a.accountType = 'EXPENSE' AND a.accountName <> 'Cost of Goods Sold'")
    return (
        "SELECT month, ROUND(revenue, 2) AS revenue, ROUND(returns, 2) AS returns, "
        "ROUND(cogs, 2) AS cogs, ROUND(revenue - returns - cogs, 2) AS gross_margin, "
        "ROUND(100 * (revenue - returns - cogs) / (revenue - returns), 1) AS gross_margin_pct, "
        "ROUND(opex, 2) AS operating_expenses, "
        "ROUND(revenue - returns - cogs - opex, 2) AS net_income FROM ("
        f"SELECT {month} AS month, {revenue} AS revenue, {returns} AS returns, {cogs} AS cogs, "
        f"{opex} AS opex FROM ledgerEntries l JOIN accounts a ON a.id = l.accountId "
        f"WHERE {POSTED} GROUP BY {month}) m ORDER BY month"
    )


TRIAL_BALANCE = (
    "SELECT line, account, name, debit, credit, balance FROM ("
    "SELECT 1 AS line, accountNumber AS account, accountName AS name, ROUND(debit, 2) AS debit, "
    "ROUND(credit, 2) AS credit, ROUND(debit - credit, 2) AS balance "
    f"FROM ({_by_account_type()}) t UNION ALL "
    "SELECT 2, 'TOTAL', '', ROUND(SUM(debit), 2), ROUND(SUM(credit), 2), "
    f"ROUND(SUM(debit) - SUM(credit), 2) FROM ({_by_account_type()}) t) tb "
    "ORDER BY line, account"
)

BALANCE_SHEET = (
    "SELECT line, section, account, amount FROM ("
    "SELECT 1 AS line, 'Assets' AS section, accountName AS account, "
    "ROUND(debit - credit, 2) AS amount FROM "
    f"({_by_account_type()}) t WHERE accountType = 'ASSET' UNION ALL "
    "SELECT 2, 'Liabilities', accountName, ROUND(credit - debit, 2) FROM "
    f"({_by_account_type()}) t WHERE accountType = 'LIABILITY' UNION ALL "
    "SELECT 3, 'Equity', accountName, ROUND(credit - debit, 2) FROM "
    f"({_by_account_type()}) t WHERE accountType = 'EQUITY' UNION ALL "
    "SELECT 4, 'Equity', 'Earnings to date (revenue less expenses)', "
    f"ROUND(SUM(credit - debit), 2) FROM ({_by_account_type()}) t "
    "WHERE accountType IN ('REVENUE', 'EXPENSE') UNION ALL "
    "SELECT 5, 'Total assets', '', ROUND(SUM(debit - credit), 2) FROM "
    f"({_by_account_type()}) t WHERE accountType = 'ASSET' UNION ALL "
    "SELECT 6, 'Total liabilities and equity', '', ROUND(SUM(credit - debit), 2) FROM "
    f"({_by_account_type()}) t WHERE accountType <> 'ASSET') bs ORDER BY line, account"
)
BALANCE_SHEET_GAP = (
    "SELECT SUM(CASE WHEN accountType = 'ASSET' THEN debit - credit ELSE 0 END) "
    "- SUM(CASE WHEN accountType <> 'ASSET' THEN credit - debit ELSE 0 END) "
    f"AS figure FROM ({_by_account_type()}) t"
)


RULES: tuple[Rule, ...] = (
    Rule(
        "R8",
        "every_posting_balances",
        "Every posting (its lines sharing referenceType and referenceId) has equal debits and "
        "credits, to the cent.",
        "violations",
        UNBALANCED_POSTINGS,
        ("ledgerEntries",),
    ),
    Rule(
        "R8",
        "ledger_debits_equal_credits",
        "Across the ledger, total debits equal total credits (figure: debits minus credits).",
        "figure",
        TOTAL_DIFFERENCE,
        ("ledgerEntries",),
        bounds=lambda c: (-CENT_TOLERANCE, CENT_TOLERANCE),
        unit="money",
        exhibits=(("trial balance", TRIAL_BALANCE),),
    ),
    Rule(
        "R8",
        "balance_sheet_balances",
        "Assets equal liabilities plus equity, earnings to date included (figure: the gap).",
        "figure",
        BALANCE_SHEET_GAP,
        ("ledgerEntries", "accounts"),
        bounds=lambda c: (-CENT_TOLERANCE, CENT_TOLERANCE),
        unit="money",
        exhibits=(("balance sheet", BALANCE_SHEET),),
    ),
    Rule(
        "R8",
        "every_line_is_one_sided",
        "Each ledger line is a debit or a credit, positive, never both and never neither.",
        "violations",
        TWO_SIDED_LINES,
        ("ledgerEntries",),
    ),
    Rule(
        "R8",
        "entry_numbers_are_unique",
        "No two ledger lines share an entryNumber (the column is UNIQUE in TERP).",
        "violations",
        DUPLICATE_NUMBERS,
        ("ledgerEntries",),
    ),
    Rule(
        "R8",
        "entry_numbers_follow_the_app_formats",
        "Entry numbers read as the app writes them: SALE-<invoice>-..., PMT-<payment id>-DR/CR, "
        "REF-<credit>-..., RTN-<invoice>-..., BILL-<bill>-..., EXP-<expense>-..., OPEN-<date>-...",
        "violations",
        _off_format,
        ("ledgerEntries",),
    ),
    Rule(
        "R8",
        "entries_sit_in_their_fiscal_period",
        "Each line's fiscal period is the one containing its entry date.",
        "violations",
        OUTSIDE_PERIOD,
        ("ledgerEntries", "fiscalPeriods"),
    ),
    Rule(
        "R8",
        "entries_post_to_existing_accounts",
        "Each line posts to an account of the chart.",
        "violations",
        UNKNOWN_ACCOUNTS,
        ("ledgerEntries", "accounts"),
    ),
    Rule(
        "R8",
        "postings_point_at_real_rows",
        "Each posting names the invoice, credit, return, payment, bill or expense it records, "
        "and real users created and posted it.",
        "violations",
        _dangling_references,
        (
            "ledgerEntries",
            "invoices",
            "credits",
            "returns",
            "payments",
            "bills",
            "expenses",
            "users",
        ),
    ),
    Rule(
        "R8",
        "periods_before_the_as_of_month_are_closed",
        "Every fiscal period before the as-of month is CLOSED.",
        "violations",
        _open_periods_before_as_of,
        ("fiscalPeriods",),
    ),
    Rule(
        "R9",
        "receivables_account_equals_open_invoices",
        "The Accounts Receivable balance equals what invoices still have due and what the "
        "buyers' totals owe.",
        "violations",
        _receivables,
        ("ledgerEntries", "accounts", "invoices", "clients"),
    ),
    Rule(
        "R9",
        "payables_account_equals_open_bills_and_payables",
        "Accounts Payable equals the open bills; Consignment Payable equals the vendor "
        "payables still due.",
        "violations",
        _payables,
        ("ledgerEntries", "accounts", "bills", "vendor_payables"),
    ),
    Rule(
        "R9",
        "inventory_account_equals_owned_stock_value",
        "The Inventory balance equals office-owned stock on hand, valued movement by movement "
        "at its unit cost.",
        "violations",
        _inventory,
        ("ledgerEntries", "accounts", "inventoryMovements", "batches"),
        exhibits=(("inventory valuation", INVENTORY_EXHIBIT),),
    ),
    Rule(
        "R9",
        "revenue_and_cogs_equal_sales",
        "Sales Revenue equals the invoiced sales, Sales Returns the credits given, and Cost of "
        "Goods Sold the cost of invoiced lines net of returns.",
        "violations",
        _revenue_and_cogs,
        ("ledgerEntries", "accounts", "invoices", "credits", "order_line_items", "returns"),
    ),
    Rule(
        "R9",
        "supplier_documents_match_their_payments",
        "Each bill and vendor payable has been paid exactly what its payments say, and its "
        "status follows its amount due.",
        "violations",
        SUPPLIER_PAYMENTS_MISMATCH,
        ("bills", "payments", "vendor_payables", "paymentHistory"),
    ),
    Rule(
        "R9",
        "bank_balance_equals_cash_account",
        "The operating account's balance equals its register and the Cash account.",
        "violations",
        BANK_MISMATCH,
        ("bankAccounts", "bankTransactions", "ledgerEntries"),
    ),
    Rule(
        "R10",
        "gross_margin_between_20_and_40_percent",
        "Gross margin (net sales less cost of goods sold, over net sales) is 20-40%.",
        "figure",
        GROSS_MARGIN,
        ("ledgerEntries", "accounts"),
        bounds=lambda c: (0.20, 0.40),
        blocking=False,
        unit="share",
        applies=share_observable,
        exhibits=(("monthly P&L", _monthly_pnl),),
    ),
    Rule(
        "R10",
        "cash_never_negative_at_month_end",
        "The Cash account closes every month at zero or above (listed: any month below).",
        "violations",
        _negative_cash_months,
        ("ledgerEntries", "accounts"),
        blocking=False,
        exhibits=(("month-end cash", _monthly_cash),),
    ),
    links_resolve("ledger", BOOKS_TABLES),
)
