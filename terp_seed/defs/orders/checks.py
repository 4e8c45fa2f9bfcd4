from collections.abc import Iterable

import dagster as dg

from terp_seed.defs.family import audit, check_results, check_specs
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.rules.orders import RULES


@dg.multi_asset_check(specs=check_specs("orders", RULES), name="orders_suite")
def orders_suite(
    seed_settings: SeedSettings, database: TerpDatabase
) -> Iterable[dg.AssetCheckResult]:
    """Revenue, seasonality, whale split, consignment, returns, mix; stock and history integrity."""
    results = audit(database.store(), seed_settings.params(), RULES, "orders")
    yield from check_results("orders", results)
