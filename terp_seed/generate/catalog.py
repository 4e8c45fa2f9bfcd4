"""The catalog a distributor sells from: strains, brands, categories and products.

Ninety per cent of products are flower, split by how it was grown (indoor, greenhouse,
outdoor), each with its wholesale list price per pound; the rest are pre-rolls, vapes,
edibles and concentrates sold by the unit or the gram. TERP has no list-price column, so the
price lives here (`SALES_CLASSES`) and in each batch's metadata JSON, and rules read it back
from `products.category` / `products.subcategory`.
"""

import dataclasses

import numpy as np
import pandas as pd

from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "batches"  # the family key of this module's random streams

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

# (name, category) of strains California distributors really carry.
STRAINS: tuple[tuple[str, str], ...] = (
    ("Blue Dream", "Hybrid"),
    ("OG Kush", "Hybrid"),
    ("Sour Diesel", "Sativa"),
    ("Girl Scout Cookies", "Hybrid"),
    ("Gelato", "Hybrid"),
    ("Wedding Cake", "Indica"),
    ("Gorilla Glue #4", "Hybrid"),
    ("Granddaddy Purple", "Indica"),
    ("Jack Herer", "Sativa"),
    ("Green Crack", "Sativa"),
    ("Pineapple Express", "Hybrid"),
    ("Northern Lights", "Indica"),
    ("Durban Poison", "Sativa"),
    ("Zkittlez", "Indica"),
    ("Runtz", "Hybrid"),
    ("White Runtz", "Hybrid"),
    ("Ice Cream Cake", "Indica"),
    ("Purple Punch", "Indica"),
    ("Mimosa", "Sativa"),
    ("Tangie", "Sativa"),
    ("Sherbert", "Indica"),
    ("Sunset Sherbert", "Indica"),
    ("Do-Si-Dos", "Indica"),
    ("MAC 1", "Hybrid"),
    ("Apple Fritter", "Hybrid"),
    ("Biscotti", "Indica"),
    ("Cereal Milk", "Hybrid"),
    ("Lemon Cherry Gelato", "Hybrid"),
    ("Gary Payton", "Hybrid"),
    ("Jealousy", "Hybrid"),
    ("Permanent Marker", "Indica"),
    ("Super Lemon Haze", "Sativa"),
    ("Strawberry Cough", "Sativa"),
    ("Trainwreck", "Sativa"),
    ("Bubba Kush", "Indica"),
    ("Skywalker OG", "Indica"),
    ("Headband", "Hybrid"),
    ("Chemdawg", "Hybrid"),
    ("Cherry Pie", "Hybrid"),
    ("Forbidden Fruit", "Indica"),
    ("Tropicana Cookies", "Sativa"),
    ("Kush Mints", "Hybrid"),
    ("Animal Mints", "Hybrid"),
    ("Slurricane", "Indica"),
    ("Banana Kush", "Hybrid"),
    ("Grape Ape", "Indica"),
    ("Candyland", "Sativa"),
    ("Maui Wowie", "Sativa"),
    ("Lemon Tree", "Hybrid"),
    ("Papaya", "Indica"),
    ("Garlic Cookies", "Indica"),
    ("Blueberry", "Indica"),
    ("Acapulco Gold", "Sativa"),
    ("Ghost Train Haze", "Sativa"),
    ("Alien OG", "Hybrid"),
    ("Black Cherry Punch", "Indica"),
    ("Triangle Kush", "Indica"),
    ("Clementine", "Sativa"),
    ("Mendo Breath", "Indica"),
    ("Golden Goat", "Hybrid"),
)

BRAND_WORDS = (
    "Reserve",
    "Select",
    "Craft",
    "Estate",
    "Heritage",
    "Private Stock",
    "Small Batch",
    "Sungrown",
    "Top Shelf",
    "Classic",
)
EDIBLE_FLAVOURS = (
    "Watermelon Gummies",
    "Sour Apple Gummies",
    "Dark Chocolate Bar",
    "Mango Chews",
    "Blackberry Gummies",
    "Mint Chocolate",
    "Peach Rings",
    "Cold Brew Bites",
)


def product_count(params: SeedParams) -> int:
    """How many products the catalog holds: more buyers, a wider catalog (50 to 2,000)."""
    return int(np.clip(round(200 * np.sqrt(params.buyers / 60)), 50, 2000))


def _strains(params: SeedParams) -> pd.DataFrame:
    created = records_epoch(params) - pd.Timedelta(days=30)
    names = [name for name, _ in STRAINS]
    parent = {name: i + 1 for i, name in enumerate(names)}
    # Variants point at their family ("White Runtz" -> "Runtz", "Sunset Sherbert" -> "Sherbert").
    parents = [
        next((parent[base] for base in names if base != name and name.endswith(" " + base)), None)
        for name in names
    ]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(names) + 1),
            "name": names,
            "standardizedName": [name.lower().replace(" ", "-").replace("#", "") for name in names],
            "category": [category for _, category in STRAINS],
            "parentStrainId": pd.array(parents, dtype="Int64"),
            "baseStrainName": [
                name.split(" ")[-1] if p else name for name, p in zip(names, parents, strict=True)
            ],
            "createdAt": created,
            "updatedAt": created,
        }
    )


