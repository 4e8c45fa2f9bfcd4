"""What is open at as-of: portal drafts, board preferences, sheets in the making, sessions booked.

These rows describe the days just before the as-of date: a portal buyer's draft is what it put
aside at its last sign-in, a sales sheet draft is what its salesperson is preparing now, and a
booked session lies in the coming week (a scheduled event, the only thing dated after as-of).
"""

import json
import uuid

import numpy as np
import pandas as pd

from terp_seed.generate.customer.plan import CustomerPlan, rng
from terp_seed.terp.customer import CUSTOMER_WEIGHTS, LIVE_SESSION_TIMEOUT_SECONDS

DRAFT_CHANCE = 0.4
SETTINGS_CHANCE = 0.3
SHEET_DRAFT_CHANCE = 0.15
BOOKING_CHANCE = 0.3
PREFIXES = ("VIP Member", "Top Buyer", "Partner")
# What an admin weighs more than the default when ranking buyers (the points still add to 100).
ADMIN_WEIGHT_SHIFT = {
    "ytd_revenue": 10,
    "on_time_payment_rate": 5,
    "credit_utilization": -5,
    "yoy_growth": -5,
    "profit_margin": -5,
}


def in_stock(plan: CustomerPlan) -> pd.DataFrame:
    """Batches on hand at as-of, with their product, for interest that is still open."""
    stock = plan.batches[(plan.batches["onHandQty"] > 0) & (plan.batches["list_price"] > 0)]
    return stock.merge(plan.products.rename(columns={"id": "productId"}), on="productId")


def salespeople(plan: CustomerPlan) -> pd.Series:
    """The staff user who places most of each buyer's orders."""
    counts = plan.sales.groupby(["client_id", "created_by"]).size().reset_index(name="orders")
    top = counts.sort_values(["client_id", "orders", "created_by"], ascending=[True, False, True])
    return top.groupby("client_id")["created_by"].first()


def build_client_draft_interests(plan: CustomerPlan, logins: pd.DataFrame) -> pd.DataFrame:
    """Batches portal buyers put aside at their last sign-in and have not submitted yet."""
    draws = rng(plan.params, "draft_interests")
    stock = in_stock(plan)
    rows = []
    for client, last in zip(logins["client_id"], logins["last"], strict=True):
        choice = stock[stock["createdAt"] < last]
        if draws.random() >= DRAFT_CHANCE or choice.empty:
            continue
        picked = choice.iloc[
            draws.choice(len(choice), min(int(draws.integers(1, 5)), len(choice)), replace=False)
        ]
        for step, batch_id in enumerate(picked["id"], start=1):
            added = min(last + pd.Timedelta(minutes=2 * step), plan.as_of_end)
            rows.append({"client_id": client, "batch_id": int(batch_id), "added_at": added})
    drafts = pd.DataFrame(rows, columns=["client_id", "batch_id", "added_at"])
    drafts = drafts.sort_values(["added_at", "client_id"], kind="stable").reset_index(drop=True)
    drafts.insert(0, "id", np.arange(1, len(drafts) + 1))
    return drafts


def build_leaderboard_display_settings(plan: CustomerPlan, logins: pd.DataFrame) -> pd.DataFrame:
    """Board preferences saved by the regular portal users who changed the defaults."""
    draws = rng(plan.params, "display_settings")
    regulars = logins[logins["login_count"] >= 4]
    chosen = regulars[draws.random(len(regulars)) < SETTINGS_CHANCE].reset_index(drop=True)
    count = len(chosen)
    return pd.DataFrame(
        {
            "id": np.arange(1, count + 1),
            "client_id": chosen["client_id"],
            "opt_out_of_leaderboard": (draws.random(count) < 0.25).astype(int),
            "preferred_anonymous_prefix": draws.choice(PREFIXES, count),
            "show_tier_badge": (draws.random(count) < 0.7).astype(int),
            "show_achievement_count": 1,
            "created_at": chosen["last"],
            "updated_at": chosen["last"],
        }
    )


