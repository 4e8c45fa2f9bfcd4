"""The reference family: staff, chart of accounts, fiscal periods, locations, workflow statuses.

Everything else points at these rows: orders are created by users, postings land in accounts
and fiscal periods, batches sit in locations and move through workflow statuses. One
`build_<table>` per table, in the module named for its part of the business.
"""

import pandas as pd

from terp_seed.generate.family import Family
from terp_seed.generate.reference.books import (
    OPERATING_BANK_ACCOUNT,
    build_accounts,
    build_bank_accounts,
)
from terp_seed.generate.reference.calendar import build_fiscal_periods, records_epoch
from terp_seed.generate.reference.staff import COMPANY_DOMAIN, STAFF_ROLES, build_users
from terp_seed.generate.reference.warehouse import (
    WORKFLOW_STATUSES,
    build_locations,
    build_workflow_statuses,
)
from terp_seed.params import SeedParams
from terp_seed.terp.accounts import CHART_OF_ACCOUNTS

__all__ = [
    "CHART_OF_ACCOUNTS",
    "COMPANY_DOMAIN",
    "FAMILY",
    "OPERATING_BANK_ACCOUNT",
    "STAFF_ROLES",
    "TABLES",
    "WORKFLOW_STATUSES",
    "generate",
    "records_epoch",
]

STREAMS = "reference"  # the family key of this package's random streams
TABLES = ("users", "accounts", "fiscalPeriods", "locations", "workflow_statuses", "bankAccounts")


def generate(params: SeedParams) -> dict[str, pd.DataFrame]:
    """The reference tables for a run.

    Args:
        params: The run's parameters.

    Returns:
        Frames for users, accounts, fiscalPeriods, locations, workflow_statuses and
        bankAccounts.
    """
    accounts = build_accounts(params)
    return {
        "users": build_users(params),
        "accounts": accounts,
        "fiscalPeriods": build_fiscal_periods(params),
        "locations": build_locations(params),
        "workflow_statuses": build_workflow_statuses(params),
        "bankAccounts": build_bank_accounts(params, accounts),
    }


FAMILY = Family(
    name="reference",
    description="Staff, chart of accounts, fiscal periods, locations, workflows, the bank.",
    upstream=(),
    creates=TABLES,
    amends=(),
    build=lambda params, tables: generate(params),
)
