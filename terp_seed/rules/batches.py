"""Rules on the batches family (procure side): consignment share of intake, product mix, links."""

from terp_seed.rules.core import Rule
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.catalog import FLOWER, PROCURE_TABLES

# The procure side's tables: the catalogue, purchase orders, intake, lots, batches and bills.
PROCURE_TABLES = PROCURE_TABLES

# Intake cost of a batch: the units its INTAKE movements received, at its unit cost.
_INTAKE_COST = (
    "SELECT b.id, b.ownership_type, SUM(m.quantityChange) * b.unitCogs AS cost "
    "FROM batches b JOIN inventoryMovements m ON m.batchId = b.id "
    "AND m.inventoryMovementType = 'INTAKE' GROUP BY b.id, b.ownership_type, b.unitCogs"
)


def _share_bounds(attribute: str, width: float):
    return lambda c: (getattr(c.params, attribute) - width, getattr(c.params, attribute) + width)


RULES: tuple[Rule, ...] = (
    Rule(
        "R4",
        "consigned_batches_share_by_count",
        "About 90% of intake batches are held on consignment (by count).",
        "figure",
        "SELECT AVG(CASE WHEN ownership_type = 'CONSIGNED' THEN 1.0 ELSE 0.0 END) AS figure "
        "FROM batches",
        ("batches",),
        bounds=_share_bounds("consigned_batch_share", 0.03),
        blocking=False,
        unit="share",
    ),
    Rule(
        "R4",
        "consigned_batches_share_by_cost",
        "About 90% of intake cost is consigned stock.",
        "figure",
        "SELECT SUM(CASE WHEN ownership_type = 'CONSIGNED' THEN cost ELSE 0 END) / SUM(cost) "
        f"AS figure FROM ({_INTAKE_COST}) intake",
        ("batches", "inventoryMovements"),
        bounds=_share_bounds("consigned_batch_share", 0.03),
        blocking=False,
        unit="share",
    ),
    Rule(
        "R6",
        "flower_share_of_products",
        "About 90% of products are flower.",
        "figure",
        f"SELECT AVG(CASE WHEN category = '{FLOWER}' THEN 1.0 ELSE 0.0 END) AS figure "
        "FROM products",
        ("products",),
        bounds=_share_bounds("flower_share", 0.02),
        blocking=False,
        unit="share",
    ),
    Rule(
        "R12",
        "batch_status_history_moves_forward_in_time",
        "Each batch's workflow history starts where the last step ended, in time order.",
        "violations",
        "SELECT id, batchId, fromStatusId, toStatusId, createdAt FROM ("
        "SELECT h.*, LAG(toStatusId) OVER (PARTITION BY batchId ORDER BY createdAt, id) AS prev_to,"
        " LAG(createdAt) OVER (PARTITION BY batchId ORDER BY createdAt, id) AS prev_at"
        " FROM batch_status_history h) s "
        "WHERE (prev_to IS NULL AND fromStatusId IS NOT NULL) "
        "OR (prev_to IS NOT NULL AND (fromStatusId IS NULL OR fromStatusId <> prev_to)) "
        "OR createdAt < prev_at",
        ("batch_status_history",),
    ),
    Rule(
        "R14",
        "lots_name_one_supplier_twice",
        "Each lot's legacy vendor and supplier client are the same supplier.",
        "violations",
        "SELECT l.id, l.code, l.vendorId, l.supplier_client_id, sp.legacy_vendor_id "
        "FROM lots l LEFT JOIN supplier_profiles sp ON sp.client_id = l.supplier_client_id "
        "WHERE l.supplier_client_id IS NULL OR sp.legacy_vendor_id IS NULL "
        "OR sp.legacy_vendor_id <> l.vendorId",
        ("lots", "supplier_profiles"),
    ),
    links_resolve("batches", PROCURE_TABLES),
)
