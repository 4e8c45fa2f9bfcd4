"""The price book holds together: every profile names active rules, every buyer a profile."""

from terp_seed.rules.core import Rule
from terp_seed.rules.integrity import links_resolve

PRICING_TABLES = ("pricing_defaults", "pricing_rules", "pricing_profiles")

RULES: tuple[Rule, ...] = (
    Rule(
        "R20",
        "buyers_hold_existing_pricing_profiles",
        "A buyer's pricing_profile_id names a pricing profile that exists.",
        "violations",
        "SELECT c.id, c.pricing_profile_id FROM clients c LEFT JOIN pricing_profiles p "
        "ON p.id = c.pricing_profile_id WHERE c.pricing_profile_id IS NOT NULL AND p.id IS NULL",
        ("clients", "pricing_profiles"),
    ),
    Rule(
        "R20",
        "every_category_has_a_default_margin",
        "Each product category, and the OTHER and DEFAULT fallbacks, has a default margin.",
        "violations",
        "SELECT DISTINCT p.category FROM products p LEFT JOIN pricing_defaults d "
        "ON d.product_category = p.category WHERE d.id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM pricing_defaults f WHERE f.product_category IN ('OTHER', 'DEFAULT'))",
        ("products", "pricing_defaults"),
    ),
    links_resolve("pricing", PRICING_TABLES),
)
