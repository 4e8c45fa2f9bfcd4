"""R21, the customer-facing rules: VIP tiers, points, referrals, live carts and portal logins.

Each reads any TERP database: tiers must follow the year-to-date spend the orders show, every
points balance must be its ledger's sum, a referral must come before the referred buyer's first
order, a live cart must stay within the batch's list price, and every portal login must be a
bcrypt cost-10 hash for a buyer whose portal is on and configured.
"""

from terp_seed.rules.core import Rule, RuleContext, days_between
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.customer import CUSTOMER_TABLES, PORTAL_BCRYPT_COST, SALE_ORDERS

TABLES = CUSTOMER_TABLES
# The whales alone hold 70% of sales, so the invited circle holds more; a WARN if not.
PORTAL_SHARE_BOUNDS = (0.7, 0.95)
# Half a cent: DECIMAL amounts that differ by less are equal.
CENT_EPSILON = 0.005


def _end_of_as_of(context: RuleContext) -> str:
    return f"'{context.params.as_of.isoformat()} 23:59:59'"


def _points_off_ledger(_: RuleContext) -> str:
    ledger = (
        "SELECT client_id, SUM(points) AS total, "
        "SUM(CASE WHEN points > 0 THEN points ELSE 0 END) AS earned "
        "FROM points_ledger GROUP BY client_id"
    )
    return (
        "SELECT s.client_id, s.current_balance, s.lifetime_earned, l.total, l.earned "
        f"FROM client_points_summary s LEFT JOIN ({ledger}) l ON l.client_id = s.client_id "
        "WHERE COALESCE(l.total, 0) <> s.current_balance "
        "OR COALESCE(l.earned, 0) <> s.lifetime_earned "
        "UNION ALL SELECT l.client_id, NULL, NULL, l.total, l.earned "
        f"FROM ({ledger}) l LEFT JOIN client_points_summary s ON s.client_id = l.client_id "
        "WHERE s.client_id IS NULL"
    )


def _running_balance_broken(_: RuleContext) -> str:
    running = (
        "SELECT id, client_id, created_at, points, balance_after, SUM(points) OVER "
        "(PARTITION BY client_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS running, "
        "MAX(created_at) OVER (PARTITION BY client_id ORDER BY id "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_before FROM points_ledger"
    )
    return (
        f"SELECT id, client_id, points, balance_after, running FROM ({running}) r "
        "WHERE balance_after <> running OR balance_after < 0 OR created_at < latest_before"
    )


def _vip_status_off_sales(context: RuleContext) -> str:
    year_start = f"'{context.params.as_of.year}-01-01 00:00:00'"
    end = _end_of_as_of(context)
    sales = (
        "SELECT client_id, SUM(CASE WHEN created_at >= "
        f"{year_start} AND created_at <= {end} THEN total ELSE 0 END) AS ytd, "
        f"SUM(CASE WHEN created_at >= {year_start} AND created_at <= {end} THEN 1 ELSE 0 END) "
        f"AS ytd_orders, SUM(total) AS lifetime FROM ({SALE_ORDERS}) o GROUP BY client_id"
    )
    return (
        "SELECT v.client_id, v.ytd_spend, x.ytd, v.ytd_orders, x.ytd_orders AS sold, "
        f"v.lifetime_spend, x.lifetime FROM client_vip_status v LEFT JOIN ({sales}) x "
        "ON x.client_id = v.client_id "
        f"WHERE ABS(v.ytd_spend - COALESCE(x.ytd, 0)) > {CENT_EPSILON} "
        "OR v.ytd_orders <> COALESCE(x.ytd_orders, 0) "
        f"OR ABS(v.lifetime_spend - COALESCE(x.lifetime, 0)) > {CENT_EPSILON}"
    )


