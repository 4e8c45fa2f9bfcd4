"""VIP tiers that follow what buyers spent, and the portal opened to the best buyers."""

import json
import os

import bcrypt
import numpy as np
import pandas as pd

from terp_seed.generate.customer.plan import CustomerPlan, month_ends, rng
from terp_seed.terp.customer import (
    DEFAULT_PORTAL_PASSWORD,
    PORTAL_ADVANCED_OPTIONS,
    PORTAL_BCRYPT_COST,
    PORTAL_FEATURES_CONFIG,
    PORTAL_PASSWORD_ENV,
    VIP_TIERS,
)

# bcrypt's own base64 alphabet; a salt's 22nd character carries only 2 bits, hence its 4 values.
BCRYPT_ALPHABET = np.array(list("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
BCRYPT_LAST_CHARACTER = np.array(list(".Oeu"))


def tier_ids() -> dict[int, int]:
    """vip_tiers.id by tier level (ids follow the ladder, bronze = 1)."""
    return {tier.level: position + 1 for position, tier in enumerate(VIP_TIERS)}


def build_vip_tiers(plan: CustomerPlan) -> pd.DataFrame:
    """TERP's default ladder, set up the morning the window opens."""
    opened = plan.start + pd.Timedelta(hours=8)
    rows = [
        {
            "id": tier_ids()[tier.level],
            "name": tier.name,
            "display_name": tier.display_name,
            "description": f"{tier.display_name} buyers: {tier.discount_percentage:g}% off list",
            "level": tier.level,
            "color": tier.color,
            "icon": tier.icon,
            "min_spend_ytd": float(tier.min_spend_ytd),
            "min_orders_ytd": tier.min_orders_ytd,
            "min_account_age_days": tier.min_account_age_days,
            "min_payment_on_time_rate": 0.0,
            "discount_percentage": float(tier.discount_percentage),
            "credit_limit_multiplier": float(tier.credit_limit_multiplier),
            "priority_support": int(tier.priority_support),
            "early_access_to_products": int(tier.early_access_to_products),
            "free_shipping": int(tier.free_shipping),
            "dedicated_rep": int(tier.dedicated_rep),
            "is_active": 1,
            "is_default": int(tier.level == VIP_TIERS[0].level),
            "created_at": opened,
            "updated_at": opened,
        }
        for tier in VIP_TIERS
    ]
    return pd.DataFrame(rows)


def standing_at(plan: CustomerPlan, moment: pd.Timestamp) -> pd.DataFrame:
    """Each buyer's year-to-date spend and orders at `moment`, and the tier they earn.

    The tier is the highest whose spend, order and account-age minimums the buyer meets.
    """
    sales = plan.sales[
        (plan.sales["created_at"] <= moment) & (plan.sales["created_at"].dt.year == moment.year)
    ]
    spend = sales.groupby("client_id")["total"].sum().round(2)
    orders = sales.groupby("client_id").size()
    standing = plan.buyers[["id", "created_at"]].rename(columns={"id": "client_id"})
    standing["ytd_spend"] = standing["client_id"].map(spend).fillna(0.0)
    standing["ytd_orders"] = standing["client_id"].map(orders).fillna(0).astype(int)
    age = (moment.normalize() - standing["created_at"].dt.normalize()).dt.days
    level = np.full(len(standing), VIP_TIERS[0].level)
    for tier in VIP_TIERS:
        meets = (
            (standing["ytd_spend"] >= tier.min_spend_ytd)
            & (standing["ytd_orders"] >= tier.min_orders_ytd)
            & (age >= tier.min_account_age_days)
        )
        level = np.where(meets, tier.level, level)
    standing["tier_id"] = pd.Series(level).map(tier_ids()).to_numpy()
    standing["level"] = level
    return standing.drop(columns=["created_at"])


def tier_timeline(plan: CustomerPlan) -> pd.DataFrame:
    """The nightly recalculation at each month's end: (moment, client_id, tier_id, level)."""
    frames = [standing_at(plan, moment).assign(moment=moment) for moment in month_ends(plan)]
    timeline = pd.concat(frames, ignore_index=True)
    # A buyer enters the programme at its first recalculation after its account exists.
    created = timeline["client_id"].map(plan.buyers.set_index("id")["created_at"])
    return timeline[created <= timeline["moment"]].reset_index(drop=True)


def build_vip_tier_history(plan: CustomerPlan, timeline: pd.DataFrame) -> pd.DataFrame:
    """A row each time the recalculation moved a buyer: its first tier, then ups and downs."""
    timeline = timeline.sort_values(["client_id", "moment"])
    previous = timeline.groupby("client_id")["tier_id"].shift()
    previous_level = timeline.groupby("client_id")["level"].shift()
    changed = previous.isna() | (previous != timeline["tier_id"])
    history = timeline[changed].copy()
    history["previous_tier_id"] = previous[changed].astype("Int64")
    before = previous_level[changed]
    history["change_reason"] = np.select(
        [before.isna(), history["level"] > before], ["SYSTEM", "AUTO_UPGRADE"], "AUTO_DOWNGRADE"
    )
    history["change_details"] = [
        f"YTD spend ${spend:,.2f} over {orders} orders"
        for spend, orders in zip(history["ytd_spend"], history["ytd_orders"], strict=True)
    ]
    history = history.sort_values(["moment", "client_id"]).reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(history) + 1),
            "client_id": history["client_id"].to_numpy(),
            "previous_tier_id": history["previous_tier_id"].array,
            "new_tier_id": history["tier_id"].to_numpy(),
            "change_reason": history["change_reason"].to_numpy(),
            "change_details": history["change_details"].to_numpy(),
            "changed_by": pd.array([pd.NA] * len(history), dtype="Int64"),
            "created_at": history["moment"].to_numpy(),
        }
    )


