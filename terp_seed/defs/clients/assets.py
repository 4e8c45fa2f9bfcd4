from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    buyers = frames["clients"][frames["clients"]["is_buyer"] == 1]
    terms = frames["client_payment_terms_config"]["client_payment_terms"].value_counts()
    return {
        "buyers": len(buyers),
        "whales": int(buyers["tags"].str.contains('"whale"').sum()),
        "suppliers": int((frames["clients"]["is_seller"] == 1).sum()),
        "buyers by terms": dg.MetadataValue.json({k: int(v) for k, v in terms.items()}),
    }


clients = family_asset("clients", _figures)
