from collections.abc import Mapping

from terp_seed.defs.family import family_asset, money, table
from terp_seed.generate import ledger as ledger_family
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    balances = ledger_family.account_balances(frames["ledgerEntries"], tables["accounts"])
    balance_of = balances.set_index("accountName")["balance"]
    debit_total, credit_total = float(balances["debit"].sum()), float(balances["credit"].sum())
    return {
        **money("cash", balance_of[ledger_family.CASH]),
        **money("accounts receivable", balance_of[ledger_family.AR]),
        **money("inventory", balance_of[ledger_family.INVENTORY]),
        **money("accounts payable", -balance_of[ledger_family.AP]),
        **money("consignment payable", -balance_of[ledger_family.CONSIGNMENT_PAYABLE]),
        **money(
            "cash on hand (dashboard)", float(frames["cash_locations"]["current_balance"].sum())
        ),
        **money("total debits", debit_total),
        **money("total credits", credit_total),
        "trial balance": table(balances.to_dict("records")),
    }


ledger = family_asset("ledger", _figures)
