"""Procurement records around intake: supplier listings, harvest reminders, intake receipts.

Every row follows a purchase the batches family made: a supplier listed the harvest, the buyer
had been reminded of it, it arrived and was counted on an intake receipt. Discrepancies exist
only where a count differed from the order, and vendor returns only where goods went back to a
supplier; in this business neither happened (every purchase-order line was received exactly as
ordered, and every buyer return was restocked), so those tables stay empty rather than invent
stock that the ledger and the inventory movements do not know.
"""

import pandas as pd

from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.generate.procurement.receipts import (
    build_intake_discrepancies,
    build_intake_receipt_items,
    build_intake_receipts,
    plan_receipts,
)
from terp_seed.generate.procurement.supply import (
    build_vendor_harvest_reminders,
    build_vendor_supply,
)
from terp_seed.params import SeedParams
from terp_seed.schema import table_spec

TABLES = (
    "vendor_supply",
    "vendor_harvest_reminders",
    "intake_receipts",
    "intake_receipt_items",
    "intake_discrepancies",
    "vendor_returns",
    "vendor_return_items",
)


def empty(table: str) -> pd.DataFrame:
    """A table with its schema's columns and no rows."""
    return pd.DataFrame({column.name: [] for column in table_spec(table).columns})


def build(params: SeedParams, tables: Tables) -> Frames:
    """The procurement tables over the purchase orders and intakes already seeded."""
    plan = plan_receipts(tables)
    receipts = build_intake_receipts(params, plan)
    items = build_intake_receipt_items(tables, plan)
    return {
        "vendor_supply": build_vendor_supply(params, tables),
        "vendor_harvest_reminders": build_vendor_harvest_reminders(params, tables),
        "intake_receipts": receipts,
        "intake_receipt_items": items,
        "intake_discrepancies": build_intake_discrepancies(items, receipts),
        # No goods went back to a supplier (see the module docstring).
        "vendor_returns": empty("vendor_returns"),
        "vendor_return_items": empty("vendor_return_items"),
    }


FAMILY = Family(
    name="procurement",
    description="Supplier listings, harvest reminders and intake receipts behind every purchase.",
    upstream=("reference", "clients", "batches"),
    creates=TABLES,
    amends=(),
    build=build,
)
