from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    owned = frames["batches"]["ownership_type"].value_counts()
    return {"batches by ownership": dg.MetadataValue.json({k: int(v) for k, v in owned.items()})}


batches = family_asset("batches", _figures)
