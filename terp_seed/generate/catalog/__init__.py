"""The catalog a distributor sells from: strains, brands, categories and products.

The price list and sales classes are TERP vocabulary (`terp_seed.terp.catalog`), re-exported
here for the generators that read them.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.catalog.products import (
    STREAMS,
    build_brands,
    build_categories,
    build_products,
    build_subcategories,
    product_classes,
    product_count,
)
from terp_seed.generate.catalog.strains import STRAINS, build_strains
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import (
    CLASS_BY_KEY,
    FLOWER,
    LIST_PRICE_BY_SUBCATEGORY,
    SALES_CLASSES,
    SalesClass,
)

__all__ = [
    "CLASS_BY_KEY",
    "FLOWER",
    "LIST_PRICE_BY_SUBCATEGORY",
    "SALES_CLASSES",
    "STRAINS",
    "STREAMS",
    "SalesClass",
    "generate",
    "product_classes",
    "product_count",
]


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
    brands = build_brands(params, vendors)
    supplier_client_ids = np.array([client_of_vendor[v] for v in brands["vendorId"]])
    return {
        "strains": build_strains(params),
        "categories": build_categories(params),
        "subcategories": build_subcategories(params),
        "brands": brands,
        "products": build_products(params, brands, supplier_client_ids),
    }