def on_time_rates(plan: CustomerPlan, moment: pd.Timestamp) -> pd.Series:
    """Per buyer, the share (0-100) of invoices due by `moment` that were paid by their due date."""
    due = plan.invoice_paid[plan.invoice_paid["due"] <= moment]
    on_time = due["paid_on"].notna() & (due["paid_on"] <= due["due"])
    return (on_time.groupby(due["customerId"]).mean() * 100).round(2)


def build_client_vip_status(
    plan: CustomerPlan, timeline: pd.DataFrame, history: pd.DataFrame
) -> pd.DataFrame:
    """Each buyer's standing at the as-of recalculation, with its progress to the next tier."""
    moment = plan.as_of_end
    standing = standing_at(plan, moment)
    standing = standing[standing["client_id"].isin(timeline["client_id"])].reset_index(drop=True)
    lifetime = plan.sales.groupby("client_id")["total"].sum().round(2)
    minimum_of = {tier_ids()[t.level]: t.min_spend_ytd for t in VIP_TIERS}
    next_minimum = standing["tier_id"].map(lambda tier: minimum_of.get(tier + 1))
    progress = (100 * standing["ytd_spend"] / next_minimum).clip(upper=100).fillna(100).round(2)
    joined = timeline.groupby("client_id")["moment"].min()
    changed = history.groupby("client_id")["created_at"].max()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(standing) + 1),
            "client_id": standing["client_id"],
            "current_tier_id": standing["tier_id"],
            "ytd_spend": standing["ytd_spend"],
            "ytd_orders": standing["ytd_orders"],
            "payment_on_time_rate": standing["client_id"]
            .map(on_time_rates(plan, moment))
            .fillna(100.0),
            "lifetime_spend": standing["client_id"].map(lifetime).fillna(0.0),
            "manual_tier_override": 0,
            "last_tier_change_at": standing["client_id"].map(changed),
            "last_calculated_at": moment,
            "next_tier_progress": progress,
            "created_at": standing["client_id"].map(joined),
            "updated_at": moment,
        }
    )


