"""The places: the licensed premises as a site and its storage zones.

The reference family's `locations` already name one site ("Main Warehouse") and its zones;
here they become TERP's newer storage model, one `sites` row and one `storage_zones` row per
zone, with the climate and access each zone needs.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.reference import records_epoch
from terp_seed.params import SeedParams

SITE_CODE = "MAIN"
# Zone facts: (climate, access, capacity in pounds-equivalent, colour, what it holds).
ZONE_FACTS = {
    "Vault A": ("controlled", "high_security", 2500, "#10B981", "Indoor and greenhouse flower"),
    "Vault B": ("controlled", "high_security", 2500, "#3B82F6", "Outdoor flower, holds"),
    "Cold Room": ("cold", "secure", 800, "#8B5CF6", "Edibles, vapes, concentrates"),
    "Packaging": ("ambient", "restricted", 600, "#F59E0B", "Batches being packed"),
}
DEFAULT_FACTS = ("ambient", "restricted", 500, "#6B7280", "General storage")


def build_sites(params: SeedParams, locations: pd.DataFrame) -> pd.DataFrame:
    """One site per `locations.site`: the licensed warehouse, the default."""
    names = sorted(locations["site"].astype(str).unique())
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(names) + 1),
            "code": [SITE_CODE if i == 0 else f"SITE{i + 1}" for i in range(len(names))],
            "name": names,
            "description": "Licensed distribution premises: vaults, cold room, packing",
            "site_type": "warehouse",
            "address": None,
            "city": "Oakland",
            "state": "CA",
            "zip_code": None,
            "country": "USA",
            "contact_name": None,
            "contact_phone": None,
            "contact_email": None,
            "operating_hours": '{"mon-sat":"08:00-17:00"}',
            "color": "#10B981",
            "display_order": np.arange(1, len(names) + 1),
            "is_default": [1 if i == 0 else 0 for i in range(len(names))],
            "is_active": 1,
            "created_at": created,
            "updated_at": created,
            "deleted_at": None,
        }
    )


def build_storage_zones(
    params: SeedParams, locations: pd.DataFrame, sites: pd.DataFrame
) -> pd.DataFrame:
    """One zone per (site, zone) of `locations`, with its climate, access and capacity."""
    pairs = locations[["site", "zone"]].drop_duplicates().reset_index(drop=True)
    site_id = dict(zip(sites["name"], sites["id"], strict=True))
    facts = [ZONE_FACTS.get(zone, DEFAULT_FACTS) for zone in pairs["zone"]]
    created = records_epoch(params)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(pairs) + 1),
            "code": [f"Z{i:02d}" for i in range(1, len(pairs) + 1)],
            "name": pairs["zone"].to_numpy(),
            "description": [f[4] for f in facts],
            "site_id": pairs["site"].map(site_id).to_numpy(),
            "temperature_control": [f[0] for f in facts],
            "access_level": [f[1] for f in facts],
            "max_capacity": [float(f[2]) for f in facts],
            "current_capacity": 0.0,
            "capacity_unit": "lb",
            "min_temp": [2.0 if f[0] == "cold" else 15.0 for f in facts],
            "max_temp": [6.0 if f[0] == "cold" else 22.0 for f in facts],
            "color": [f[3] for f in facts],
            "display_order": np.arange(1, len(pairs) + 1),
            "is_active": 1,
            "metadata": None,
            "created_at": created,
            "updated_at": created,
            "deleted_at": None,
        }
    )