def _tier_off_spend(context: RuleContext) -> str:
    age = days_between("v.last_calculated_at", "c.created_at", context.dialect)
    earned = (
        "SELECT MAX(t.level) FROM vip_tiers t WHERE t.is_active = 1 "
        "AND t.min_spend_ytd <= v.ytd_spend AND t.min_orders_ytd <= v.ytd_orders "
        f"AND t.min_account_age_days <= {age}"
    )
    return (
        f"SELECT v.client_id, v.ytd_spend, v.ytd_orders, held.level AS held, ({earned}) AS earned "
        "FROM client_vip_status v JOIN clients c ON c.id = v.client_id "
        "LEFT JOIN vip_tiers held ON held.id = v.current_tier_id "
        f"WHERE v.manual_tier_override = 0 AND (held.level IS NULL OR held.level <> ({earned}))"
    )


def _history_not_current(_: RuleContext) -> str:
    last = "SELECT client_id, MAX(id) AS last_id FROM vip_tier_history GROUP BY client_id"
    return (
        "SELECT v.client_id, v.current_tier_id, h.new_tier_id FROM client_vip_status v "
        f"LEFT JOIN ({last}) l ON l.client_id = v.client_id "
        "LEFT JOIN vip_tier_history h ON h.id = l.last_id "
        "WHERE h.id IS NULL OR h.new_tier_id <> v.current_tier_id "
        "OR h.created_at > v.last_calculated_at"
    )


def _referral_after_first_order(_: RuleContext) -> str:
    first = (
        f"SELECT client_id, MIN(created_at) AS first_at FROM ({SALE_ORDERS}) o GROUP BY client_id"
    )
    return (
        "SELECT r.id, r.referrer_client_id, r.referred_client_id, r.created_at, "
        "f.first_at, r.converted_at, r.first_order_id FROM referral_tracking r "
        f"LEFT JOIN ({first}) f ON f.client_id = r.referred_client_id "
        "LEFT JOIN orders o ON o.id = r.first_order_id "
        "JOIN clients referrer ON referrer.id = r.referrer_client_id "
        "WHERE r.referrer_client_id = r.referred_client_id "
        "OR referrer.created_at > r.created_at "
        "OR (f.first_at IS NOT NULL AND r.created_at >= f.first_at) "
        "OR (r.converted_at IS NOT NULL AND (f.first_at IS NULL OR r.converted_at <> f.first_at "
        "OR o.id IS NULL OR o.created_at <> f.first_at OR o.client_id <> r.referred_client_id))"
    )


def _cart_over_list(_: RuleContext) -> str:
    return (
        "SELECT i.id, i.sessionId, i.batchId, i.unitPrice, "
        "json_extract(b.metadata, '$.listPrice') AS list_price, b.createdAt, s.startedAt "
        "FROM sessionCartItems i JOIN liveShoppingSessions s ON s.id = i.sessionId "
        "LEFT JOIN batches b ON b.id = i.batchId "
        "WHERE b.id IS NULL OR i.productId <> b.productId "
        f"OR json_extract(b.metadata, '$.listPrice') IS NULL "
        f"OR i.unitPrice > json_extract(b.metadata, '$.listPrice') + {CENT_EPSILON} "
        "OR (s.startedAt IS NOT NULL AND b.createdAt > s.startedAt) "
        "OR (s.startedAt IS NOT NULL AND i.createdAt < s.startedAt) "
        "OR (s.endedAt IS NOT NULL AND i.createdAt > s.endedAt)"
    )


def _portal_without_its_rows(_: RuleContext) -> str:
    return (
        "SELECT a.client_id, c.vip_portal_enabled, g.id AS configuration_id "
        "FROM vip_portal_auth a JOIN clients c ON c.id = a.client_id "
        "LEFT JOIN vip_portal_configurations g ON g.client_id = a.client_id "
        "WHERE c.vip_portal_enabled <> 1 OR g.id IS NULL OR a.password_hash IS NULL "
        "OR a.created_at > g.created_at OR a.last_login_at < a.created_at "
        "OR (a.last_login_at IS NOT NULL AND (c.vip_portal_last_login IS NULL "
        "OR c.vip_portal_last_login <> a.last_login_at)) "
        "UNION ALL SELECT c.id, c.vip_portal_enabled, NULL FROM clients c "
        "LEFT JOIN vip_portal_auth a ON a.client_id = c.id "
        "WHERE c.vip_portal_enabled = 1 AND a.id IS NULL"
    )


