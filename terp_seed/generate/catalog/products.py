"""The products a distributor sells: brands, categories, subcategories and products.

Ninety per cent of products are flower, split by how it was grown (indoor, greenhouse,
outdoor), each with its wholesale list price per pound (`terp_seed.terp.catalog`); the rest
are pre-rolls, vapes, edibles and concentrates sold by the unit or the gram.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.catalog.strains import STRAINS
from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY, SALES_CLASSES

STREAMS = "batches"  # the family key of this module's random streams

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


def _category_names() -> list[str]:
    return list(dict.fromkeys(c.category for c in SALES_CLASSES))


def build_categories(params: SeedParams) -> pd.DataFrame:
    """One category per kind of product (Flower, Pre-Rolls, Vapes, ...)."""
    created = records_epoch(params)
    category_names = _category_names()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(category_names) + 1),
            "name": category_names,
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def build_subcategories(params: SeedParams) -> pd.DataFrame:
    """One subcategory per sales class (grow type for flower), under its category."""
    created = records_epoch(params)
    category_id = {name: i + 1 for i, name in enumerate(_category_names())}
    return pd.DataFrame(
        {
            "id": np.arange(1, len(SALES_CLASSES) + 1),
            "categoryId": [category_id[c.category] for c in SALES_CLASSES],
            "name": [c.subcategory for c in SALES_CLASSES],
            "isActive": 1,
            "createdAt": created,
            "updatedAt": created,
        }
    )


def build_brands(params: SeedParams, vendors: pd.DataFrame) -> pd.DataFrame:
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


def build_products(
    params: SeedParams, brands: pd.DataFrame, supplier_client_ids: np.ndarray
) -> pd.DataFrame:
    """Products: flower is a strain grown one way by one supplier; others a branded item.

    Args:
        params: The run's parameters.
        brands: The brands frame (one house brand per supplier).
        supplier_client_ids: The supplier client id of each brand row.

    Returns:
        The products frame, flower first, then packaged goods.
    """
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
