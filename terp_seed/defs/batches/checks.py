from collections.abc import Iterable

import dagster as dg

from terp_seed.defs.family import audit, check_results, check_specs
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.rules.batches import RULES


@dg.multi_asset_check(specs=check_specs("batches", RULES), name="batches_suite")
def batches_suite(
    seed_settings: SeedSettings, database: TerpDatabase
) -> Iterable[dg.AssetCheckResult]:
    """R4 (90% consigned intake), R6 (90% flower products), workflow histories, every link."""
    results = audit(database.store(), seed_settings.params(), RULES, "batches")
    yield from check_results("batches", results)
