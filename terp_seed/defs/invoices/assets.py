from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate import invoices as invoices_family
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules.core import markdown_table


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    aging = invoices_family.aging_buckets(frames["invoices"], params.end)
    return {
        "open receivables": float(aging["amount"].sum()),
        "AR aging": dg.MetadataValue.md(markdown_table(aging.to_dict("records"))),
    }


invoices = family_asset("invoices", _figures)
