"""The price book: what the business decided about prices before any order was taken.

Category defaults (the margin a line earns when its buyer has no profile), the rules in
TERP's conditions format, and the profiles that bundle rules for a kind of buyer: whales get
the deepest flower markdowns by tier, VIP and regular buyers lighter ones, some buyers none.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES
from terp_seed.terp.pricing import DEFAULT_CATEGORY, OTHER_CATEGORY, apply_rules

# Margin a line earns at its category's default (price = cost / (1 - margin)); with unit costs
# at 60-68% of list these stay under list.
DEFAULT_MARGINS = {"Flower": 30.0, "Pre-Rolls": 30.0, "Vapes": 29.0, "Edibles": 30.0}
FALLBACK_MARGIN = 30.0

# (name, adjustment type, value, conditions, priority): rules in TERP's conditions format.
RULES = (
    ("Whale flower, tier 1", "PERCENT_MARKDOWN", 9.0, {"category": "Flower"}, 50),
    ("Whale flower, tier 2", "PERCENT_MARKDOWN", 7.0, {"category": "Flower"}, 50),
    ("Whale flower, tier 3", "PERCENT_MARKDOWN", 5.0, {"category": "Flower"}, 50),
    ("Whale indoor extra", "PERCENT_MARKDOWN", 1.5, {"subcategory": "Indoor"}, 40),
    ("VIP flower", "PERCENT_MARKDOWN", 4.0, {"category": "Flower"}, 50),
    ("Preferred flower", "PERCENT_MARKDOWN", 2.5, {"category": "Flower"}, 50),
    ("Indoor specialist", "PERCENT_MARKDOWN", 4.0, {"subcategory": "Indoor"}, 45),
    ("Greenhouse promotion", "PERCENT_MARKDOWN", 3.0, {"subcategory": "Greenhouse"}, 45),
    ("Outdoor value", "PERCENT_MARKDOWN", 6.0, {"subcategory": "Outdoor"}, 45),
    (
        "Value flower under $900/lb",
        "PERCENT_MARKDOWN",
        2.0,
        {"category": "Flower", "priceMax": 900},
        30,
    ),
    (
        "Premium flower over $1,500/lb",
        "PERCENT_MARKDOWN",
        1.0,
        {"category": "Flower", "priceMin": 1500},
        30,
    ),
    ("Pre-roll packs $1 off", "DOLLAR_MARKDOWN", 1.0, {"subcategory": "Pre-Roll 5-Packs"}, 20),
    ("Vape carts 5% off", "PERCENT_MARKDOWN", 5.0, {"category": "Vapes"}, 20),
    ("Edibles 4% off", "PERCENT_MARKDOWN", 4.0, {"category": "Edibles"}, 20),
    ("Concentrates 5% off", "PERCENT_MARKDOWN", 5.0, {"category": "Concentrates"}, 20),
    ("Packaged goods 3% off", "PERCENT_MARKDOWN", 3.0, {"category": "Pre-Rolls"}, 10),
    ("Cartridges volume 3% off", "PERCENT_MARKDOWN", 3.0, {"subcategory": "1g Cartridges"}, 10),
    ("Live resin 2% off", "PERCENT_MARKDOWN", 2.0, {"subcategory": "Live Resin"}, 10),
    ("Gummies 2% off", "PERCENT_MARKDOWN", 2.0, {"subcategory": "100mg Packs"}, 10),
    ("Greenhouse 2% off", "PERCENT_MARKDOWN", 2.0, {"subcategory": "Greenhouse"}, 10),
)
# (name, description, rule names, who holds it).
PROFILES = (
    (
        "Whale tier 1",
        "Top accounts: deepest flower and packaged discounts",
        (
            "Whale flower, tier 1",
            "Whale indoor extra",
            "Vape carts 5% off",
            "Pre-roll packs $1 off",
        ),
        "whale",
    ),
    (
        "Whale tier 2",
        "Large accounts",
        ("Whale flower, tier 2", "Whale indoor extra", "Edibles 4% off"),
        "whale",
    ),
    (
        "Whale tier 3",
        "Growing large accounts",
        ("Whale flower, tier 3", "Concentrates 5% off"),
        "whale",
    ),
    (
        "VIP",
        "Loyal regulars",
        ("VIP flower", "Packaged goods 3% off", "Cartridges volume 3% off"),
        "regular",
    ),
    ("Preferred", "Steady regulars", ("Preferred flower", "Gummies 2% off"), "regular"),
    (
        "Indoor specialist",
        "Shops that carry mostly indoor",
        ("Indoor specialist", "Premium flower over $1,500/lb"),
        "regular",
    ),
    ("Value shop", "Price-led shops", ("Outdoor value", "Value flower under $900/lb"), "regular"),
    (
        "Greenhouse program",
        "Greenhouse promotion partners",
        ("Greenhouse promotion", "Greenhouse 2% off"),
        "regular",
    ),
    (
        "Packaged goods",
        "Shops buying pre-packed lines",
        ("Pre-roll packs $1 off", "Live resin 2% off"),
        "regular",
    ),
    ("Standard", "Price list, no standing discount", (), "regular"),
)
WHALE_TIERS = ("Whale tier 1", "Whale tier 2", "Whale tier 3")
REGULAR_WITH_PROFILE = 0.7  # regular buyers holding a profile; the rest price by category default


def build_pricing_defaults(created: pd.Timestamp) -> pd.DataFrame:
    """A default margin per category, plus the OTHER and DEFAULT fallbacks the app reads."""
    categories = list(dict.fromkeys(c.category for c in SALES_CLASSES))
    names = [*categories, OTHER_CATEGORY, DEFAULT_CATEGORY]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(names) + 1),
            "product_category": names,
            "default_margin_percent": [DEFAULT_MARGINS.get(n, FALLBACK_MARGIN) for n in names],
            "created_at": created,
            "updated_at": created,
        }
    )


def build_pricing_rules(created: pd.Timestamp) -> pd.DataFrame:
    """The rules, in TERP's conditions JSON, all active."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(RULES) + 1),
            "name": [r[0] for r in RULES],
            "description": [f"{r[1].replace('_', ' ').lower()} {r[2]:g}" for r in RULES],
            "adjustment_type": [r[1] for r in RULES],
            "adjustment_value": [r[2] for r in RULES],
            "conditions": [json.dumps(r[3], separators=(",", ":")) for r in RULES],
            "logic_type": "AND",
            "priority": [r[4] for r in RULES],
            "is_active": 1,
            "deleted_at": None,
            "created_at": created,
            "updated_at": created,
        }
    )


