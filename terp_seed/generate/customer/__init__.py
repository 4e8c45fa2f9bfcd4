"""The customer family: VIP portal, loyalty, referrals, leaderboards and how orders came in.

VIP tiers and portal, loyalty and referrals, leaderboards, and the live sessions, portal lists
and sales sheets that orders came from.

Every row follows the business already seeded: tiers from year-to-date spend, achievements and
points from orders and referrals, boards from monthly sales and payments, sessions and sheets
from the orders they became. It amends `clients` only to switch the portal on for the buyers
it invited (and record their last portal sign-in).

Left empty, with the reason: `sessionPriceOverrides` (every seeded price comes from a pricing
rule or profile the order line records; no session-only price exists), `referral_credits`
(the legacy credit programme; this business runs the points-and-couch-tax programme, and a
credit would be money owed to a buyer that invoices and credits do not carry),
`leaderboard_metric_cache` (a 15-minute cache of computed metrics: runtime state, stale at
any real clock).
"""

import pandas as pd

from terp_seed.generate.customer import leaderboard, loyalty, points, portal, shopping, vip
from terp_seed.generate.customer.plan import CustomerPlan, plan
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.terp.customer import CUSTOMER_TABLES

EMPTY_WITH_REASON = (
    "sessionPriceOverrides",
    "referral_credits",
    "leaderboard_metric_cache",
)


def _vip(customer: CustomerPlan, tables: Tables) -> Frames:
    timeline = vip.tier_timeline(customer)
    history = vip.build_vip_tier_history(customer, timeline)
    logins = vip.portal_logins(customer)
    return {
        "vip_tiers": vip.build_vip_tiers(customer),
        "client_vip_status": vip.build_client_vip_status(customer, timeline, history),
        "vip_tier_history": history,
        "vip_leaderboard_snapshots": leaderboard.build_vip_leaderboard_snapshots(
            customer, timeline
        ),
        "vip_portal_configurations": vip.build_vip_portal_configurations(customer),
        "vip_portal_auth": vip.build_vip_portal_auth(customer, logins),
        "clients": vip.amend_clients(customer, tables["clients"], logins),
    }


def _loyalty(customer: CustomerPlan) -> Frames:
    referred = loyalty.referrals(customer)
    codes = loyalty.build_client_referral_codes(customer, referred)
    tracking = loyalty.build_referral_tracking(customer, referred, codes)
    achievements = loyalty.build_achievements(customer)
    awarded = loyalty.build_client_achievements(loyalty.earned(customer, referred), achievements)
    catalog = points.build_reward_catalog(customer)
    couch = loyalty.couch_tax_orders(customer, referred)
    earned = points.earnings(awarded, achievements, tracking, couch)
    redeemed = points.build_reward_redemptions(
        customer, points.redemptions(customer, earned), catalog
    )
    catalog["quantity_redeemed"] = (
        catalog["id"].map(redeemed.groupby("reward_id").size()).fillna(0).astype(int)
    )
    ledger = points.build_points_ledger(customer, earned, redeemed, catalog)
    return {
        "referral_settings": loyalty.build_referral_settings(customer, referred),
        "client_referral_codes": codes,
        "referral_tracking": tracking,
        "achievements": achievements,
        "client_achievements": awarded,
        "reward_catalog": catalog,
        "reward_redemptions": redeemed,
        "points_ledger": ledger,
        "client_points_summary": points.build_client_points_summary(
            customer, ledger, awarded, achievements
        ),
        "leaderboard_default_weights": leaderboard.build_leaderboard_default_weights(customer),
        "leaderboard_rank_history": leaderboard.build_leaderboard_rank_history(customer),
    }


def _shopping(customer: CustomerPlan) -> Frames:
    origin = shopping.origins(customer)
    live = origin[origin["origin"] == "live"].reset_index(drop=True)
    held = shopping.build_live_sessions(customer, live)
    sessions = pd.concat([held, portal.booked_sessions(customer, len(held) + 1)], ignore_index=True)
    logins = vip.portal_logins(customer)
    lists, items = shopping.build_interest_lists(
        customer, origin[origin["origin"] == "interest"].reset_index(drop=True), logins
    )
    # A submitted list empties the buyer's draft, so drafts belong to the others.
    submitted = lists.loc[lists["status"] == "NEW", "client_id"]
    drafting = logins[~logins["client_id"].isin(submitted)].reset_index(drop=True)
    templates = shopping.build_sales_sheet_templates(customer)
    return {
        "liveShoppingSessions": sessions,
        "sessionCartItems": shopping.build_session_cart_items(customer, live, held),
        "client_draft_interests": portal.build_client_draft_interests(customer, drafting),
        "leaderboard_display_settings": portal.build_leaderboard_display_settings(customer, logins),
        "leaderboard_weight_configs": portal.build_leaderboard_weight_configs(customer),
        "sales_sheet_drafts": portal.build_sales_sheet_drafts(customer),
        "client_interest_lists": lists,
        "client_interest_list_items": items,
        "client_price_alerts": shopping.build_client_price_alerts(customer),
        "client_catalog_views": shopping.build_client_catalog_views(customer),
        "sales_sheet_templates": templates,
        "salesSheetVersions": shopping.build_sales_sheet_versions(templates),
        "sales_sheet_history": shopping.build_sales_sheet_history(
            customer, origin[origin["origin"] == "sheet"].reset_index(drop=True), templates
        ),
    }


def build(params: SeedParams, tables: Tables) -> Frames:
    """Every customer table from the business seeded upstream.

    Args:
        params: The run's parameters (seed, window, as-of).
        tables: The tables written by earlier families.

    Returns:
        One frame per customer table, and `clients` amended with the portal buyers.
    """
    customer = plan(params, tables)
    frames: Frames = {**_vip(customer, tables), **_loyalty(customer), **_shopping(customer)}
    return frames


CREATES = CUSTOMER_TABLES

FAMILY = Family(
    name="customer",
    description=(
        "VIP tiers and portal logins, loyalty points and referrals, leaderboards, and the live "
        "sessions, portal lists and sales sheets that orders came from"
    ),
    upstream=("invoices",),
    creates=CREATES,
    amends=("clients",),
    build=build,
)
