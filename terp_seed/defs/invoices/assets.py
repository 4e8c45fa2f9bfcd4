from collections.abc import Mapping

from terp_seed.defs.family import family_asset, money, table
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.terp.receivables import aging_buckets


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    aging = aging_buckets(frames["invoices"], params.end)
    return {
        **money("open receivables", float(aging["amount"].sum())),
        **money("credit applied", float(frames["creditApplications"]["amountApplied"].sum())),
        "buyers over 80% of their limit": int(
            (frames["client_credit_limits"]["utilization_percent"] > 80).sum()
        ),
        "AR aging": table(aging.to_dict("records")),
    }


invoices = family_asset("invoices", _figures)
