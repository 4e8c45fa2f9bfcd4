from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    located = frames["batchLocations"]
    live = located[located["deleted_at"].isna()]
    by_zone = live.groupby("zone")["batchId"].nunique()
    return {
        "batches on the shelves": int(live["batchId"].nunique()),
        "batches by zone": dg.MetadataValue.json({k: int(v) for k, v in by_zone.items()}),
    }


warehouse = family_asset("warehouse", _figures)