def build_pricing_profiles(created: pd.Timestamp, owner: int) -> pd.DataFrame:
    """The profiles: each a list of {ruleId, priority} as the app stores it."""
    rule_id = {r[0]: i + 1 for i, r in enumerate(RULES)}
    priority = {r[0]: r[4] for r in RULES}
    return pd.DataFrame(
        {
            "id": np.arange(1, len(PROFILES) + 1),
            "name": [p[0] for p in PROFILES],
            "deleted_at": None,
            "description": [p[1] for p in PROFILES],
            "rules": [
                json.dumps([{"ruleId": rule_id[n], "priority": priority[n]} for n in p[2]])
                for p in PROFILES
            ],
            "created_by": owner,
            "created_at": created,
            "updated_at": created,
        }
    )


def profile_prices() -> dict[int, dict[str, float]]:
    """Each profile's price per sales class: the list price through its rules (the engine)."""
    rules = {r[0]: r for r in RULES}
    prices = {}
    for index, profile in enumerate(PROFILES, start=1):
        held = [
            {
                "conditions": rules[n][3],
                "adjustment_type": rules[n][1],
                "adjustment_value": rules[n][2],
                "priority": rules[n][4],
            }
            for n in profile[2]
        ]
        prices[index] = {
            c.key: apply_rules(
                c.list_price, {"category": c.category, "subcategory": c.subcategory}, held
            )
            for c in SALES_CLASSES
        }
    return prices


def default_margin(category: str) -> float:
    """The category's default margin percent (OTHER / DEFAULT fallback)."""
    return DEFAULT_MARGINS.get(category, FALLBACK_MARGIN)


def class_list_price(key: str) -> float:
    """A sales class's list price."""
    return CLASS_BY_KEY[key].list_price
