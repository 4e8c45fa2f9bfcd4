"""Rules on the reference family: the accounts the app finds by name, the fiscal calendar."""

from terp_seed.params import month_start
from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.accounts import APP_ACCOUNT_NAMES

# The tables TERP's staff, books, calendar and warehouse set-up live in.
TABLES = ("users", "accounts", "fiscalPeriods", "locations", "workflow_statuses", "bankAccounts")


def _missing_accounts(_: RuleContext) -> str:
    wanted = " UNION ALL ".join(f"SELECT '{name}' AS accountName" for name in APP_ACCOUNT_NAMES)
    return (
        f"SELECT w.accountName FROM ({wanted}) w "
        "WHERE w.accountName NOT IN (SELECT accountName FROM accounts)"
    )


def _open_past_periods(context: RuleContext) -> str:
    as_of_month = month_start(context.params.as_of).isoformat()
    return (
        "SELECT id, periodName, status FROM fiscalPeriods "
        f"WHERE endDate < '{as_of_month}' AND status <> 'CLOSED' ORDER BY id"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R14",
        "app_accounts_exist_by_name",
        "The accounts the app posts to by name (Cash, Accounts Receivable, ...) all exist.",
        "violations",
        _missing_accounts,
        ("accounts",),
    ),
    Rule(
        "R12",
        "fiscal_periods_cover_the_window",
        "One fiscal period for every month of the seeded window.",
        "row_count",
        lambda c: (
            "SELECT id FROM fiscalPeriods "
            f"WHERE startDate >= '{month_start(c.params.start).isoformat()}' "
            f"AND startDate <= '{c.params.end.isoformat()}'"
        ),
        ("fiscalPeriods",),
        bounds=lambda c: (c.params.months, c.params.months),
    ),
    Rule(
        "R13",
        "past_fiscal_periods_are_closed",
        "Every fiscal period before the as-of month is closed.",
        "violations",
        _open_past_periods,
        ("fiscalPeriods",),
    ),
    Rule(
        "R15",
        "user_open_ids_are_unique",
        "Every staff user signs in with a unique openId.",
        "violations",
        "SELECT openId, COUNT(*) AS users FROM users GROUP BY openId HAVING COUNT(*) > 1",
        ("users",),
    ),
    links_resolve("reference", TABLES),
)