def _converted_out_of_order(_: RuleContext) -> str:
    return (
        "SELECT 'interest list' AS source, l.id, l.client_id, l.submitted_at AS sent_at, o.id "
        "AS order_id, o.client_id AS order_client, o.created_at FROM client_interest_lists l "
        "JOIN orders o ON o.id = l.converted_to_order_id "
        "WHERE o.client_id <> l.client_id OR l.submitted_at > o.created_at "
        "OR l.reviewed_at > o.created_at "
        "UNION ALL SELECT 'sales sheet', h.id, h.client_id, h.created_at, o.id, o.client_id, "
        "o.created_at FROM sales_sheet_history h JOIN orders o ON o.id = h.converted_to_order_id "
        "WHERE o.client_id <> h.client_id OR h.created_at > o.created_at "
        "OR h.last_viewed_at > o.created_at"
    )


def _open_interest_unfounded(_: RuleContext) -> str:
    return (
        "SELECT 'draft' AS source, d.id, d.client_id, d.batch_id FROM client_draft_interests d "
        "JOIN clients c ON c.id = d.client_id LEFT JOIN batches b ON b.id = d.batch_id "
        "WHERE b.id IS NULL OR b.createdAt > d.added_at OR c.vip_portal_enabled <> 1 "
        "UNION ALL SELECT 'price alert', a.id, a.client_id, a.batch_id FROM client_price_alerts a "
        "JOIN clients c ON c.id = a.client_id LEFT JOIN batches b ON b.id = a.batch_id "
        "WHERE b.id IS NULL OR b.createdAt > a.created_at OR c.vip_portal_enabled <> 1 "
        "OR a.expires_at <= a.created_at "
        "OR a.target_price >= json_extract(b.metadata, '$.listPrice')"
    )


def _sessions_off_the_clock(context: RuleContext) -> str:
    end = _end_of_as_of(context)
    return (
        "SELECT id, status, createdAt, scheduledAt, startedAt, endedAt FROM liveShoppingSessions "
        f"WHERE createdAt > {end} "
        "OR (status IN ('ENDED', 'CONVERTED') AND (startedAt IS NULL OR endedAt IS NULL "
        f"OR startedAt > endedAt OR endedAt > {end} OR startedAt < createdAt)) "
        "OR (status = 'SCHEDULED' AND (startedAt IS NOT NULL OR scheduledAt IS NULL "
        "OR scheduledAt < createdAt))"
    )


def _portal_share_of_sales(_: RuleContext) -> str:
    return (
        "SELECT SUM(CASE WHEN c.vip_portal_enabled = 1 THEN o.total ELSE 0 END) / SUM(o.total) "
        f"AS figure FROM ({SALE_ORDERS}) o JOIN clients c ON c.id = o.client_id"
    )


