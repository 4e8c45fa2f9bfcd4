"""The points ledger: what achievements and referrals earned, what portal buyers redeemed."""

import numpy as np
import pandas as pd

from terp_seed.generate.customer.loyalty import NON_MONETARY_REWARDS, REDEEM_CHANCE
from terp_seed.generate.customer.plan import CustomerPlan, rng
from terp_seed.terp.customer import REFERRAL_SETTINGS, REWARDS

# A reward is asked for shortly before the order it is applied to, and approved in minutes.
REDEEM_LEAD = pd.Timedelta(hours=1)
APPROVAL_DELAY = pd.Timedelta(minutes=10)
# Early access is worth taking once a quarter at most.
EARLY_ACCESS_EVERY = pd.Timedelta(days=90)


def build_reward_catalog(plan: CustomerPlan) -> pd.DataFrame:
    """TERP's default rewards, offered from the day the programme opened."""
    opened = plan.start + pd.Timedelta(hours=8)
    return pd.DataFrame(
        [
            {
                "id": position + 1,
                "code": r.code,
                "name": r.name,
                "description": r.description,
                "points_cost": r.points_cost,
                "reward_type": r.reward_type,
                "reward_value": float(r.reward_value),
                "icon": r.icon,
                "color": r.color,
                "is_active": 1,
                "quantity_redeemed": 0,
                "min_tier_required": r.min_tier,
                "min_achievements_required": r.min_achievements,
                "created_at": opened,
                "updated_at": opened,
            }
            for position, r in enumerate(REWARDS)
        ]
    )


def earnings(
    client_achievements: pd.DataFrame,
    achievements: pd.DataFrame,
    tracking: pd.DataFrame,
    couch_orders: pd.DataFrame,
) -> pd.DataFrame:
    """Every earning event: (client_id, at, points, type, reference_type, reference_id, text)."""
    awarded = client_achievements.merge(
        achievements[["id", "points_awarded", "name"]].rename(columns={"id": "achievement_id"})
    )
    parts = [
        pd.DataFrame(
            {
                "client_id": awarded["client_id"],
                "at": awarded["earned_at"],
                "points": awarded["points_awarded"],
                "transaction_type": "EARNED_ACHIEVEMENT",
                "reference_type": "achievement",
                "reference_id": awarded["id"],
                "description": "Achievement unlocked: " + awarded["name"],
            }
        ),
        pd.DataFrame(
            {
                "client_id": tracking["referrer_client_id"],
                "at": tracking["converted_at"],
                "points": REFERRAL_SETTINGS["points_per_referral"],
                "transaction_type": "EARNED_REFERRAL",
                "reference_type": "referral",
                "reference_id": tracking["id"],
                "description": "Referred buyer placed a first order",
            }
        ),
        pd.DataFrame(
            {
                "client_id": couch_orders["referrer_client_id"],
                "at": couch_orders["created_at"],
                "points": REFERRAL_SETTINGS["points_per_referral_order"],
                "transaction_type": "EARNED_REFERRAL",
                "reference_type": "order",
                "reference_id": couch_orders["id"],
                "description": "Order from a referred buyer",
            }
        ),
    ]
    return pd.concat(parts, ignore_index=True)


def redemptions(plan: CustomerPlan, earned: pd.DataFrame) -> pd.DataFrame:
    """Portal buyers trading points for priority handling or early access before an order.

    Only rewards that change no money are taken: the seeded orders carry no discounts.
    """
    draws = rng(plan.params, "redemptions")
    cost = {r.code: r.points_cost for r in REWARDS}
    rows = []
    for client, invited_at in zip(
        plan.invited["client_id"], plan.invited["invited_at"], strict=True
    ):
        gains = earned[earned["client_id"] == client]
        orders = plan.sales[
            (plan.sales["client_id"] == client)
            & (plan.sales["created_at"] - REDEEM_LEAD > invited_at)
        ]
        spent, last_access = 0, invited_at - EARLY_ACCESS_EVERY
        for order_id, placed, staff in zip(
            orders["id"], orders["created_at"], orders["created_by"], strict=True
        ):
            if draws.random() >= REDEEM_CHANCE:
                continue
            asked = placed - REDEEM_LEAD
            balance = int(gains.loc[gains["at"] <= asked, "points"].sum()) - spent
            code = (
                NON_MONETARY_REWARDS[1]
                if (balance >= cost["EARLY_ACCESS"] and asked - last_access >= EARLY_ACCESS_EVERY)
                else NON_MONETARY_REWARDS[0]
            )
            if balance < cost[code]:
                continue
            spent += cost[code]
            last_access = asked if code == "EARLY_ACCESS" else last_access
            rows.append((client, code, cost[code], asked, int(order_id), int(staff)))
    columns = ["client_id", "code", "points", "at", "order_id", "approved_by"]
    return (
        pd.DataFrame(rows, columns=columns).sort_values(["at", "client_id"]).reset_index(drop=True)
    )


