"""Strains California distributors really carry, and the `strains` table built from them."""

import numpy as np
import pandas as pd

from terp_seed.generate.reference import records_epoch
from terp_seed.params import SeedParams

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


def build_strains(params: SeedParams) -> pd.DataFrame:
    """Every strain once, variants linked to their parent ("White Runtz" -> "Runtz")."""
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