def _achievements_unearned(_: RuleContext) -> str:
    return (
        "SELECT ca.id, ca.client_id, a.code, a.requirement_value, ca.earned_value "
        "FROM client_achievements ca JOIN achievements a ON a.id = ca.achievement_id "
        "WHERE a.requirement_type IN ('TOTAL_SPENT', 'ORDER_COUNT', 'REFERRAL_COUNT') "
        "AND (ca.earned_value IS NULL OR ca.earned_value < a.requirement_value)"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R21",
        "points_balances_equal_their_ledger",
        "Every buyer's points balance and lifetime earnings are the sums of its points ledger.",
        "violations",
        _points_off_ledger,
        ("client_points_summary", "points_ledger"),
    ),
    Rule(
        "R21",
        "points_ledger_runs_without_gaps",
        "Each ledger row's balance_after is the running sum of the buyer's points, never "
        "negative, in time order.",
        "violations",
        _running_balance_broken,
        ("points_ledger",),
    ),
    Rule(
        "R21",
        "vip_status_matches_sales",
        "VIP year-to-date spend, orders and lifetime spend are what the buyer's sales add up to.",
        "violations",
        _vip_status_off_sales,
        ("client_vip_status", "orders"),
    ),
    Rule(
        "R21",
        "vip_tier_follows_spend",
        "Each buyer without a manual override holds the highest tier whose spend, order and "
        "account-age minimums it meets.",
        "violations",
        _tier_off_spend,
        ("client_vip_status", "vip_tiers", "clients"),
    ),
    Rule(
        "R21",
        "vip_tier_history_ends_at_current_tier",
        "A buyer's latest tier change lands on the tier it holds now.",
        "violations",
        _history_not_current,
        ("client_vip_status", "vip_tier_history"),
    ),
    Rule(
        "R21",
        "referrals_precede_first_orders",
        "A referral names an older buyer, comes before the referred buyer's first order, and "
        "converts on exactly that order.",
        "violations",
        _referral_after_first_order,
        ("referral_tracking", "orders", "clients"),
    ),
    Rule(
        "R21",
        "live_carts_priced_within_list",
        "Live cart items are batches received before the session, priced at or below list.",
        "violations",
        _cart_over_list,
        ("sessionCartItems", "liveShoppingSessions", "batches"),
    ),
    Rule(
        "R21",
        "portal_logins_are_bcrypt_cost_10",
        "Every portal login is a bcrypt hash at the app's cost.",
        "regex",
        "SELECT client_id, password_hash FROM vip_portal_auth",
        ("vip_portal_auth",),
        column="password_hash",
        regex=rf"^\$2[aby]\${PORTAL_BCRYPT_COST:02d}\$[./A-Za-z0-9]{{53}}$",
    ),
    Rule(
        "R21",
        "portal_buyers_are_enabled_and_configured",
        "Every portal login belongs to a buyer whose portal is on and configured, and every "
        "enabled buyer can log in.",
        "violations",
        _portal_without_its_rows,
        ("vip_portal_auth", "vip_portal_configurations", "clients"),
    ),
    Rule(
        "R21",
        "converted_lists_and_sheets_precede_their_orders",
        "Interest lists and sales sheets turn into orders of the same buyer, placed after them.",
        "violations",
        _converted_out_of_order,
        ("client_interest_lists", "sales_sheet_history", "orders"),
    ),
    Rule(
        "R21",
        "achievements_were_earned",
        "Counted achievements are held only at or above their requirement.",
        "violations",
        _achievements_unearned,
        ("client_achievements", "achievements"),
    ),
    Rule(
        "R21",
        "open_interest_is_on_received_batches",
        "Portal drafts and price alerts belong to portal buyers, name batches already received, "
        "and alerts wait for a price below list.",
        "violations",
        _open_interest_unfounded,
        ("client_draft_interests", "client_price_alerts", "batches", "clients"),
    ),
    Rule(
        "R21",
        "live_sessions_keep_their_clock",
        "Held sessions start after they are booked and end by as-of; booked ones have not begun.",
        "violations",
        _sessions_off_the_clock,
        ("liveShoppingSessions",),
    ),
    Rule(
        "R21",
        "portal_buyers_hold_most_sales",
        "The buyers invited to the portal (every whale, the best regulars) hold most of the sales.",
        "figure",
        _portal_share_of_sales,
        ("orders", "clients"),
        bounds=lambda _: PORTAL_SHARE_BOUNDS,
        blocking=False,
        unit="share",
    ),
    links_resolve("customer", TABLES),
)
