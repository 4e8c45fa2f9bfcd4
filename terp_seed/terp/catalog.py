"""TERP's catalogue as this distributor sells it: categories, subcategories and list prices.

TERP has no list-price column, so the wholesale list price per subcategory lives here (and in
each batch's metadata JSON); generation prices lines from it and the rules read it back from
`products.category` / `products.subcategory` (R6: nothing sells above its list).
"""

import dataclasses

FLOWER = "Flower"


@dataclasses.dataclass(frozen=True)
class SalesClass:
    """A kind of product that is priced and stocked alike.

    Attributes:
        key: Short code used in SKUs ("IND", "VAP").
        category: `products.category` / `categories.name`.
        subcategory: `products.subcategory` / `subcategories.name`.
        uom: `products.uomSellable` (LB for flower).
        list_price: Wholesale list price per unit of measure; nothing sells above it.
        value_share: Share of sales value this class carries.
        cogs_low: Lowest unit cost as a share of list.
        cogs_high: Highest unit cost as a share of list.
        min_lot: Smallest quantity worth receiving as one batch.
    """

    key: str
    category: str
    subcategory: str
    uom: str
    list_price: float
    value_share: float
    cogs_low: float
    cogs_high: float
    min_lot: float

    @property
    def is_flower(self) -> bool:
        """Whether the class is flower (R6 counts these)."""
        return self.category == FLOWER


# Flower value splits 40/35/25 across grow types; the other 10% evenly across four
# categories. Unit costs sit at 60-68% of list so that, with volume discounts of up to 10%,
# every line's margin lands between 24% and 40%.
SALES_CLASSES: tuple[SalesClass, ...] = (
    SalesClass("IND", FLOWER, "Indoor", "LB", 1800.0, 0.90 * 0.40, 0.60, 0.68, 5.0),
    SalesClass("GRH", FLOWER, "Greenhouse", "LB", 1200.0, 0.90 * 0.35, 0.60, 0.68, 5.0),
    SalesClass("OUT", FLOWER, "Outdoor", "LB", 800.0, 0.90 * 0.25, 0.60, 0.68, 10.0),
    SalesClass("PRE", "Pre-Rolls", "Pre-Roll 5-Packs", "EA", 22.0, 0.025, 0.60, 0.68, 200.0),
    SalesClass("VAP", "Vapes", "1g Cartridges", "EA", 16.0, 0.025, 0.60, 0.68, 200.0),
    SalesClass("EDI", "Edibles", "100mg Packs", "EA", 9.0, 0.025, 0.60, 0.68, 300.0),
    SalesClass("CON", "Concentrates", "Live Resin", "G", 14.0, 0.025, 0.60, 0.68, 200.0),
)
CLASS_BY_KEY = {sales_class.key: sales_class for sales_class in SALES_CLASSES}
LIST_PRICE_BY_SUBCATEGORY = {c.subcategory: c.list_price for c in SALES_CLASSES}

# TERP's tables of this area: what the batches family fills and its rules audit.
PROCURE_TABLES = (
    "strains",
    "categories",
    "subcategories",
    "brands",
    "products",
    "purchaseOrders",
    "purchaseOrderItems",
    "intake_sessions",
    "intake_session_batches",
    "lots",
    "batches",
    "batch_status_history",
    "inventoryMovements",
    "bills",
    "billLineItems",
)
