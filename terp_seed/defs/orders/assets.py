import dagster as dg

from terp_seed.defs.family import materialize_family, read_family, register_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import orders as orders_family

TABLES = (
    "orders",
    "order_line_items",
    "order_status_history",
    "returns",
    "credits",
    "vendor_payables",
    "batches",
    "inventoryMovements",
)
register_family("orders", TABLES)


@dg.asset(group_name="orders", deps=["clients", "batches"], kinds={"python", "sql"})
def orders(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Stock going out: sales and quotes, lines drawn FIFO, status histories, returns, refunds."""
    params = seed_settings.params()
    store = database.store()
    frames = orders_family.generate(
        params,
        read_family(store, "reference"),
        read_family(store, "clients"),
        read_family(store, "batches"),
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