def _categories(params: SeedParams) -> tuple[pd.DataFrame, pd.DataFrame]:
    created = records_epoch(params)
    category_names = list(dict.fromkeys(c.category for c in SALES_CLASSES))
    category_id = {name: i + 1 for i, name in enumerate(category_names)}
    categories = pd.DataFrame(
        {
            "id": np.arange(1, len(category_names) + 1),
            "name": category_names,
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )
    subcategories = pd.DataFrame(
        {
            "id": np.arange(1, len(SALES_CLASSES) + 1),
            "categoryId": [category_id[c.category] for c in SALES_CLASSES],
            "name": [c.subcategory for c in SALES_CLASSES],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )
    return categories, subcategories


def _brands(params: SeedParams, vendors: pd.DataFrame) -> pd.DataFrame:
    """One house brand per supplier, named after the farm."""
    rng = stream(params.seed, STREAMS, "brands")
    vendor_ids = vendors["id"].astype(int).to_numpy()
    vendor_names = vendors["name"].astype(str).to_numpy()
    words = rng.choice(np.array(BRAND_WORDS), len(vendor_ids))
    names = [f"{name.split(' ')[0]} {word}" for name, word in zip(vendor_names, words, strict=True)]
    created = pd.to_datetime(vendors["createdAt"]).to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(vendor_ids) + 1),
            "name": names,
            "vendorId": vendor_ids,
            "description": [f"House brand of {name}" for name in vendor_names],
            "createdAt": created,
            "updatedAt": created,
        }
    )


def _products(
    params: SeedParams, brands: pd.DataFrame, supplier_client_ids: np.ndarray
) -> pd.DataFrame:
    """Products: flower is a strain grown one way by one supplier; others a branded item."""
    rng = stream(params.seed, STREAMS, "products")
    count = product_count(params)
    other_classes = [c for c in SALES_CLASSES if not c.is_flower]
    flower_classes = [c for c in SALES_CLASSES if c.is_flower]
    non_flower = round(count * (1.0 - params.flower_share))
    flower = count - non_flower
    # Flower products split across grow types in proportion to their value share.
    flower_shares = np.array([c.value_share for c in flower_classes])
    flower_counts = np.floor(flower * flower_shares / flower_shares.sum()).astype(int)
    flower_counts[0] += flower - flower_counts.sum()
    other_counts = np.full(len(other_classes), non_flower // len(other_classes))
    other_counts[: non_flower - other_counts.sum()] += 1
    class_keys = np.concatenate(
        [
            np.repeat([c.key for c in flower_classes], flower_counts),
            np.repeat([c.key for c in other_classes], other_counts),
        ]
    )
    brand_index = rng.integers(0, len(brands), count)
    strain_index = rng.integers(0, len(STRAINS), count)
    brand_names = brands["name"].to_numpy()[brand_index]
    strain_names = np.array([name for name, _ in STRAINS])[strain_index]
    names: list[str] = []
    seen: dict[str, int] = {}
    for key, brand, strain in zip(class_keys, brand_names, strain_names, strict=True):
        sales_class = CLASS_BY_KEY[key]
        if sales_class.is_flower:
            base = f"{strain} - {sales_class.subcategory} Flower ({brand})"
        elif key == "EDI":
            base = f"{brand} {EDIBLE_FLAVOURS[len(names) % len(EDIBLE_FLAVOURS)]}"
        else:
            base = f"{brand} {strain} {sales_class.subcategory}"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} #{seen[base]}")
    is_flower = np.array([CLASS_BY_KEY[k].is_flower for k in class_keys])
    created = records_epoch(params) + pd.to_timedelta(
        rng.integers(0, 20 * 24 * 60, count), unit="min"
    )
    return pd.DataFrame(
        {
            "id": np.arange(1, count + 1),
            "brandId": brands["id"].to_numpy()[brand_index],
            "supplier_client_id": supplier_client_ids[brand_index],
            "strainId": pd.array(
                [
                    None if key == "EDI" else int(s) + 1
                    for key, s in zip(class_keys, strain_index, strict=True)
                ],
                dtype="Int64",
            ),
            "nameCanonical": names,
            "category": [CLASS_BY_KEY[k].category for k in class_keys],
            "subcategory": [CLASS_BY_KEY[k].subcategory for k in class_keys],
            "uomSellable": [CLASS_BY_KEY[k].uom for k in class_keys],
            "description": np.where(is_flower, "Whole flower, sold by the pound", "Packaged goods"),
            "createdAt": created,
            "updatedAt": created,
        }
    )


def product_classes(products: pd.DataFrame) -> np.ndarray:
    """The sales-class key of each product row, read from its category and subcategory."""
    key_by_pair = {(c.category, c.subcategory): c.key for c in SALES_CLASSES}
    return np.array(
        [
            key_by_pair[(cat, sub)]
            for cat, sub in zip(products["category"], products["subcategory"], strict=True)
        ],
        dtype=object,
    )


def generate(params: SeedParams, clients: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Strains, categories, subcategories, brands and products.

    Args:
        params: The run's parameters.
        clients: The clients family's frames (vendors and supplier_profiles are read).

    Returns:
        Frames for strains, categories, subcategories, brands and products.
    """
    vendors = clients["vendors"].sort_values("id").reset_index(drop=True)
    profiles = clients["supplier_profiles"]
    client_of_vendor = dict(
        zip(
            profiles["legacy_vendor_id"].astype(int), profiles["client_id"].astype(int), strict=True
        )
    )
    brands = _brands(params, vendors)
    supplier_client_ids = np.array([client_of_vendor[v] for v in brands["vendorId"]])
    categories, subcategories = _categories(params)
    return {
        "strains": _strains(params),
        "categories": categories,
        "subcategories": subcategories,
        "brands": brands,
        "products": _products(params, brands, supplier_client_ids),
    }
