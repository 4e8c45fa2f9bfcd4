from collections.abc import Iterable

import dagster as dg

from terp_seed.defs.family import audit, check_results, check_specs
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.rules.clients import RULES


@dg.multi_asset_check(specs=check_specs("clients", RULES), name="clients_suite")
def clients_suite(
    seed_settings: SeedSettings, database: TerpDatabase
) -> Iterable[dg.AssetCheckResult]:
    """R15 and the profile's counts: buyers are real B2B accounts, suppliers fully linked."""
    results = audit(database.store(), seed_settings.params(), RULES, "clients")
    yield from check_results("clients", results)
