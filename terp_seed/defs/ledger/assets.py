import dagster as dg

from terp_seed.defs.family import materialize_family, read_family
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import ledger as ledger_family
from terp_seed.rules.core import markdown_table

# What the ledger reads, by the family that last wrote it.
INPUTS = {
    "reference": ("users", "accounts", "fiscalPeriods", "bankAccounts"),
    "clients": ("clients", "vendors", "supplier_profiles"),
    "batches": ("bills",),
    "orders": ("order_line_items", "returns", "vendor_payables", "batches"),
    "invoices": ("invoices", "payments", "credits"),
}


@dg.asset(group_name="ledger", deps=["invoices", "batches"], kinds={"python", "sql"})
def ledger(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """The books: every sale, credit, payment, bill and overhead posted; bank register; payables."""
    params = seed_settings.params()
    store = database.store()
    upstream = {family: read_family(store, tables) for family, tables in INPUTS.items()}
    frames = ledger_family.generate(
        params,
        upstream["reference"],
        upstream["clients"],
        upstream["batches"],
        upstream["orders"],
        upstream["invoices"],
    )
    balances = ledger_family.account_balances(
        frames["ledgerEntries"], upstream["reference"]["accounts"]
    )
    balance_of = balances.set_index("accountName")["balance"]
    debit_total, credit_total = float(balances["debit"].sum()), float(balances["credit"].sum())
    return materialize_family(
        context,
        store,
        params,
        frames,
        database.display_url,
        extra={
            "cash": float(balance_of[ledger_family.CASH]),
            "accounts receivable": float(balance_of[ledger_family.AR]),
            "inventory": float(balance_of[ledger_family.INVENTORY]),
            "accounts payable": -float(balance_of[ledger_family.AP]),
            "consignment payable": -float(balance_of[ledger_family.CONSIGNMENT_PAYABLE]),
            "total debits": round(debit_total, 2),
            "total credits": round(credit_total, 2),
            "trial balance": dg.MetadataValue.md(markdown_table(balances.to_dict("records"))),
        },
    )