def build_reward_redemptions(
    plan: CustomerPlan, redeemed: pd.DataFrame, catalog: pd.DataFrame
) -> pd.DataFrame:
    """Each redemption, approved by the order's salesperson and applied to that order."""
    reward_id = redeemed["code"].map(catalog.set_index("code")["id"])
    priority = redeemed["code"] == "PRIORITY_HANDLING"
    return pd.DataFrame(
        {
            "id": np.arange(1, len(redeemed) + 1),
            "client_id": redeemed["client_id"],
            "reward_id": reward_id,
            "points_spent": redeemed["points"],
            "status": "APPLIED",
            "applied_to_order_id": redeemed["order_id"].where(priority).astype("Int64"),
            "approved_by_id": redeemed["approved_by"],
            "approved_at": redeemed["at"] + APPROVAL_DELAY,
            "created_at": redeemed["at"],
            "updated_at": redeemed["at"] + APPROVAL_DELAY,
        }
    )


def build_points_ledger(
    plan: CustomerPlan, earned: pd.DataFrame, redemptions_: pd.DataFrame, catalog: pd.DataFrame
) -> pd.DataFrame:
    """Earnings and redemptions in time order, each with the buyer's running balance."""
    names = redemptions_["reward_id"].map(catalog.set_index("id")["name"])
    spent = pd.DataFrame(
        {
            "client_id": redemptions_["client_id"],
            "at": redemptions_["created_at"],
            "points": -redemptions_["points_spent"],
            "transaction_type": "REDEEMED",
            "reference_type": "redemption",
            "reference_id": redemptions_["id"],
            "description": "Redeemed: " + names,
        }
    )
    # No redemption yet (a short window): the empty, untyped frame would turn points to objects.
    ledger = pd.concat([earned, spent], ignore_index=True) if len(spent) else earned.copy()
    ledger = ledger.sort_values(
        ["at", "client_id", "points"], ascending=[True, True, False], kind="stable"
    ).reset_index(drop=True)
    ledger["balance_after"] = ledger.groupby("client_id")["points"].cumsum()
    processed = pd.array([pd.NA] * len(ledger), dtype="Int64")
    return pd.DataFrame(
        {
            "id": np.arange(1, len(ledger) + 1),
            "client_id": ledger["client_id"].astype(int),
            "transaction_type": ledger["transaction_type"],
            "points": ledger["points"].astype(int),
            "balance_after": ledger["balance_after"].astype(int),
            "reference_type": ledger["reference_type"],
            "reference_id": ledger["reference_id"].astype(int),
            "description": ledger["description"],
            "processed_by_id": processed,
            "created_at": ledger["at"],
        }
    )


def build_client_points_summary(
    plan: CustomerPlan,
    ledger: pd.DataFrame,
    client_achievements: pd.DataFrame,
    achievements: pd.DataFrame,
) -> pd.DataFrame:
    """Per buyer with points: balance and lifetime totals from the ledger, medals from awards."""
    moment = plan.as_of_end
    by_client = ledger.groupby("client_id")
    earned = ledger[ledger["points"] > 0].groupby("client_id")["points"].sum()
    redeemed = (
        -ledger[ledger["transaction_type"] == "REDEEMED"].groupby("client_id")["points"].sum()
    )
    awards = client_achievements.merge(
        achievements[["id", "achievement_medal", "markup_discount_percent"]].rename(
            columns={"id": "achievement_id"}
        )
    )
    medals = pd.crosstab(awards["client_id"], awards["achievement_medal"])
    clients = by_client.size().index
    count = lambda medal: clients.map(medals.get(medal, pd.Series(dtype=int))).fillna(0)  # noqa: E731
    return pd.DataFrame(
        {
            "id": np.arange(1, len(clients) + 1),
            "client_id": clients,
            "current_balance": clients.map(by_client["points"].sum()).astype(int),
            "lifetime_earned": clients.map(earned).fillna(0).astype(int),
            "lifetime_redeemed": clients.map(redeemed).fillna(0).astype(int),
            "lifetime_expired": 0,
            "total_achievements": clients.map(awards.groupby("client_id").size())
            .fillna(0)
            .astype(int),
            "bronze_count": count("BRONZE").astype(int),
            "silver_count": count("SILVER").astype(int),
            "gold_count": count("GOLD").astype(int),
            "platinum_count": count("PLATINUM").astype(int),
            "achievement_markup_discount": clients.map(
                awards.groupby("client_id")["markup_discount_percent"].sum()
            )
            .fillna(0.0)
            .round(2),
            "last_calculated_at": moment,
            "created_at": clients.map(by_client["created_at"].min()),
            "updated_at": moment,
        }
    )
