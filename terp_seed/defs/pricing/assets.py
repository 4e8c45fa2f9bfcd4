from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    held = frames["clients"]["pricing_profile_id"].dropna().astype(int)
    names = frames["pricing_profiles"].set_index("id")["name"]
    by_profile = held.map(names).value_counts()
    return {
        "pricing rules": len(frames["pricing_rules"]),
        "buyers with a profile": len(held),
        "buyers by profile": dg.MetadataValue.json({k: int(v) for k, v in by_profile.items()}),
    }


pricing = family_asset("pricing", _figures)
