"""The warehouse family: the places stock is kept, and where every batch's stock sits at as-of.

It runs after orders, so it shelves each batch's final on-hand quantity: the site and its
storage zones (`places`), then `batchLocations`, zone assignments and the site's counts
(`shelving`), each summing to the batch's on hand. It changes no stock: the corrections the
cycle counts find are movements the orders family writes (`orders.counts`), before any other
family reads the batches.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.batches import staff_ids, workflow_ids
from terp_seed.generate.catalog import product_classes
from terp_seed.generate.family import Family
from terp_seed.generate.warehouse.places import build_sites, build_storage_zones
from terp_seed.generate.warehouse.shelving import (
    build_batch_locations,
    build_batch_zone_assignments,
    build_site_inventory_counts,
    place_stock,
)
from terp_seed.params import SeedParams

TABLES = (
    "sites",
    "storage_zones",
    "batchLocations",
    "batch_zone_assignments",
    "site_inventory_counts",
)


def _ints(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column).astype("int64").to_numpy()


def _movements(frame: pd.DataFrame) -> pd.DataFrame:
    """Movements with numbers and times as numbers and times (a database read gives text)."""
    moves = frame.copy()
    for column in ("id", "batchId", "performedBy"):
        moves[column] = _ints(moves[column])
    for column in ("quantityChange", "quantityBefore", "quantityAfter"):
        moves[column] = pd.to_numeric(moves[column].astype(object).map(float)).astype(float)
    moves["createdAt"] = pd.to_datetime(moves["createdAt"])
    return moves


def _batch_view(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Batches at as-of in id order, each one's sales class and workflow column."""
    batches = tables["batches"].copy()
    batches["id"] = _ints(batches["id"])
    batches["onHandQty"] = pd.to_numeric(batches["onHandQty"]).astype(float)
    batches["reservedQty"] = pd.to_numeric(batches["reservedQty"]).astype(float)
    batches = batches.sort_values("id").reset_index(drop=True)
    products = tables["products"].copy()
    products["id"] = _ints(products["id"])
    class_of = pd.Series(product_classes(products), index=products["id"])
    classes = class_of.reindex(_ints(batches["productId"])).to_numpy()
    slug = {v: k for k, v in workflow_ids(tables["workflow_statuses"]).items()}
    stage = np.array([slug.get(int(s)) for s in _ints(batches["statusId"])], dtype=object)
    return batches, classes, stage


def generate(params: SeedParams, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Sites, storage zones, batch locations, zone assignments and site counts at as-of.

    Args:
        params: The run's parameters.
        tables: Every table so far (locations, workflow_statuses, users, products, batches,
            inventoryMovements are read).

    Returns:
        Frames for sites, storage_zones, batchLocations, batch_zone_assignments and
        site_inventory_counts.
    """
    locations = tables["locations"].copy()
    locations["id"] = _ints(locations["id"])
    movements = _movements(tables["inventoryMovements"])
    batches, classes, stage = _batch_view(tables)
    _, floor = staff_ids(tables["users"])

    sites = build_sites(params, locations)
    zones = build_storage_zones(params, locations, sites)
    placement = place_stock(params, batches, classes, stage, movements, locations)
    return {
        "sites": sites,
        "storage_zones": zones,
        "batchLocations": build_batch_locations(placement, locations),
        "batch_zone_assignments": build_batch_zone_assignments(placement, locations, zones),
        "site_inventory_counts": build_site_inventory_counts(
            params, batches, placement, sites, floor
        ),
    }


FAMILY = Family(
    name="warehouse",
    description="Where stock is kept: the site, its zones, and every batch's bins at as-of.",
    upstream=("reference", "batches", "orders"),
    creates=TABLES,
    amends=(),
    build=generate,
)