def build_vip_portal_configurations(plan: CustomerPlan) -> pd.DataFrame:
    """The configuration enableVipPortal writes for each invited buyer."""
    invited = plan.invited
    return pd.DataFrame(
        {
            "id": np.arange(1, len(invited) + 1),
            "client_id": invited["client_id"],
            "module_dashboard_enabled": 1,
            "module_live_catalog_enabled": 0,
            "module_live_shopping_enabled": 1,
            "module_ar_enabled": 1,
            "module_ap_enabled": 1,
            "module_transaction_history_enabled": 1,
            "module_vip_tier_enabled": 1,
            "module_credit_center_enabled": 1,
            "module_marketplace_needs_enabled": 1,
            "module_marketplace_supply_enabled": 1,
            "features_config": json.dumps(PORTAL_FEATURES_CONFIG),
            "advanced_options": json.dumps(PORTAL_ADVANCED_OPTIONS),
            "created_at": invited["invited_at"],
            "updated_at": invited["invited_at"],
        }
    )


def portal_password() -> bytes:
    """The staging portal password: from the environment, else the documented default."""
    return os.environ.get(PORTAL_PASSWORD_ENV, DEFAULT_PORTAL_PASSWORD).encode("utf-8")


def keyed_salts(plan: CustomerPlan, count: int) -> list[bytes]:
    """Bcrypt cost-10 salts drawn from the family's stream, so hashes repeat run to run."""
    draws = rng(plan.params, "portal_salts")
    body = draws.choice(BCRYPT_ALPHABET, size=(count, 21))
    last = draws.choice(BCRYPT_LAST_CHARACTER, size=count)
    prefix = f"$2b${PORTAL_BCRYPT_COST:02d}$"
    return [
        (prefix + "".join(chars) + end).encode("ascii")
        for chars, end in zip(body, last, strict=True)
    ]


def portal_email(name: str) -> str:
    """The buyer's purchasing inbox (the portal login; buyers carry no email in clients)."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"purchasing@{slug}.example"


def portal_logins(plan: CustomerPlan) -> pd.DataFrame:
    """How often each invited buyer has signed in since its invitation, and when it last did."""
    draws = rng(plan.params, "portal_logins")
    invited = plan.invited
    days = (plan.as_of_end - invited["invited_at"]).dt.total_seconds() / 86_400
    weekly = draws.uniform(0.5, 3.0, size=len(invited))
    count = np.maximum(1, np.round(days.to_numpy() / 7 * weekly)).astype(int)
    offset = draws.uniform(0.0, 1.0, size=len(invited)) * np.minimum(days.to_numpy(), 6.0)
    last = plan.as_of_end - pd.to_timedelta(np.round(offset * 86_400), unit="s")
    last = last.where(last > invited["invited_at"], invited["invited_at"] + pd.Timedelta(minutes=5))
    return pd.DataFrame({"client_id": invited["client_id"], "login_count": count, "last": last})


def build_vip_portal_auth(plan: CustomerPlan, logins: pd.DataFrame) -> pd.DataFrame:
    """A bcrypt login per invited buyer, hashed from the staging portal password."""
    invited = plan.invited
    password = portal_password()
    hashes = [
        bcrypt.hashpw(password, salt).decode("ascii") for salt in keyed_salts(plan, len(invited))
    ]
    emails = invited["name"].map(portal_email)
    duplicated = emails.duplicated(keep=False)
    emails = emails.where(~duplicated, invited["teri_code"].str.lower() + "." + emails)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(invited) + 1),
            "client_id": invited["client_id"],
            "email": emails,
            "password_hash": hashes,
            "last_login_at": logins["last"].to_numpy(),
            "login_count": logins["login_count"].to_numpy(),
            "created_at": invited["invited_at"],
            "updated_at": logins["last"].to_numpy(),
        }
    )


def amend_clients(plan: CustomerPlan, clients: pd.DataFrame, logins: pd.DataFrame) -> pd.DataFrame:
    """Clients with the portal switched on for the invited buyers, and their last sign-in."""
    amended = clients.copy()
    invited = amended["id"].isin(plan.invited["client_id"])
    amended["vip_portal_enabled"] = invited.astype(int).to_numpy()
    # reindex, not map: with no login yet (a short window) map cannot keep the datetime type.
    last = logins.set_index("client_id")["last"].reindex(amended["id"]).to_numpy()
    amended["vip_portal_last_login"] = pd.to_datetime(last)
    return amended
