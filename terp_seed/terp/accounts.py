"""TERP's chart of accounts as this business keeps it.

TERP's startup seeds a default chart (accounts 1000 to 5200) and its posting code finds
accounts by exact `accountName` (server/_core/accountLookup.ts); this chart keeps those names
and adds what a distributor with consignment and monthly overheads needs. TERP's balance sheet
lists root accounts only (`parentAccountId` NULL), so every balance-sheet account is a root.
"""

# (number, name, type, normal balance, parent number).
CHART_OF_ACCOUNTS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("1000", "Cash", "ASSET", "DEBIT", None),
    ("1100", "Accounts Receivable", "ASSET", "DEBIT", None),
    ("1200", "Inventory", "ASSET", "DEBIT", None),
    ("2000", "Accounts Payable", "LIABILITY", "CREDIT", None),
    ("2100", "Consignment Payable", "LIABILITY", "CREDIT", None),
    ("3000", "Owner's Equity", "EQUITY", "CREDIT", None),
    ("3100", "Retained Earnings", "EQUITY", "CREDIT", None),
    ("4000", "Sales Revenue", "REVENUE", "CREDIT", None),
    ("4100", "Sales Returns and Allowances", "REVENUE", "DEBIT", "4000"),
    ("5000", "Cost of Goods Sold", "EXPENSE", "DEBIT", None),
    ("5100", "Operating Expenses", "EXPENSE", "DEBIT", None),
    ("5110", "Rent Expense", "EXPENSE", "DEBIT", "5100"),
    ("5120", "Utilities Expense", "EXPENSE", "DEBIT", "5100"),
    ("5130", "Payroll Expense", "EXPENSE", "DEBIT", "5100"),
    ("5140", "Insurance Expense", "EXPENSE", "DEBIT", "5100"),
    ("5150", "Marketing Expense", "EXPENSE", "DEBIT", "5100"),
    ("5200", "Bad Debt Expense", "EXPENSE", "DEBIT", None),
)

# The accounts the app posts to by name; a missing one breaks posting.
APP_ACCOUNT_NAMES = (
    "Cash",
    "Accounts Receivable",
    "Inventory",
    "Accounts Payable",
    "Sales Revenue",
    "Cost of Goods Sold",
)
