import dagster as dg

from terp_seed.defs.family import materialize_family, read_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import clients as clients_family
from terp_seed.generate import invoices as invoices_family
from terp_seed.generate import reference as reference_family
from terp_seed.generate.numbering import NUMBER_FORMATS
from terp_seed.rules.core import markdown_table


@dg.asset(group_name="invoices", deps=["orders"], kinds={"python", "sql"})
def invoices(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Billing: an invoice per shipped sale, payments by each buyer's habit, aging receivables."""
    params = seed_settings.params()
    store = database.store()
    orders = read_family(store, invoices_family.ORDERS_TABLES_READ)
    # Every other family's numbered documents, so `sequences` stays past all of them.
    numbered = read_family(
        store,
        sorted({fmt.table for fmt in NUMBER_FORMATS} - set(orders) - set(invoices_family.TABLES)),
    )
    frames = invoices_family.generate(
        params,
        read_family(store, reference_family.TABLES),
        read_family(store, clients_family.TABLES),
        orders,
        numbered,
    )
    aging = invoices_family.aging_buckets(frames["invoices"], params.end)
    return materialize_family(
        context,
        store,
        params,
        frames,
        database.display_url,
        extra={
            "open receivables": float(aging["amount"].sum()),
            "AR aging": dg.MetadataValue.md(markdown_table(aging.to_dict("records"))),
        },
    )
