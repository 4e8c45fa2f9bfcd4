"""Referrals, achievements, points and rewards, all earned by what buyers really did."""

import numpy as np
import pandas as pd

from terp_seed.generate.customer.plan import CustomerPlan, rng
from terp_seed.terp.customer import ACHIEVEMENTS, REFERRAL_SETTINGS

# Share of buyers that came through another buyer's referral.
REFERRED_SHARE = 0.1
# Rewards a portal buyer takes that change no money: the order totals are already seeded.
NON_MONETARY_REWARDS = ("PRIORITY_HANDLING", "EARLY_ACCESS")
# Chance a portal buyer with enough points redeems one before an order.
REDEEM_CHANCE = 0.25
CODE_ALPHABET = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))


def build_referral_settings(plan: CustomerPlan, referred: pd.DataFrame) -> pd.DataFrame:
    """The programme's one active settings row, set up by an admin before its first referral."""
    opened = plan.start + pd.Timedelta(hours=8)
    if len(referred):
        opened = min(opened, referred["created_at"].min() - pd.Timedelta(days=1))
    return pd.DataFrame(
        [
            {
                "id": 1,
                **REFERRAL_SETTINGS,
                "updated_by_id": plan.admin_id,
                "created_at": opened,
                "updated_at": opened,
            }
        ]
    )


def referrals(plan: CustomerPlan) -> pd.DataFrame:
    """Referred buyers, each brought by an older buyer, converted by its first order.

    Only buyers whose first order fell inside the attribution window after their account was
    opened can have been referred; the referral is recorded when the account is created.
    """
    window = pd.Timedelta(days=REFERRAL_SETTINGS["attribution_window_days"])
    first = plan.sales.groupby("client_id").first()
    buyers = plan.buyers.set_index("id")
    candidates = buyers.join(
        first[["id", "created_at"]].rename(
            columns={"id": "first_order_id", "created_at": "converted_at"}
        ),
        how="inner",
    )
    candidates = candidates[
        (candidates["converted_at"] > candidates["created_at"])
        & (candidates["converted_at"] <= candidates["created_at"] + window)
        & ~candidates["whale"]
    ]
    draws = rng(plan.params, "referrals")
    wanted = round(REFERRED_SHARE * len(plan.buyers))
    order = draws.permutation(len(candidates))
    rows = []
    for position in order:
        referred = candidates.iloc[position]
        older = plan.buyers[plan.buyers["created_at"] < referred["created_at"]]
        if older.empty or len(rows) >= wanted:
            continue
        weights = np.where(older["whale"], 3.0, 1.0)
        referrer = older.iloc[draws.choice(len(older), p=weights / weights.sum())]
        rows.append(
            {
                "referrer_client_id": int(referrer["id"]),
                "referred_client_id": int(candidates.index[position]),
                "created_at": referred["created_at"],
                "converted_at": referred["converted_at"],
                "first_order_id": int(referred["first_order_id"]),
            }
        )
    columns = [
        "referrer_client_id",
        "referred_client_id",
        "created_at",
        "converted_at",
        "first_order_id",
    ]
    found = pd.DataFrame(rows, columns=columns)
    # Typed even when empty (a short window with no referral): readers compare the dates.
    found = found.astype(
        {"referrer_client_id": np.int64, "referred_client_id": np.int64, "first_order_id": np.int64}
    )
    found["created_at"] = pd.to_datetime(found["created_at"])
    found["converted_at"] = pd.to_datetime(found["converted_at"])
    found = found.sort_values("created_at", kind="stable")
    return found.reset_index(drop=True)


