"""The month's overheads: rent, insurance, utilities, two payroll runs, marketing."""

import numpy as np
import pandas as pd

from terp_seed.generate.ledger.common import STREAMS, ints
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

# Monthly overheads: (category, expense account, dollars, day of month, how it is paid).
# Day 0 is the month's last day; utilities and marketing move a few days around theirs.
MONTHLY_EXPENSES: tuple[tuple[str, str, float, int, str], ...] = (
    ("Rent", "Rent Expense", 10_000.0, 1, "CHECK"),
    ("Insurance", "Insurance Expense", 5_000.0, 1, "BANK_TRANSFER"),
    ("Utilities", "Utilities Expense", 2_000.0, 10, "BANK_TRANSFER"),
    ("Payroll", "Payroll Expense", 25_000.0, 15, "BANK_TRANSFER"),
    ("Payroll", "Payroll Expense", 25_000.0, 0, "BANK_TRANSFER"),
    ("Marketing", "Marketing Expense", 3_000.0, 20, "CHECK"),
)
# Utilities vary with the season a little (the bill, not the budget).
UTILITIES_SPREAD = 0.08


def build_expenses(
    params: SeedParams, categories: pd.DataFrame, owners: np.ndarray, bank_account: int
) -> pd.DataFrame:
    """The month's overheads, each on its day, for every day of the window up to as-of."""
    rng = stream(params.seed, STREAMS, "expenses")
    start, as_of = pd.Timestamp(params.start), pd.Timestamp(params.end)
    months = pd.date_range(start.replace(day=1), as_of, freq="MS")
    category_id = dict(zip(categories["categoryName"], ints(categories["id"]), strict=True))
    rows = []
    for month in months:
        last = (month + pd.offsets.MonthEnd(0)).day
        for kind, _, dollars, day, method in MONTHLY_EXPENSES:
            when = last if day == 0 else day
            amount = dollars
            if kind == "Utilities":
                when += int(rng.integers(-2, 3))
                amount = round(dollars * (1 + rng.uniform(-UTILITIES_SPREAD, UTILITIES_SPREAD)), 2)
            elif kind == "Marketing":
                when += int(rng.integers(-3, 4))
            date = month + pd.Timedelta(days=when - 1)
            label = f"{month:%B %Y}"
            description = {
                "Rent": f"Warehouse and office rent, {label}",
                "Insurance": f"Cannabis liability and property insurance, {label}",
                "Utilities": f"Power, water and HVAC, {label}",
                "Payroll": f"Payroll run for the period ending {date:%d %b %Y}",
                "Marketing": f"Trade marketing and samples, {label}",
            }[kind]
            rows.append((date, kind, amount, method, description))
    frame = pd.DataFrame(rows, columns=["day", "kind", "amount", "method", "description"])
    frame = frame[(frame["day"] >= start) & (frame["day"] <= as_of)]
    frame = frame.sort_values(["day"], kind="stable").reset_index(drop=True)
    ids = np.arange(1, len(frame) + 1)
    stamp = frame["day"] + pd.to_timedelta(rng.integers(8 * 60, 11 * 60, len(frame)), unit="m")
    return pd.DataFrame(
        {
            "id": ids,
            "expenseNumber": [
                f"EXP-{d.year}-{i:06d}" for d, i in zip(frame["day"], ids, strict=True)
            ],
            "expenseDate": frame["day"].dt.date.to_numpy(),
            "categoryId": frame["kind"].map(category_id).to_numpy(),
            "vendorId": pd.array([None] * len(frame), dtype="Int64"),
            "amount": frame["amount"].to_numpy(),
            "taxAmount": 0.0,
            "totalAmount": frame["amount"].to_numpy(),
            "paymentMethod": frame["method"].to_numpy(),
            "bankAccountId": bank_account,
            "description": frame["description"].to_numpy(),
            "billId": pd.array([None] * len(frame), dtype="Int64"),
            "isReimbursable": 0,
            "isReimbursed": 0,
            "createdBy": rng.choice(owners, len(frame)),
            "createdAt": stamp.to_numpy(),
            "updatedAt": stamp.to_numpy(),
        }
    )


def build_expenseCategories(params: SeedParams, account_ids: dict[str, int]) -> pd.DataFrame:
    """`expenseCategories`: one per kind of overhead, posting to its expense account."""
    from terp_seed.generate.reference import records_epoch

    kinds = dict.fromkeys(kind for kind, *_ in MONTHLY_EXPENSES)
    account_of = {kind: account for kind, account, *_ in MONTHLY_EXPENSES}
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(kinds) + 1),
            "categoryName": list(kinds),
            "parentCategoryId": pd.array([None] * len(kinds), dtype="Int64"),
            "ledgerAccountId": [account_ids[account_of[k]] for k in kinds],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )
