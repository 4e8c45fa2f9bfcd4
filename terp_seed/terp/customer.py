"""TERP's customer-facing vocabulary: VIP tiers, portal defaults, gamification and leaderboards.

Facts read from TERP @ b2e16915 (server/routers/vipTiers.ts seedDefaults,
server/services/vipPortalAdminService.ts enableVipPortal,
scripts/seed/seeders/seed-gamification-defaults.ts, server/services/leaderboard/constants.ts).
Both the customer generator and its rules read them; nothing here knows about generation.
"""

import dataclasses

# Sales, as every rule counts them: confirmed SALE orders that were not cancelled.
SALE_ORDERS = (
    "SELECT * FROM orders WHERE orderType = 'SALE' AND is_draft = 0 "
    "AND (saleStatus IS NULL OR saleStatus <> 'CANCELLED')"
)


@dataclasses.dataclass(frozen=True)
class VipTier:
    """One row of TERP's default VIP ladder (the admin "seed defaults" button)."""

    name: str
    display_name: str
    level: int
    color: str
    icon: str
    min_spend_ytd: float
    min_orders_ytd: int
    min_account_age_days: int
    discount_percentage: float
    credit_limit_multiplier: float
    priority_support: bool = False
    free_shipping: bool = False
    dedicated_rep: bool = False
    early_access_to_products: bool = False


VIP_TIERS: tuple[VipTier, ...] = (
    VipTier("bronze", "Bronze", 1, "#CD7F32", "medal", 0, 0, 0, 0, 1.00),
    VipTier("silver", "Silver", 2, "#C0C0C0", "star", 10_000, 5, 30, 2, 1.10),
    VipTier("gold", "Gold", 3, "#FFD700", "crown", 50_000, 15, 90, 5, 1.25, priority_support=True),
    VipTier(
        "platinum",
        "Platinum",
        4,
        "#E5E4E2",
        "gem",
        100_000,
        30,
        180,
        7.5,
        1.50,
        priority_support=True,
        free_shipping=True,
        dedicated_rep=True,
    ),
    VipTier(
        "diamond",
        "Diamond",
        5,
        "#B9F2FF",
        "gem",
        250_000,
        50,
        365,
        10,
        2.00,
        priority_support=True,
        free_shipping=True,
        dedicated_rep=True,
        early_access_to_products=True,
    ),
)

# vip_tier_history.change_reason values (a varchar the app fills from code).
TIER_CHANGE_REASONS = ("AUTO_UPGRADE", "AUTO_DOWNGRADE", "MANUAL", "SYSTEM")

# The portal password an invited buyer logs in with; staging teams set their own.
PORTAL_PASSWORD_ENV = "TERP_SEED_PORTAL_PASSWORD"
DEFAULT_PORTAL_PASSWORD = "terp-portal-staging"
# TERP hashes portal passwords with bcrypt at cost 10 (vipPortalAdminService).
PORTAL_BCRYPT_COST = 10
PORTAL_SESSION_DAYS = 7

# What enableVipPortal writes: every module on except the live catalog (column default false).
PORTAL_FEATURES_CONFIG: dict[str, dict[str, bool]] = {
    "dashboard": dict.fromkeys(
        ("showGreeting", "showCurrentBalance", "showYtdSpend", "showQuickLinks"), True
    ),
    "ar": dict.fromkeys(
        ("showSummaryTotals", "showInvoiceDetails", "allowPdfDownloads", "highlightOverdue"), True
    ),
    "ap": dict.fromkeys(
        ("showSummaryTotals", "showBillDetails", "allowPdfDownloads", "highlightOverdue"), True
    ),
    "transactionHistory": dict.fromkeys(
        (
            "showAllTypes",
            "allowDateFilter",
            "allowTypeFilter",
            "allowStatusFilter",
            "showDetails",
            "allowPdfDownloads",
        ),
        True,
    ),
    "vipTier": dict.fromkeys(
        ("showBadge", "showRequirements", "showRewards", "showProgress", "showRecommendations"),
        True,
    ),
    "creditCenter": dict.fromkeys(
        (
            "showCreditLimit",
            "showCreditUsage",
            "showAvailableCredit",
            "showUtilizationVisual",
            "showHistory",
            "showRecommendations",
        ),
        True,
    ),
    "marketplaceNeeds": dict.fromkeys(
        (
            "allowCreate",
            "showActiveListings",
            "allowEdit",
            "allowCancel",
            "showTemplates",
            "requireExpiration",
        ),
        True,
    ),
    "marketplaceSupply": dict.fromkeys(
        (
            "allowCreate",
            "showActiveListings",
            "allowEdit",
            "allowCancel",
            "showTemplates",
            "allowNewStrain",
            "showTags",
        ),
        True,
    ),
}
PORTAL_ADVANCED_OPTIONS = {
    "transactionHistoryLimit": "ALL",
    "defaultNeedsExpiration": "5_DAYS",
    "defaultSupplyExpiration": "5_DAYS",
    "priceInputType": "BOTH",
}


@dataclasses.dataclass(frozen=True)
class Achievement:
    """One of TERP's default achievements (seed-gamification-defaults.ts)."""

    code: str
    name: str
    description: str
    category: str
    medal: str
    icon: str
    color: str
    requirement_type: str
    requirement_value: float
    points: int
    markup_discount: float = 0.0
    parent: str | None = None
    secret: bool = False


_BRONZE, _SILVER, _GOLD, _PLATINUM = "#CD7F32", "#C0C0C0", "#FFD700", "#E5E4E2"
ACHIEVEMENTS: tuple[Achievement, ...] = (
    Achievement(
        "SPENT_1K",
        "First Steps",
        "Spend your first $1,000 with us",
        "SPENDING",
        "BRONZE",
        "dollar-sign",
        _BRONZE,
        "TOTAL_SPENT",
        1_000,
        100,
    ),
    Achievement(
        "SPENT_5K",
        "Regular Customer",
        "Spend $5,000 in total purchases",
        "SPENDING",
        "SILVER",
        "trending-up",
        _SILVER,
        "TOTAL_SPENT",
        5_000,
        250,
        1.0,
        "SPENT_1K",
    ),
    Achievement(
        "SPENT_10K",
        "High Roller",
        "Spend $10,000 in total purchases",
        "SPENDING",
        "GOLD",
        "award",
        _GOLD,
        "TOTAL_SPENT",
        10_000,
        500,
        2.0,
        "SPENT_5K",
    ),
    Achievement(
        "SPENT_50K",
        "Elite Buyer",
        "Spend $50,000 in total purchases",
        "SPENDING",
        "PLATINUM",
        "crown",
        _PLATINUM,
        "TOTAL_SPENT",
        50_000,
        1000,
        3.0,
        "SPENT_10K",
    ),
    Achievement(
        "FIRST_ORDER",
        "First Sale",
        "Complete your first purchase",
        "ORDERS",
        "BRONZE",
        "shopping-cart",
        _BRONZE,
        "ORDER_COUNT",
        1,
        50,
    ),
    Achievement(
        "ORDERS_10",
        "Repeat Customer",
        "Complete 10 orders",
        "ORDERS",
        "SILVER",
        "repeat",
        _SILVER,
        "ORDER_COUNT",
        10,
        150,
        0.0,
        "FIRST_ORDER",
    ),
    Achievement(
        "ORDERS_50",
        "Loyal Buyer",
        "Complete 50 orders",
        "ORDERS",
        "GOLD",
        "heart",
        _GOLD,
        "ORDER_COUNT",
        50,
        400,
        1.5,
        "ORDERS_10",
    ),
    Achievement(
        "ORDERS_100",
        "Century Club",
        "Complete 100 orders",
        "ORDERS",
        "PLATINUM",
        "star",
        _PLATINUM,
        "ORDER_COUNT",
        100,
        800,
        2.5,
        "ORDERS_50",
    ),
    Achievement(
        "LOYAL_3M",
        "Quarterly Regular",
        "Be an active customer for 3 consecutive months",
        "LOYALTY",
        "BRONZE",
        "calendar",
        _BRONZE,
        "CONSECUTIVE_MONTHS",
        3,
        100,
    ),
    Achievement(
        "LOYAL_6M",
        "Half Year Partner",
        "Be an active customer for 6 consecutive months",
        "LOYALTY",
        "SILVER",
        "calendar-check",
        _SILVER,
        "CONSECUTIVE_MONTHS",
        6,
        250,
        0.0,
        "LOYAL_3M",
    ),
    Achievement(
        "LOYAL_12M",
        "Annual Partner",
        "Be an active customer for 12 consecutive months",
        "LOYALTY",
        "GOLD",
        "clock",
        _GOLD,
        "CONSECUTIVE_MONTHS",
        12,
        500,
        1.0,
        "LOYAL_6M",
    ),
    Achievement(
        "FIRST_REFERRAL",
        "Ambassador",
        "Successfully refer your first customer",
        "REFERRALS",
        "BRONZE",
        "users",
        _BRONZE,
        "REFERRAL_COUNT",
        1,
        200,
    ),
    Achievement(
        "REFERRALS_5",
        "Influencer",
        "Refer 5 new customers",
        "REFERRALS",
        "SILVER",
        "user-plus",
        _SILVER,
        "REFERRAL_COUNT",
        5,
        500,
        0.0,
        "FIRST_REFERRAL",
    ),
    Achievement(
        "REFERRALS_10",
        "Network Builder",
        "Refer 10 new customers",
        "REFERRALS",
        "GOLD",
        "network",
        _GOLD,
        "REFERRAL_COUNT",
        10,
        1000,
        2.0,
        "REFERRALS_5",
    ),
    Achievement(
        "EARLY_ADOPTER",
        "Early Adopter",
        "Joined during our launch period",
        "SPECIAL",
        "GOLD",
        "zap",
        _GOLD,
        "MANUAL",
        1,
        300,
        secret=True,
    ),
    Achievement(
        "VIP_MEMBER",
        "VIP Member",
        "Achieved VIP status",
        "SPECIAL",
        "PLATINUM",
        "gem",
        _PLATINUM,
        "MANUAL",
        1,
        500,
        2.0,
    ),
)


@dataclasses.dataclass(frozen=True)
class Reward:
    """One of TERP's default reward catalogue items."""

    code: str
    name: str
    description: str
    points_cost: int
    reward_type: str
    reward_value: float
    icon: str
    color: str
    min_tier: str | None = None
    min_achievements: int = 0


REWARDS: tuple[Reward, ...] = (
    Reward(
        "DISCOUNT_1PCT",
        "1% Markup Discount",
        "Get 1% off your next order's markup",
        500,
        "MARKUP_DISCOUNT",
        1.0,
        "percent",
        "#10B981",
    ),
    Reward(
        "DISCOUNT_2PCT",
        "2% Markup Discount",
        "Get 2% off your next order's markup",
        900,
        "MARKUP_DISCOUNT",
        2.0,
        "percent",
        "#10B981",
        None,
        3,
    ),
    Reward(
        "DISCOUNT_5PCT",
        "5% Markup Discount",
        "Get 5% off your next order's markup",
        2000,
        "MARKUP_DISCOUNT",
        5.0,
        "percent",
        "#10B981",
        "Gold",
        5,
    ),
    Reward(
        "FIXED_25",
        "$25 Credit",
        "$25 off your next order",
        500,
        "FIXED_DISCOUNT",
        25.0,
        "gift",
        "#3B82F6",
    ),
    Reward(
        "FIXED_50",
        "$50 Credit",
        "$50 off your next order",
        900,
        "FIXED_DISCOUNT",
        50.0,
        "gift",
        "#3B82F6",
        None,
        2,
    ),
    Reward(
        "FIXED_100",
        "$100 Credit",
        "$100 off your next order",
        1600,
        "FIXED_DISCOUNT",
        100.0,
        "gift",
        "#3B82F6",
        None,
        5,
    ),
    Reward(
        "PRIORITY_HANDLING",
        "Priority Handling",
        "Get your next order processed with priority",
        300,
        "PRIORITY_SERVICE",
        1,
        "zap",
        "#F59E0B",
    ),
    Reward(
        "EARLY_ACCESS",
        "Early Access Pass",
        "Get early access to new product drops for 30 days",
        1500,
        "EXCLUSIVE_ACCESS",
        30,
        "clock",
        "#8B5CF6",
        "Silver",
    ),
)

# The gamification variant of referral_settings (the schema's columns), as TERP seeds it.
REFERRAL_SETTINGS = {
    "is_active": 1,
    "default_couch_tax_percent": 5.00,
    "default_couch_tax_order_limit": 3,
    "min_order_value_for_couch": 100.00,
    "min_referrer_account_age_days": 30,
    "attribution_window_days": 30,
    "points_per_referral": 500,
    "points_per_referral_order": 100,
}

# Leaderboard default weights by client type (server/services/leaderboard/constants.ts).
CUSTOMER_WEIGHTS = {
    "ytd_revenue": 25,
    "on_time_payment_rate": 20,
    "order_frequency": 15,
    "profit_margin": 15,
    "credit_utilization": 10,
    "yoy_growth": 10,
    "recency": 5,
}
SUPPLIER_WEIGHTS = {
    "ytd_purchase_volume": 25,
    "delivery_reliability": 25,
    "quality_score": 20,
    "product_variety": 15,
    "response_time": 10,
    "return_rate": 5,
}
DEFAULT_WEIGHTS = {
    "CUSTOMER": CUSTOMER_WEIGHTS,
    "SUPPLIER": SUPPLIER_WEIGHTS,
    "ALL": CUSTOMER_WEIGHTS,
}
# The leaderboard's client metrics cache lives 15 minutes (CACHE_TTL.clientMetrics).
METRIC_CACHE_MINUTES = 15
# A metric is significant once enough clients share it (MIN_CLIENTS_FOR_SIGNIFICANCE).
MIN_CLIENTS_FOR_SIGNIFICANCE = 10

# Live shopping: the default session timeout (MEET-075-BE), in seconds.
LIVE_SESSION_TIMEOUT_SECONDS = 7200
# Price alerts auto-expire after 30 days (client_price_alerts.expires_at).
PRICE_ALERT_DAYS = 30

# TERP's tables of this area: what the customer family fills and its rules audit.
CUSTOMER_TABLES = (
    "vip_tiers",
    "client_vip_status",
    "vip_tier_history",
    "vip_leaderboard_snapshots",
    "vip_portal_configurations",
    "vip_portal_auth",
    "liveShoppingSessions",
    "sessionCartItems",
    "client_interest_lists",
    "client_interest_list_items",
    "client_price_alerts",
    "client_catalog_views",
    "achievements",
    "client_achievements",
    "client_points_summary",
    "points_ledger",
    "reward_catalog",
    "reward_redemptions",
    "referral_settings",
    "referral_tracking",
    "client_referral_codes",
    "leaderboard_default_weights",
    "leaderboard_rank_history",
    "sales_sheet_templates",
    "salesSheetVersions",
    "sales_sheet_history",
    "client_draft_interests",
    "leaderboard_display_settings",
    "leaderboard_weight_configs",
    "sales_sheet_drafts",
)