def build_leaderboard_weight_configs(plan: CustomerPlan) -> pd.DataFrame:
    """Each admin's saved weighting, leaning on revenue and prompt payment."""
    draws = rng(plan.params, "weight_configs")
    admins = plan.users[plan.users["role"] == "admin"].reset_index(drop=True)
    weights = {k: v + ADMIN_WEIGHT_SHIFT.get(k, 0) for k, v in CUSTOMER_WEIGHTS.items()}
    days = max((plan.as_of_end - plan.start).days, 1)
    saved = (
        plan.start
        + pd.to_timedelta(draws.integers(0, days, len(admins)), unit="D")
        + (pd.Timedelta(hours=10))
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, len(admins) + 1),
            "user_id": admins["id"],
            "config_name": "default",
            "client_type": "CUSTOMER",
            "weights": json.dumps(weights),
            "is_active": 1,
            "created_at": saved,
            "updated_at": saved,
        }
    )


def build_sales_sheet_drafts(plan: CustomerPlan) -> pd.DataFrame:
    """Sheets a salesperson is preparing for a few non-portal buyers, over today's stock."""
    draws = rng(plan.params, "sheet_drafts")
    stock = in_stock(plan)
    staff = salespeople(plan)
    buyers = staff.index[~staff.index.isin(plan.invited["client_id"])]
    rows = []
    for client in buyers:
        at = plan.as_of_end - pd.Timedelta(minutes=int(draws.integers(30, 2 * 24 * 60)))
        choice = stock[stock["createdAt"] < at]
        if draws.random() >= SHEET_DRAFT_CHANCE or choice.empty:
            continue
        picked = choice.iloc[
            draws.choice(len(choice), min(int(draws.integers(3, 7)), len(choice)), replace=False)
        ]
        items = [
            {"itemId": int(b), "price": float(p), "quantity": float(min(q, 10.0))}
            for b, p, q in zip(picked["id"], picked["list_price"], picked["onHandQty"], strict=True)
        ]
        rows.append(
            {
                "client_id": int(client),
                "created_by": int(staff[client]),
                "name": f"{picked['subcategory'].mode().iloc[0]} picks",
                "items": json.dumps(items),
                "total_value": round(sum(i["price"] * i["quantity"] for i in items), 2),
                "item_count": len(items),
                "created_at": at,
                "updated_at": at,
            }
        )
    columns = [
        "client_id",
        "created_by",
        "name",
        "items",
        "total_value",
        "item_count",
        "created_at",
        "updated_at",
    ]
    drafts = pd.DataFrame(rows, columns=columns).sort_values("created_at").reset_index(drop=True)
    drafts.insert(0, "id", np.arange(1, len(drafts) + 1))
    return drafts


def booked_sessions(plan: CustomerPlan, first_id: int) -> pd.DataFrame:
    """Live sessions portal buyers booked in the last two days for the coming week."""
    draws = rng(plan.params, "booked_sessions")
    staff = salespeople(plan)
    invited = plan.invited[plan.invited["client_id"].isin(staff.index)]
    chosen = invited[draws.random(len(invited)) < BOOKING_CHANCE].reset_index(drop=True)
    count = len(chosen)
    booked = plan.as_of_end - pd.to_timedelta(draws.integers(60, 48 * 60, count), unit="min")
    booked = booked.where(booked > chosen["invited_at"], plan.as_of_end)
    day = pd.Timestamp(plan.params.end) + pd.to_timedelta(draws.integers(1, 8, count), unit="D")
    at = day + pd.to_timedelta(draws.integers(10, 17, count), unit="h")
    return pd.DataFrame(
        {
            "id": np.arange(first_id, first_id + count),
            "hostUserId": chosen["client_id"].map(staff).to_numpy(),
            "clientId": chosen["client_id"],
            "status": "SCHEDULED",
            "roomCode": [str(uuid.UUID(bytes=draws.bytes(16), version=4)) for _ in range(count)],
            "scheduledAt": at,
            "title": "Live menu walkthrough",
            "timeoutSeconds": LIVE_SESSION_TIMEOUT_SECONDS,
            "autoReleaseEnabled": 1,
            "extensionCount": 0,
            "createdAt": booked,
            "updatedAt": booked,
        }
    )
