from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset
from terp_seed.generate import ledger as ledger_family
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules.core import markdown_table


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    balances = ledger_family.account_balances(frames["ledgerEntries"], tables["accounts"])
    balance_of = balances.set_index("accountName")["balance"]
    debit_total, credit_total = float(balances["debit"].sum()), float(balances["credit"].sum())
    return {
        "cash": float(balance_of[ledger_family.CASH]),
        "accounts receivable": float(balance_of[ledger_family.AR]),
        "inventory": float(balance_of[ledger_family.INVENTORY]),
        "accounts payable": -float(balance_of[ledger_family.AP]),
        "consignment payable": -float(balance_of[ledger_family.CONSIGNMENT_PAYABLE]),
        "total debits": round(debit_total, 2),
        "total credits": round(credit_total, 2),
        "trial balance": dg.MetadataValue.md(markdown_table(balances.to_dict("records"))),
    }


ledger = family_asset("ledger", _figures)
