import dagster as dg

from terp_seed.defs.family import materialize_family, read_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import batches as batches_family
from terp_seed.generate import clients as clients_family
from terp_seed.generate import reference as reference_family


@dg.asset(group_name="batches", deps=["reference", "clients"], kinds={"python", "sql"})
def batches(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Stock coming in: catalog, purchase orders, intake, lots, batches (90% consigned), bills."""
    params = seed_settings.params()
    store = database.store()
    frames = batches_family.generate(
        params,
        read_family(store, reference_family.TABLES),
        read_family(store, clients_family.TABLES),
    )
    owned = frames["batches"]["ownership_type"].value_counts()
    return materialize_family(
        context,
        store,
        params,
        frames,
        database.display_url,
        extra={
            "batches by ownership": dg.MetadataValue.json({k: int(v) for k, v in owned.items()})
        },
    )
