import dagster as dg

from terp_seed.defs.family import bar_chart, materialize_family, read_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import batches as batches_family
from terp_seed.generate import clients as clients_family
from terp_seed.generate import orders as orders_family
from terp_seed.generate import reference as reference_family


@dg.asset(group_name="orders", deps=["clients", "batches"], kinds={"python", "sql"})
def orders(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Stock going out: sales and quotes, lines drawn FIFO, status histories, returns, refunds."""
    params = seed_settings.params()
    store = database.store()
    clients = read_family(store, clients_family.TABLES)
    frames = orders_family.generate(
        params,
        read_family(store, reference_family.TABLES),
        clients,
        read_family(store, batches_family.TABLES),
    )
    sales = frames["orders"]
    sales = sales[
        (sales["orderType"] == "SALE")
        & (sales["is_draft"] == 0)
        & (sales["fulfillmentStatus"] != "CANCELLED")
    ]
    by_month = sales.groupby(sales["created_at"].dt.strftime("%Y-%m"))["total"].sum()
    whales = clients_family.buyer_tags(clients["clients"])
    whale_ids = whales.loc[whales["is_whale"], "client_id"]
    whale_share = float(sales.loc[sales["client_id"].isin(whale_ids), "total"].sum()) / max(
        float(sales["total"].sum()), 1.0
    )
    return materialize_family(
        context,
        store,
        params,
        frames,
        database.display_url,
        extra={
            "sales total": float(sales["total"].sum()),
            "whale share of sales": dg.MetadataValue.float(round(whale_share, 4)),
            "sales by month": dg.MetadataValue.md(bar_chart(by_month, "month", "sales")),
        },
    )
