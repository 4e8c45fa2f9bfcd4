"""The orders family: stock that leaves through sales, and sometimes comes back.

`plan` decides the orders (sales calibrated to the monthly targets, whales and consignment,
plus cancelled sales, drafts and quotes), their lines, their fulfillment times and which come
back; `stock` fills the lines FIFO from what was ready for sale, in time order; then one
builder per table. Shipping lowers stock (SALE movements); a few orders come back whole
(RETURN movements and a RETURN credit), a few are refunded part of their total (a REFUND
credit). Consigned stock that sold becomes a vendor payable for the units sold at their cost.
"""

import numpy as np
import pandas as pd

from terp_seed.calibration import (
    REGULAR_ORDERS_PER_MONTH,
    WHALE_ORDERS_PER_WEEK,
    monthly_targets,
)
from terp_seed.generate.access.jobs import desk_staff
from terp_seed.generate.batches import staff_ids, workflow_ids
from terp_seed.generate.family import Family
from terp_seed.generate.orders import counts
from terp_seed.generate.orders.book import OrderBook
from terp_seed.generate.orders.counts import plan_adjustments
from terp_seed.generate.orders.history import build_price_history
from terp_seed.generate.orders.lines import (
    apply_overrides,
    build_order_line_items,
    order_items_json,
    order_totals,
    price_lines,
)
from terp_seed.generate.orders.movements import (
    build_batches,
    build_inventory_movements,
    build_vendor_payables,
    return_moves,
    sale_moves,
)
from terp_seed.generate.orders.plan import (
    STREAMS,
    as_of_cutoff,
    choose_returns_and_refunds,
    plan_lines,
    plan_orders,
    plan_timeline,
)
from terp_seed.generate.orders.pricing import (
    PriceBook,
    build_order_price_adjustments,
    choose_overrides,
)
from terp_seed.generate.orders.records import build_order_status_history, build_orders
from terp_seed.generate.orders.returns import build_credits, build_returns, credited_order_numbers
from terp_seed.generate.orders.stock import Shelf, coerce_upstream, fill_lines
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY
from terp_seed.terp.orders import FULFILLMENT_TRANSITIONS

__all__ = [
    "AMENDS",
    "CREATES",
    "FAMILY",
    "FULFILLMENT_TRANSITIONS",
    "REGULAR_ORDERS_PER_MONTH",
    "TABLES",
    "WHALE_ORDERS_PER_WEEK",
    "credited_order_numbers",
    "generate",
    "monthly_targets",
]

# The tables this family writes; batches and inventoryMovements whole, with its changes.
CREATES = (
    "orders",
    "order_line_items",
    "order_status_history",
    "returns",
    "credits",
    "vendor_payables",
    "order_price_adjustments",
    "price_history",
)
AMENDS = ("batches", "inventoryMovements")
TABLES = CREATES + AMENDS
_UPSTREAM = ("batches", "inventoryMovements", "batch_status_history", "products", "lots")


def _is_flower(shelf: Shelf) -> pd.Series:
    """Whether each batch is flower (counted in quarter pounds), by batch id."""
    members = shelf.class_members()
    flower_rows = np.concatenate([members[k] for k in members if CLASS_BY_KEY[k].is_flower])
    by_product = np.isin(np.arange(len(shelf.products)), flower_rows)
    return pd.Series(by_product[shelf.product_pos], index=shelf.batches["id"].to_numpy())


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
    batches: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """Orders, their lines, histories, stock movements, returns, credits and vendor payables.

    Args:
        params: The run's parameters.
        reference: The reference family's frames (users, workflow_statuses).
        clients: The clients family's frames (clients, client_payment_terms_config).
        batches: The batches family's frames (products, lots, batches, batch_status_history,
            inventoryMovements); may have been read back from the database.

    Returns:
        Frames for orders, order_line_items, order_status_history, returns, credits,
        vendor_payables, and the FULL final `batches` and `inventoryMovements` (the batches
        family's rows with this family's changes and SALE / RETURN rows added).
    """
    up = coerce_upstream({k: batches[k] for k in _UPSTREAM})
    cutoff = as_of_cutoff(params)
    shelf = Shelf.read(up, workflow_ids(reference["workflow_statuses"])["ready-for-sale"])

    prices = PriceBook.read(clients)
    plan = plan_orders(params, clients, cutoff)
    lines = plan_lines(params, plan, prices)
    steps = plan_timeline(params, plan, cutoff)
    returns_plan, refunds_plan = choose_returns_and_refunds(params, plan, steps, cutoff)
    filled = fill_lines(params, plan, lines, shelf, returns_plan)
    priced = price_lines(filled, lines, shelf, plan["client_id"].to_numpy(), prices)
    sale_lines = (plan["kind"].to_numpy() == "SALE")[priced["order_index"].to_numpy()]
    overrides = choose_overrides(params, priced, sale_lines)
    priced = apply_overrides(priced, overrides)

    # One stream for the records, drawn in table order: staff, orders, returns, credits, payables.
    rng = stream(params.seed, STREAMS, "records")
    # Each event by the desk whose work it is (access grants each job its role).
    desks = {
        job: desk_staff(reference["users"], job)
        for job in ("owner", "sales", "warehouse", "inventory")
    }
    desks["crew"] = np.concatenate(staff_ids(reference["users"]))
    book = OrderBook.staff(params, plan, steps, returns_plan, refunds_plan, cutoff, desks, rng)
    totals = order_totals(priced, len(book))
    orders = build_orders(book, totals, order_items_json(priced, len(book)), rng)
    returns = build_returns(book, priced, orders, rng)
    credits = build_credits(book, orders, rng)
    sales, restocks = sale_moves(book, priced, orders), return_moves(book, priced, returns)
    movements = build_inventory_movements(sales, restocks, up["inventoryMovements"])
    final = build_batches(book, shelf.batches, priced, movements)
    # The weekly cycle counts correct a few consigned batches (ADJUSTMENT movements).
    floor_crew = staff_ids(reference["users"])[1]
    found = plan_adjustments(
        params, final, _is_flower(shelf), movements, (floor_crew, desks["inventory"])
    )
    movements = counts.build_inventory_movements(movements, found)
    final = counts.build_batches(final, movements)
    line_items = build_order_line_items(priced, book.ids, plan["when"].to_numpy())
    return {
        "orders": orders,
        "order_line_items": line_items,
        "order_status_history": build_order_status_history(book),
        "returns": returns,
        "credits": credits,
        "vendor_payables": build_vendor_payables(book, sales, restocks, final, up["lots"], rng),
        "order_price_adjustments": build_order_price_adjustments(
            overrides, priced, line_items["id"].to_numpy(), orders
        ),
        "price_history": build_price_history(shelf, up["lots"], priced, book),
        "batches": final,
        "inventoryMovements": movements,
    }


FAMILY = Family(
    name="orders",
    description="Stock going out: sales and quotes, lines drawn FIFO, histories, returns, refunds.",
    upstream=("clients", "batches", "pricing"),
    creates=CREATES,
    amends=AMENDS,
    build=lambda params, tables: generate(params, tables, tables, tables),
)
