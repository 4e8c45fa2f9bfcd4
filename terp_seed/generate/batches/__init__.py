"""The batches family: the procure side, from purchase order to sellable stock.

Stock is bought ahead of demand (`plan`): for every product and month the family receives what
that month is expected to sell plus a safety margin. Each supplier delivery is one purchase
order, one intake session and one lot (`receipts`); each product in it becomes a batch with an
INTAKE movement and a workflow history (`stock`). Most stock is held on consignment and paid
for once sold (vendor payables, written by the orders family); office-owned stock is bought
outright and billed at intake.
"""

import pandas as pd

from terp_seed.calibration import monthly_targets
from terp_seed.generate import catalog
from terp_seed.generate.access.jobs import desk_staff
from terp_seed.generate.batches.plan import (
    RECEIPT_CUTOFF_DAYS,
    STREAMS,
    Suppliers,
    class_value_shares,
    group_receipts,
    plan_batches,
    plan_receipts,
    planned_receipts,
    staff_ids,
    workflow_ids,
)
from terp_seed.generate.batches.receipts import (
    build_bill_line_items,
    build_bills,
    build_intake_sessions,
    build_lots,
    build_purchase_order_items,
    build_purchase_orders,
    plan_purchase_orders,
)
from terp_seed.generate.batches.stock import (
    build_batch_status_history,
    build_batches,
    build_intake_session_batches,
    build_inventory_movements,
)
from terp_seed.generate.family import Family
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import PROCURE_TABLES

__all__ = [
    "FAMILY",
    "RECEIPT_CUTOFF_DAYS",
    "TABLES",
    "class_value_shares",
    "generate",
    "monthly_targets",
    "staff_ids",
    "workflow_ids",
]

# The tables this family writes (inventoryMovements: its INTAKE rows).
TABLES = PROCURE_TABLES


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """The procure side of a run: catalog, purchase orders, intake, lots, batches and bills.

    Args:
        params: The run's parameters.
        reference: The reference family's frames (users, workflow_statuses are read).
        clients: The clients family's frames (vendors, supplier_profiles are read).

    Returns:
        Frames for strains, categories, subcategories, brands, products, purchaseOrders,
        purchaseOrderItems, intake_sessions, intake_session_batches, lots, batches,
        batch_status_history, inventoryMovements (INTAKE rows), bills and billLineItems.
    """
    frames = catalog.generate(params, clients)
    products = frames["products"]
    rng = stream(params.seed, STREAMS, "receipts")
    planned = planned_receipts(params, products, rng)
    receipts, planned = group_receipts(params, planned, products, rng)

    owners, crew = staff_ids(reference["users"])
    # The inventory desk receives deliveries and moves batches through the workflow.
    floor = (crew, desk_staff(reference["users"], "inventory"))
    workflow = workflow_ids(reference["workflow_statuses"])
    suppliers = Suppliers.read(clients)
    batch_rng = stream(params.seed, STREAMS, "batches")
    plan = plan_batches(params, planned, receipts, products, suppliers, floor, batch_rng)
    delivered = plan_receipts(receipts, plan, suppliers, floor, owners, batch_rng)
    ordered = plan_purchase_orders(
        delivered, owners, stream(params.seed, STREAMS, "purchase_orders")
    )
    bill_lines = build_bill_line_items(
        plan, delivered, products, planned["product_index"].to_numpy()
    )
    frames.update(
        {
            "purchaseOrders": build_purchase_orders(delivered, ordered),
            "purchaseOrderItems": build_purchase_order_items(plan, ordered),
            "intake_sessions": build_intake_sessions(delivered),
            "intake_session_batches": build_intake_session_batches(plan),
            "lots": build_lots(delivered),
            "batches": build_batches(plan, workflow),
            "batch_status_history": build_batch_status_history(plan, workflow),
            "inventoryMovements": build_inventory_movements(plan, delivered),
            "bills": build_bills(params, delivered, bill_lines),
            "billLineItems": bill_lines,
        }
    )
    return frames


FAMILY = Family(
    name="batches",
    description="Stock coming in: catalog, purchase orders, intake, lots, batches, bills.",
    upstream=("reference", "clients"),
    creates=TABLES,
    amends=(),
    build=lambda params, tables: generate(params, tables, tables),
)
