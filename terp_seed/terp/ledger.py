"""The general ledger as TERP finds it: accounts looked up by their exact name.

TERP's posting code (`server/_core/accountLookup.ts`) finds accounts by `accountName`; these
are the names the seeded postings use and the rules look up.
"""

CASH = "Cash"
AR = "Accounts Receivable"
INVENTORY = "Inventory"
AP = "Accounts Payable"
CONSIGNMENT_PAYABLE = "Consignment Payable"
EQUITY = "Owner's Equity"
REVENUE = "Sales Revenue"
RETURNS = "Sales Returns and Allowances"
COGS = "Cost of Goods Sold"
BAD_DEBT = "Bad Debt Expense"