def build_referral_tracking(
    plan: CustomerPlan, referred: pd.DataFrame, codes: pd.DataFrame
) -> pd.DataFrame:
    """Each referral, its conversion and the couch-tax orders it earned within the window."""
    limit = REFERRAL_SETTINGS["default_couch_tax_order_limit"]
    window = pd.Timedelta(days=REFERRAL_SETTINGS["attribution_window_days"])
    expires = referred["created_at"] + window
    counts = [
        int(
            (
                (plan.sales["client_id"] == client)
                & (plan.sales["created_at"] <= end)
                & (plan.sales["total"] >= REFERRAL_SETTINGS["min_order_value_for_couch"])
            ).sum()
        )
        for client, end in zip(referred["referred_client_id"], expires, strict=True)
    ]
    counts = np.minimum(np.array(counts, dtype=int), limit)
    status = np.where(
        counts >= limit,
        "COMPLETED",
        np.where(expires > plan.as_of_end, "COUCH_TAX_ACTIVE", "CONVERTED"),
    )
    code_of = codes.set_index("client_id")["code"]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(referred) + 1),
            "referrer_client_id": referred["referrer_client_id"],
            "referral_code_used": referred["referrer_client_id"].map(code_of),
            "referred_client_id": referred["referred_client_id"],
            "status": status,
            "converted_at": referred["converted_at"],
            "first_order_id": referred["first_order_id"],
            "couch_tax_percent": REFERRAL_SETTINGS["default_couch_tax_percent"],
            "couch_tax_order_limit": limit,
            "couch_tax_order_count": counts,
            "attribution_expires_at": expires,
            "created_at": referred["created_at"],
            "updated_at": referred["converted_at"],
        }
    )


def build_client_referral_codes(plan: CustomerPlan, referred: pd.DataFrame) -> pd.DataFrame:
    """A code for every referrer (before its first referral) and every portal buyer."""
    opened = referred.groupby("referrer_client_id")["created_at"].min() - pd.Timedelta(days=1)
    invited = plan.invited.set_index("client_id")["invited_at"]
    since = pd.concat([opened, invited]).groupby(level=0).min().sort_index()
    names = plan.buyers.set_index("id")["name"].reindex(since.index)
    draws = rng(plan.params, "referral_codes")
    suffixes = draws.choice(CODE_ALPHABET, size=(len(since), 4))
    stems = names.map(
        lambda name: "".join(ch for ch in name.split()[0].upper() if ch.isalpha())[:10]
    )
    codes = [
        f"{stem or 'VIP'}-{''.join(chars)}" for stem, chars in zip(stems, suffixes, strict=True)
    ]
    used = referred.groupby("referrer_client_id").size()
    revenue = _referred_revenue(plan, referred)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(since) + 1),
            "client_id": since.index.to_numpy(),
            "code": codes,
            "code_type": "AUTO_GENERATED",
            "is_active": 1,
            "times_used": since.index.map(used).fillna(0).astype(int),
            "total_referral_revenue": since.index.map(revenue).fillna(0.0).round(2),
            "total_couch_tax_earned": (
                since.index.map(revenue).fillna(0.0)
                * REFERRAL_SETTINGS["default_couch_tax_percent"]
                / 100
            ).round(2),
            "created_at": since.to_numpy(),
            "updated_at": since.to_numpy(),
        }
    )


def couch_tax_orders(plan: CustomerPlan, referred: pd.DataFrame) -> pd.DataFrame:
    """The referred buyers' orders that paid couch tax to their referrer."""
    window = pd.Timedelta(days=REFERRAL_SETTINGS["attribution_window_days"])
    limit = REFERRAL_SETTINGS["default_couch_tax_order_limit"]
    joined = plan.sales.merge(
        referred, left_on="client_id", right_on="referred_client_id", suffixes=("", "_referral")
    )
    eligible = joined[
        (joined["created_at"] <= joined["created_at_referral"] + window)
        & (joined["total"] >= REFERRAL_SETTINGS["min_order_value_for_couch"])
    ]
    return eligible.groupby("client_id").head(limit)


def _referred_revenue(plan: CustomerPlan, referred: pd.DataFrame) -> pd.Series:
    return couch_tax_orders(plan, referred).groupby("referrer_client_id")["total"].sum()


