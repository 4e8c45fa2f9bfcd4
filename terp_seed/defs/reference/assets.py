import dagster as dg

from terp_seed.defs.family import materialize_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import reference


@dg.asset(name="reference", group_name="reference", kinds={"python", "sql"})
def reference_tables(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Staff, TERP's chart of accounts, monthly fiscal periods, warehouse locations, workflows.

    The first family of a run: it starts a fresh shadow database that the run writes into.
    """
    params = seed_settings.params()
    store = database.store()
    store.begin_shadow()
    return materialize_family(
        context, store, params, reference.generate(params), database.display_url
    )
