"""The reference family: staff, chart of accounts, fiscal periods, locations, workflow statuses.

Everything else points at these rows: orders are created by users, postings land in accounts
and fiscal periods, batches sit in locations and move through workflow statuses.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.family import Family
from terp_seed.generate.names import person_names
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams, month_start

STREAMS = "reference"  # the family key of this module's random streams
TABLES = ("users", "accounts", "fiscalPeriods", "locations", "workflow_statuses", "bankAccounts")
COMPANY_DOMAIN = "terp-distribution.example"

# TERP's default chart (the app looks these up by name), plus the accounts a distributor
# with consignment and monthly overheads needs. (number, name, type, normal balance, parent).
CHART_OF_ACCOUNTS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("1000", "Cash", "ASSET", "DEBIT", None),
    ("1100", "Accounts Receivable", "ASSET", "DEBIT", None),
    ("1200", "Inventory", "ASSET", "DEBIT", None),
    ("2000", "Accounts Payable", "LIABILITY", "CREDIT", None),
    ("2100", "Consignment Payable", "LIABILITY", "CREDIT", "2000"),
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

# The batch workflow a wholesale floor runs, in order: (name, slug, colour).
WORKFLOW_STATUSES = (
    ("Intake Queue", "intake-queue", "#6B7280"),
    ("Quality Check", "quality-check", "#F59E0B"),
    ("Lab Testing", "lab-testing", "#8B5CF6"),
    ("Packaging", "packaging", "#3B82F6"),
    ("Ready for Sale", "ready-for-sale", "#10B981"),
    ("On Hold", "on-hold", "#EF4444"),
)

STAFF_ROLES = ("admin", "admin", "user")


def records_epoch(params: SeedParams) -> pd.Timestamp:
    """When the business set up its system: a month before the seeded history starts."""
    return pd.Timestamp(month_start(params.start, 1)) + pd.Timedelta(hours=9)


def _users(params: SeedParams) -> pd.DataFrame:
    rng = stream(params.seed, STREAMS, "users")
    names = person_names(params.seed, STREAMS, params.users)
    ids = np.arange(1, params.users + 1)
    # The first two staff are the owners (admins); the rest are sales, warehouse and finance.
    roles = np.where(ids <= 2, "admin", "user")
    open_ids = [f"seed-{value:016x}" for value in rng.integers(0, 2**63 - 1, params.users)]
    emails = [
        f"{name.split()[0].lower()}.{name.split()[-1].lower()}@{COMPANY_DOMAIN}" for name in names
    ]
    created = records_epoch(params) + pd.to_timedelta(ids - 1, unit="D")
    last_signed_in = pd.Timestamp(params.end) + pd.to_timedelta(
        rng.integers(8 * 60, 18 * 60, params.users), unit="min"
    )
    return pd.DataFrame(
        {
            "id": ids,
            "openId": open_ids,
            "name": names,
            "email": emails,
            "loginMethod": "email",
            "role": roles,
            "createdAt": created,
            "updatedAt": created,
            "lastSignedIn": last_signed_in,
        }
    )


def _accounts(params: SeedParams) -> pd.DataFrame:
    numbers = [row[0] for row in CHART_OF_ACCOUNTS]
    id_of = {number: i + 1 for i, number in enumerate(numbers)}
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(numbers) + 1),
            "accountNumber": numbers,
            "accountName": [row[1] for row in CHART_OF_ACCOUNTS],
            "accountType": [row[2] for row in CHART_OF_ACCOUNTS],
            "parentAccountId": pd.array(
                [id_of[row[4]] if row[4] else None for row in CHART_OF_ACCOUNTS], dtype="Int64"
            ),
            "isActive": 1,
            "normalBalance": [row[3] for row in CHART_OF_ACCOUNTS],
            "createdAt": created,
            "updatedAt": created,
        }
    )


def _fiscal_periods(params: SeedParams) -> pd.DataFrame:
    starts = pd.date_range(params.start.replace(day=1), params.end, freq="MS")
    ends = starts + pd.offsets.MonthEnd(0)
    as_of_month = pd.Timestamp(params.end.replace(day=1))
    closed = starts < as_of_month
    # Books close on the fifth of the following month, by the controller (user 2 or 1).
    closed_at = (ends + pd.Timedelta(days=5, hours=17)).where(closed)
    closer = min(2, params.users)
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(starts) + 1),
            "periodName": starts.strftime("%B %Y"),
            "startDate": starts.date,
            "endDate": ends.date,
            "fiscalYear": starts.year,
            "status": np.where(closed, "CLOSED", "OPEN"),
            "closedAt": closed_at.to_numpy(),
            "closedBy": pd.array(
                [closer if is_closed else None for is_closed in closed], dtype="Int64"
            ),
            "createdAt": created,
            "updatedAt": closed_at.fillna(created).to_numpy(),
        }
    )


def _locations(params: SeedParams) -> pd.DataFrame:
    # One licensed warehouse: vault zones by storage need, four racks of three shelves each.
    zones = ("Vault A", "Vault B", "Cold Room", "Packaging")
    rows = [
        (zone, f"R{rack}", f"S{shelf}", f"{zone[0]}{rack}{shelf}")
        for zone in zones
        for rack in range(1, 5)
        for shelf in range(1, 4)
    ]
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "site": "Main Warehouse",
            "zone": [row[0] for row in rows],
            "rack": [row[1] for row in rows],
            "shelf": [row[2] for row in rows],
            "bin": [row[3] for row in rows],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def _workflow_statuses(params: SeedParams) -> pd.DataFrame:
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(WORKFLOW_STATUSES) + 1),
            "name": [row[0] for row in WORKFLOW_STATUSES],
            "slug": [row[1] for row in WORKFLOW_STATUSES],
            "color": [row[2] for row in WORKFLOW_STATUSES],
            "order": np.arange(1, len(WORKFLOW_STATUSES) + 1),
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


# The distributor banks with one operating account; every receipt and disbursement goes
# through it, so its register mirrors the Cash account (the ledger family keeps the balance).
OPERATING_BANK_ACCOUNT = ("Operating Account", "Pacific Coast Credit Union", "CHECKING")


def _bank_accounts(params: SeedParams, accounts: pd.DataFrame) -> pd.DataFrame:
    rng = stream(params.seed, STREAMS, "bank_accounts")
    cash_account = int(accounts.loc[accounts["accountName"] == "Cash", "id"].iloc[0])
    name, bank, kind = OPERATING_BANK_ACCOUNT
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": [1],
            "accountName": [name],
            "accountNumber": [f"****{int(rng.integers(1000, 10_000))}"],
            "bankName": [bank],
            "accountType": [kind],
            "currency": "USD",
            "currentBalance": 0.0,
            "isActive": 1,
            "ledgerAccountId": [cash_account],
            "notes": None,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def generate(params: SeedParams) -> dict[str, pd.DataFrame]:
    """The reference tables for a run.

    Args:
        params: The run's parameters.

    Returns:
        Frames for users, accounts, fiscalPeriods, locations, workflow_statuses and
        bankAccounts.
    """
    accounts = _accounts(params)
    return {
        "users": _users(params),
        "accounts": accounts,
        "fiscalPeriods": _fiscal_periods(params),
        "locations": _locations(params),
        "workflow_statuses": _workflow_statuses(params),
        "bankAccounts": _bank_accounts(params, accounts),
    }


FAMILY = Family(
    name="reference",
    description="Staff, chart of accounts, fiscal periods, locations, workflows, the bank.",
    upstream=(),
    creates=TABLES,
    amends=(),
    build=lambda params, tables: generate(params),
)
