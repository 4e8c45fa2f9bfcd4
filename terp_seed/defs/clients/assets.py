import dagster as dg

from terp_seed.defs.family import materialize_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import clients as clients_family


@dg.asset(group_name="clients", deps=["reference"], kinds={"python", "sql"})
def clients(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Buyers (a few whales holding most sales, many regulars) and suppliers with their links."""
    params = seed_settings.params()
    frames = clients_family.generate(params)
    buyers = frames["clients"][frames["clients"]["is_buyer"] == 1]
    terms = frames["client_payment_terms_config"]["client_payment_terms"].value_counts()
    return materialize_family(
        context,
        database.store(),
        params,
        frames,
        database.display_url,
        extra={
            "buyers": len(buyers),
            "whales": int(buyers["tags"].str.contains('"whale"').sum()),
            "suppliers": int((frames["clients"]["is_seller"] == 1).sum()),
            "buyers by terms": dg.MetadataValue.json({k: int(v) for k, v in terms.items()}),
        },
    )
