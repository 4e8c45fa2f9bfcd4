"""Pricing each line in TERP's lookup order, and the few prices a seller overrode by hand.

A buyer with a pricing profile pays the list price through the profile's rules
(CUSTOMER_PROFILE); a buyer without one pays the category's default margin over the batch's
cost (DEFAULT). Nothing ends above list. A few lines were then marked down by hand at the
order desk: TERP records those in `order_price_adjustments` and flags the line overridden.
"""

import dataclasses
import json

import numpy as np
import pandas as pd

from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES
from terp_seed.terp.pricing import DEFAULT_CATEGORY, apply_rules, price_from_margin

STREAMS = "orders"
OVERRIDE_SHARE = 0.015  # shipped-sale lines a seller marked down by hand
OVERRIDE_PERCENT = (2, 6)  # whole percents off the computed price
OVERRIDE_REASONS = np.array(
    [
        "Matched a competitor's quote",
        "Short-dated stock",
        "Packaging scuffed in storage",
        "Goodwill after a late delivery",
        "Bulk pickup discount",
    ]
)
FALLBACK_MARGIN = 30.0  # when no pricing_defaults row exists at all (a bare database)


@dataclasses.dataclass(frozen=True)
class PriceBook:
    """Profile prices per (profile, class) and default margins per category, from the tables."""

    profile_of_client: dict[int, int]
    profile_price: dict[int, dict[str, float]]
    default_margin: dict[str, float]

    @classmethod
    def read(cls, tables: dict[str, pd.DataFrame]) -> "PriceBook":
        """Read the pricing family's tables (absent ones mean no profiles, fallback margin)."""
        clients = tables.get("clients", pd.DataFrame())
        profile_of_client = {}
        if "pricing_profile_id" in clients:
            held = clients[clients["pricing_profile_id"].notna()]
            profile_of_client = dict(
                zip(held["id"].astype(int), held["pricing_profile_id"].astype(int), strict=True)
            )
        rules = tables.get("pricing_rules")
        profiles = tables.get("pricing_profiles")
        prices = {}
        if rules is not None and profiles is not None:
            by_id = {
                int(r["id"]): {
                    "conditions": json.loads(r["conditions"]),
                    "adjustment_type": r["adjustment_type"],
                    "adjustment_value": float(r["adjustment_value"]),
                    "priority": int(r["priority"]),
                }
                for _, r in rules.iterrows()
                if int(r["is_active"]) == 1
            }
            for _, profile in profiles.iterrows():
                held = [
                    by_id[e["ruleId"]] for e in json.loads(profile["rules"]) if e["ruleId"] in by_id
                ]
                prices[int(profile["id"])] = {
                    c.key: apply_rules(
                        c.list_price, {"category": c.category, "subcategory": c.subcategory}, held
                    )
                    for c in SALES_CLASSES
                }
        defaults = tables.get("pricing_defaults")
        margins = (
            dict(
                zip(
                    defaults["product_category"],
                    defaults["default_margin_percent"].astype(float),
                    strict=True,
                )
            )
            if defaults is not None
            else {}
        )
        return cls(profile_of_client, prices, margins)

    def margin_of(self, category: str) -> float:
        """The category's default margin, else OTHER, else DEFAULT (the app's fallbacks)."""
        for key in (category, "OTHER", DEFAULT_CATEGORY):
            if key in self.default_margin:
                return self.default_margin[key]
        return FALLBACK_MARGIN

    def profile(self, client_id: int) -> int:
        """The buyer's profile id, 0 for none."""
        return self.profile_of_client.get(int(client_id), 0)

    def expected_discount(self, client_ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Each planned line's expected share off list, to size its quantity before the fill.

        Exact for a profile; for a default-priced line, the margin over the class's mid cost.
        """
        out = np.empty(len(keys))
        for i, (client, key) in enumerate(zip(client_ids, keys, strict=True)):
            sales_class = CLASS_BY_KEY[key]
            profile = self.profile(client)
            if profile in self.profile_price:
                price = self.profile_price[profile][key]
            else:
                mid_cost = (
                    (sales_class.cogs_low + sales_class.cogs_high) / 2 * sales_class.list_price
                )
                price = mid_cost / (1 - self.margin_of(sales_class.category) / 100)
            out[i] = 1.0 - min(price, sales_class.list_price) / sales_class.list_price
        return out

    def price(
        self, client_ids: np.ndarray, keys: np.ndarray, unit_cogs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(unit price, margin source) per line, in TERP's lookup order, never above list."""
        prices = np.empty(len(keys))
        sources = np.empty(len(keys), dtype=object)
        for i, (client, key, cost) in enumerate(zip(client_ids, keys, unit_cogs, strict=True)):
            sales_class = CLASS_BY_KEY[key]
            profile = self.profile(client)
            if profile in self.profile_price:
                price, source = self.profile_price[profile][key], "CUSTOMER_PROFILE"
            else:
                margin = self.margin_of(sales_class.category)
                price, source = price_from_margin(float(cost), margin), "DEFAULT"
            prices[i] = min(price, sales_class.list_price)
            sources[i] = source
        return prices, sources


def choose_overrides(
    params: SeedParams, priced: pd.DataFrame, eligible: np.ndarray
) -> pd.DataFrame:
    """The lines a seller marked down by hand: which, by how much, and why."""
    rng = stream(params.seed, STREAMS, "overrides")
    candidates = np.flatnonzero(eligible)
    count = round(OVERRIDE_SHARE * len(candidates))
    rows = np.sort(rng.choice(candidates, count, replace=False)) if count else np.array([], int)
    return pd.DataFrame(
        {
            "row": rows,
            "percent": rng.integers(*OVERRIDE_PERCENT, len(rows)).astype(float),
            "reason": rng.choice(OVERRIDE_REASONS, len(rows)),
        }
    )


def build_order_price_adjustments(
    overrides: pd.DataFrame, priced: pd.DataFrame, line_ids: np.ndarray, orders: pd.DataFrame
) -> pd.DataFrame:
    """One ITEM adjustment per overridden line: from the computed price to the one charged."""
    rows = overrides["row"].to_numpy()
    order_pos = priced["order_index"].to_numpy()[rows]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "order_id": orders["id"].to_numpy()[order_pos],
            "adjustment_type": "ITEM",
            "target_id": line_ids[rows],
            "target_category": None,
            "adjustment_mode": "PERCENT",
            "adjustment_value": overrides["percent"].to_numpy(),
            "original_price": priced["computed_price"].to_numpy()[rows],
            "adjusted_price": priced["unit_price"].to_numpy()[rows],
            "reason": overrides["reason"].to_numpy(),
            "notes": None,
            "adjusted_by": orders["created_by"].to_numpy()[order_pos],
            "created_at": orders["created_at"].to_numpy()[order_pos],
        }
    )
