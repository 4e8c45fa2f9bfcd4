from collections.abc import Iterable

import dagster as dg

from terp_seed.defs.family import audit, check_results, check_specs
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.rules.reference import RULES


@dg.multi_asset_check(specs=check_specs("reference", RULES), name="reference_suite")
def reference_suite(
    seed_settings: SeedSettings, database: TerpDatabase
) -> Iterable[dg.AssetCheckResult]:
    """The accounts the app posts to exist, the fiscal calendar covers the window and is closed."""
    results = audit(database.store(), seed_settings.params(), RULES, "reference")
    yield from check_results("reference", results)
