import dagster as dg

from terp_seed.defs.family import materialize_family, read_family
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
    frames = orders_family.generate(
        params,
        read_family(store, reference_family.TABLES),
        read_family(store, clients_family.TABLES),
        read_family(store, batches_family.TABLES),
    )
    sales = frames["orders"]
    sales = sales[
        (sales["orderType"] == "SALE")
        & (sales["is_draft"] == 0)
        & (sales["fulfillmentStatus"] != "CANCELLED")
    ]
    by_month = sales.groupby(sales["created_at"].dt.strftime("%Y-%m"))["total"].sum()
    chart = "| month | sales |\n|---|---:|\n" + "\n".join(
        f"| {month} | ${value:,.0f} |" for month, value in by_month.items()
    )
    return materialize_family(
        context,
        store,
        params,
        frames,
        database.display_url,
        extra={
            "sales total": float(sales["total"].sum()),
            "sales by month": dg.MetadataValue.md(chart),
        },
    )
