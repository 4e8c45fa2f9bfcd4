"""The pricing family: the price book, and which buyers hold which pricing profile.

Runs before orders, which price every line through it in TERP's lookup order: the buyer's
profile (CUSTOMER_PROFILE), else the category's default margin (DEFAULT). Whales hold the
whale tiers by the size of their account; most regulars hold a regular profile; the rest
price by the category defaults. `clients` is amended with `pricing_profile_id`.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.batches import staff_ids
from terp_seed.generate.clients import buyer_sales_weights
from terp_seed.generate.family import Family
from terp_seed.generate.pricing.book import (
    PROFILES,
    REGULAR_WITH_PROFILE,
    WHALE_TIERS,
    build_pricing_defaults,
    build_pricing_profiles,
    build_pricing_rules,
    default_margin,
    profile_prices,
)
from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

__all__ = ["FAMILY", "default_margin", "profile_prices"]

CREATES = (
    "pricing_defaults",
    "pricing_rules",
    "pricing_profiles",
    "range_pricing_channel_settings",
)
# What TERP's start-up migration writes: every channel quotes from the middle of a cost range
# (the basis the order lines record as effective_cogs_basis).
CHANNELS = ("SALES_SHEET", "LIVE_SHOPPING", "VIP_SHOPPING")
AMENDS = ("clients",)
STREAMS = "pricing"


def buyer_profiles(params: SeedParams) -> np.ndarray:
    """Pricing profile id per buyer (buyer id = position + 1), 0 for none.

    Whales are tiered by their share of sales (the largest third tier 1); regulars draw a
    regular profile, or none.
    """
    rng = stream(params.seed, STREAMS, "buyers")
    profile_id = {p[0]: i + 1 for i, p in enumerate(PROFILES)}
    weights = buyer_sales_weights(params)
    whales = np.arange(params.whales)
    tiers = np.zeros(params.buyers, dtype=int)
    rank = np.argsort(np.argsort(-weights[whales], kind="stable"), kind="stable")
    tier = np.minimum(rank * len(WHALE_TIERS) // max(1, len(whales)), len(WHALE_TIERS) - 1)
    tiers[whales] = [profile_id[WHALE_TIERS[t]] for t in tier]
    regular_ids = np.array([profile_id[p[0]] for p in PROFILES if p[3] == "regular"])
    regulars = np.arange(params.whales, params.buyers)
    chosen = rng.choice(regular_ids, len(regulars))
    holds = rng.random(len(regulars)) < REGULAR_WITH_PROFILE
    tiers[regulars] = np.where(holds, chosen, 0)
    return tiers


def build_clients(params: SeedParams, clients: pd.DataFrame) -> pd.DataFrame:
    """`clients` with each buyer's pricing profile (suppliers and profile-less buyers: NULL)."""
    out = clients.copy()
    profiles = buyer_profiles(params)
    ids = pd.to_numeric(out["id"]).astype("int64").to_numpy()
    is_buyer = (ids >= 1) & (ids <= params.buyers)
    chosen = np.where(is_buyer, profiles[np.clip(ids - 1, 0, params.buyers - 1)], 0)
    out["pricing_profile_id"] = pd.array(np.where(chosen > 0, chosen, None), dtype="Int64")
    return out


def build_range_pricing_channel_settings(created: pd.Timestamp) -> pd.DataFrame:
    """One row per sales channel, all on the MID basis, as the app itself seeds them."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(CHANNELS) + 1),
            "deleted_at": None,
            "channel": CHANNELS,
            "default_basis": "MID",
            "created_at": created,
            "updated_at": created,
        }
    )


def generate(params: SeedParams, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Pricing defaults, rules, profiles, and clients with their profile.

    Args:
        params: The run's parameters.
        tables: Every table so far (users, clients are read).

    Returns:
        Frames for pricing_defaults, pricing_rules, pricing_profiles and the whole `clients`.
    """
    created = records_epoch(params)
    owners, _ = staff_ids(tables["users"])
    return {
        "pricing_defaults": build_pricing_defaults(created),
        "pricing_rules": build_pricing_rules(created),
        "pricing_profiles": build_pricing_profiles(created, int(owners[0])),
        "range_pricing_channel_settings": build_range_pricing_channel_settings(created),
        "clients": build_clients(params, tables["clients"]),
    }


FAMILY = Family(
    name="pricing",
    description="The price book: category defaults, rules, profiles, and each buyer's profile.",
    upstream=("reference", "clients"),
    creates=CREATES,
    amends=AMENDS,
    build=generate,
)