def build_achievements(plan: CustomerPlan) -> pd.DataFrame:
    """TERP's default achievements, parents linked by code."""
    opened = plan.start + pd.Timedelta(hours=8)
    id_of = {a.code: position + 1 for position, a in enumerate(ACHIEVEMENTS)}
    return pd.DataFrame(
        [
            {
                "id": id_of[a.code],
                "code": a.code,
                "name": a.name,
                "description": a.description,
                "achievement_category": a.category,
                "achievement_medal": a.medal,
                "icon": a.icon,
                "color": a.color,
                "requirement_type": a.requirement_type,
                "requirement_value": float(a.requirement_value),
                "points_awarded": a.points,
                "markup_discount_percent": a.markup_discount,
                "parent_achievement_id": id_of.get(a.parent) if a.parent else None,
                "is_active": 1,
                "is_secret": int(a.secret),
                "created_at": opened,
                "updated_at": opened,
            }
            for a in ACHIEVEMENTS
        ]
    ).astype({"parent_achievement_id": "Int64"})


def _streak_starts(times: pd.Series) -> pd.DataFrame:
    """Per order: how many consecutive calendar months with orders end at its month."""
    months = times.dt.year * 12 + times.dt.month
    distinct = months.drop_duplicates()
    run = (distinct.diff() != 1).cumsum()
    streak = distinct.groupby(run).cumcount() + 1
    return pd.DataFrame({"month": distinct, "streak": streak})


def earned(plan: CustomerPlan, referred: pd.DataFrame) -> pd.DataFrame:
    """Every achievement each buyer earned: (client_id, code, earned_at, earned_value)."""
    rows = []
    thresholds = {a.code: a for a in ACHIEVEMENTS}
    for client, sales in plan.sales.groupby("client_id"):
        spent = sales["total"].cumsum().round(2).to_numpy()
        count = np.arange(1, len(sales) + 1)
        times = sales["created_at"].reset_index(drop=True)
        streaks = _streak_starts(times)
        month_of = times.dt.year * 12 + times.dt.month
        for a in thresholds.values():
            if a.requirement_type == "TOTAL_SPENT":
                hits = np.flatnonzero(spent >= a.requirement_value)
                value = spent
            elif a.requirement_type == "ORDER_COUNT":
                hits = np.flatnonzero(count >= a.requirement_value)
                value = count
            elif a.requirement_type == "CONSECUTIVE_MONTHS":
                months = streaks.loc[streaks["streak"] >= a.requirement_value, "month"]
                hits = np.flatnonzero(month_of.isin(months.head(1)).to_numpy())
                value = np.full(len(times), a.requirement_value)
            else:
                continue
            if len(hits):
                rows.append((client, a.code, times.iloc[hits[0]], float(value[hits[0]])))
    for referrer, made in referred.groupby("referrer_client_id"):
        converted = made["converted_at"].sort_values().reset_index(drop=True)
        for code in ("FIRST_REFERRAL", "REFERRALS_5", "REFERRALS_10"):
            need = int(thresholds[code].requirement_value)
            if len(converted) >= need:
                rows.append((referrer, code, converted.iloc[need - 1], float(need)))
    for client, invited_at in zip(
        plan.invited["client_id"], plan.invited["invited_at"], strict=True
    ):
        rows.append((client, "VIP_MEMBER", invited_at, 1.0))
    found = pd.DataFrame(rows, columns=["client_id", "code", "earned_at", "earned_value"])
    return found.sort_values(["earned_at", "client_id", "code"]).reset_index(drop=True)


def build_client_achievements(achieved: pd.DataFrame, achievements: pd.DataFrame) -> pd.DataFrame:
    """The achievements buyers earned, dated at the order (or referral, invitation) that did it."""
    id_of = achievements.set_index("code")["id"]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(achieved) + 1),
            "client_id": achieved["client_id"],
            "achievement_id": achieved["code"].map(id_of),
            "earned_at": achieved["earned_at"],
            "earned_value": achieved["earned_value"].round(2),
            "progress_value": achieved["earned_value"].round(2),
            "progress_percent": 100.0,
            "is_pinned": 0,
            "is_hidden": 0,
            "notification_sent": 1,
            "created_at": achieved["earned_at"],
        }
    )
