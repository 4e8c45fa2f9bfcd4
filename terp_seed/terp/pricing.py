"""TERP's pricing vocabulary and engine semantics (server/pricingEngine.ts, pricingService.ts).

A pricing rule adjusts a running price when its `conditions` JSON matches the item (keys
category, subcategory, strain, tag, priceMin, priceMax on the base price, grade, vendor; any
other key must equal the item's field; an empty object matches nothing). Rules apply in
priority order, highest first, each on the price the previous left; the price is floored at 0
and rounded to cents. A pricing profile is a list of {ruleId, priority}; a buyer links to one
through `clients.pricing_profile_id`. Lines priced through a profile record margin_source
CUSTOMER_PROFILE; otherwise the category's `pricing_defaults` margin prices the line (DEFAULT),
falling back to the OTHER then DEFAULT rows; with none the user enters it (MANUAL).
"""

from collections.abc import Iterable, Mapping

ADJUSTMENT_TYPES = ("PERCENT_MARKUP", "PERCENT_MARKDOWN", "DOLLAR_MARKUP", "DOLLAR_MARKDOWN")
MARGIN_SOURCES = ("CUSTOMER_PROFILE", "DEFAULT", "MANUAL")
CONDITION_KEYS = ("category", "subcategory", "strain", "tag", "priceMin", "priceMax", "grade")
OTHER_CATEGORY = "OTHER"
DEFAULT_CATEGORY = "DEFAULT"
PRICE_ADJUSTMENT_TYPES = ("ITEM", "CATEGORY", "ORDER")
PRICE_ADJUSTMENT_MODES = ("PERCENT", "FIXED")


def matches(conditions: Mapping[str, object], item: Mapping[str, object], base: float) -> bool:
    """Whether a rule's conditions (AND) hold for an item at its base price."""
    if not conditions:
        return False
    for key, wanted in conditions.items():
        if key == "priceMin":
            ok = base >= float(wanted)
        elif key == "priceMax":
            ok = base <= float(wanted)
        elif key == "tag":
            ok = wanted in item.get("tags", ())
        else:
            ok = item.get(key) == wanted
        if not ok:
            return False
    return True


def adjust(price: float, adjustment_type: str, value: float) -> float:
    """One rule's adjustment of the running price."""
    if adjustment_type == "PERCENT_MARKUP":
        return price * (1 + value / 100)
    if adjustment_type == "PERCENT_MARKDOWN":
        return price * (1 - value / 100)
    if adjustment_type == "DOLLAR_MARKUP":
        return price + value
    return price - value


def apply_rules(
    base: float, item: Mapping[str, object], rules: Iterable[Mapping[str, object]]
) -> float:
    """The item's price after every matching rule, highest priority first (the app's order).

    Each rule is a mapping with `conditions`, `adjustment_type`, `adjustment_value` and
    `priority`.
    """
    price = base
    for rule in sorted(rules, key=lambda r: -int(r["priority"])):
        if matches(rule["conditions"], item, base):
            price = adjust(price, str(rule["adjustment_type"]), float(rule["adjustment_value"]))
    return round(max(price, 0.0), 2)


def price_from_margin(cost: float, margin_percent: float) -> float:
    """The price at which `cost` earns `margin_percent` of the price (the app's default path)."""
    return round(cost / (1 - margin_percent / 100), 2)
