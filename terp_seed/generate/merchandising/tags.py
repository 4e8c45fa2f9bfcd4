"""Tags the sales team files products under, and the names buyers ask for them by."""

import numpy as np
import pandas as pd

from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.merchandising import (
    EFFECT_TAGS,
    FLAVOR_TAGS,
    FRESH_DROP,
    FRESH_DROP_DAYS,
    FRUITY,
    FRUITY_FLAVORS,
    STRAIN_TYPE_TAGS,
    TOP_SELLER,
    TOP_SELLER_SHARE,
    slug,
)

STREAMS = "merchandising"
FLOWER = "Flower"
# Tag manager groups, in the order the screen lists them, with each group's colour.
GROUPS = (
    ("Strain type", "STRAIN", "#16A34A"),
    ("Product type", "TYPE", "#2563EB"),
    ("Effects", "EFFECT", "#9333EA"),
    ("Flavors", "FLAVOR", "#EA580C"),
    ("Merchandising", "STATUS", "#DC2626"),
)


def plan_tags(categories: pd.DataFrame, subcategories: pd.DataFrame) -> pd.DataFrame:
    """Every tag with its category: strain types, product types, effects, flavours, status."""
    flower_id = categories.loc[categories["name"] == FLOWER, "id"]
    grows = subcategories.loc[subcategories["categoryId"].isin(flower_id), "name"].tolist()
    rows = (
        [(name, "STRAIN") for name in STRAIN_TYPE_TAGS]
        + [(name, "TYPE") for name in categories.sort_values("id")["name"]]
        + [(name, "TYPE") for name in grows]
        + [(name, "EFFECT") for name in EFFECT_TAGS]
        + [(FRUITY, "FLAVOR")]
        + [(name, "FLAVOR") for name in FLAVOR_TAGS]
        + [(TOP_SELLER, "STATUS"), (FRESH_DROP, "STATUS")]
    )
    return pd.DataFrame(rows, columns=["name", "category"]).drop_duplicates("name")


def build_tags(plan: pd.DataFrame, opened: pd.Timestamp) -> pd.DataFrame:
    """`tags`: one row per planned tag, coloured by its group."""
    colour = {category: color for _, category, color in GROUPS}
    return pd.DataFrame(
        {
            "id": np.arange(1, len(plan) + 1),
            "name": plan["name"].to_numpy(),
            "standardizedName": [slug(name) for name in plan["name"]],
            "category": plan["category"].to_numpy(),
            "color": plan["category"].map(colour).to_numpy(),
            "createdAt": opened,
            "updatedAt": opened,
        }
    )


def build_tag_groups(opened: pd.Timestamp, owner: int) -> pd.DataFrame:
    """`tagGroups`: the manager's groups, set up by the owner when the catalogue opened."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(GROUPS) + 1),
            "name": [name for name, _, _ in GROUPS],
            "color": [color for _, _, color in GROUPS],
            "createdBy": owner,
            "createdAt": opened,
            "updatedAt": opened,
        }
    )


def build_tag_group_members(tags: pd.DataFrame, opened: pd.Timestamp) -> pd.DataFrame:
    """`tagGroupMembers`: each tag in the group of its category."""
    group_of = {category: i + 1 for i, (_, category, _) in enumerate(GROUPS)}
    return pd.DataFrame(
        {
            "id": np.arange(1, len(tags) + 1),
            "groupId": tags["category"].map(group_of).to_numpy(),
            "tagId": tags["id"].to_numpy(),
            "createdAt": opened,
        }
    )


def build_tag_hierarchy(tags: pd.DataFrame, grows: list[str], opened: pd.Timestamp) -> pd.DataFrame:
    """`tagHierarchy`: Flower above its grow types, Fruity above the fruit flavours."""
    id_of = tags.set_index("name")["id"]
    pairs = [(FLOWER, grow) for grow in grows] + [(FRUITY, flavor) for flavor in FRUITY_FLAVORS]
    pairs = [(parent, child) for parent, child in pairs if parent in id_of and child in id_of]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(pairs) + 1),
            "parentTagId": [int(id_of[parent]) for parent, _ in pairs],
            "childTagId": [int(id_of[child]) for _, child in pairs],
            "createdAt": opened,
        }
    )


def strain_profiles(params: SeedParams, strains: pd.DataFrame) -> pd.DataFrame:
    """One effect and one flavour per strain, drawn once so every product of a strain agrees."""
    rng = stream(params.seed, STREAMS, "strain_profiles")
    ordered = strains.sort_values("id")
    return pd.DataFrame(
        {
            "effect": np.array(EFFECT_TAGS)[rng.integers(0, len(EFFECT_TAGS), len(ordered))],
            "flavor": np.array(FLAVOR_TAGS)[rng.integers(0, len(FLAVOR_TAGS), len(ordered))],
        },
        index=ordered["id"].to_numpy(),
    )


def top_sellers(products: pd.DataFrame, lines: pd.DataFrame, batches: pd.DataFrame) -> set[int]:
    """Products whose shipped quantity is in the top tenth of their category."""
    product_of = batches.set_index("id")["productId"]
    sold = lines.groupby(product_of.reindex(lines["batch_id"]).to_numpy())["quantity"].sum()
    ranked = products.assign(sold=products["id"].map(sold).fillna(0.0))
    ranked = ranked[ranked["sold"] > 0]
    cut = ranked.groupby("category")["sold"].transform(lambda s: s.quantile(1 - TOP_SELLER_SHARE))
    return set(ranked.loc[ranked["sold"] >= cut, "id"].astype(int))


def build_product_tags(
    params: SeedParams, tables, tags: pd.DataFrame, sellers: set[int]
) -> pd.DataFrame:
    """`productTags`: type, strain type, effect and flavour; top sellers; fresh drops."""
    products = tables["products"].sort_values("id")
    strains = tables["strains"].set_index("id")
    profiles = strain_profiles(params, tables["strains"])
    latest_batch = tables["batches"].groupby("productId")["createdAt"].max()
    id_of = tags.set_index("name")["id"]
    as_of = pd.Timestamp(params.end)
    rows = []
    for product in products.itertuples(index=False):
        names = [product.category]
        if product.category == FLOWER:
            names.append(product.subcategory)
        if pd.notna(product.strainId):
            strain = int(product.strainId)
            names += [strains.at[strain, "category"], *profiles.loc[strain]]
        stamps = [product.createdAt] * len(names)
        if product.id in sellers:
            names.append(TOP_SELLER)
            stamps.append(max(product.createdAt, as_of - pd.Timedelta(days=7)))
        arrived = latest_batch.get(product.id)
        if arrived is not None and arrived >= as_of - pd.Timedelta(days=FRESH_DROP_DAYS):
            names.append(FRESH_DROP)
            stamps.append(arrived)
        rows += [(product.id, int(id_of[name]), at) for name, at in zip(names, stamps)]
    frame = pd.DataFrame(rows, columns=["productId", "tagId", "createdAt"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def build_product_synonyms(products: pd.DataFrame, strains: pd.DataFrame) -> pd.DataFrame:
    """`productSynonyms`: the name without its brand, and "<strain> <subcategory>"."""
    ordered = products.sort_values("id")
    strain_name = strains.set_index("id")["name"]
    unbranded = ordered["nameCanonical"].str.replace(r"\s*\([^)]*\)$", "", regex=True)
    spoken = [
        f"{strain_name[int(s)]} {sub}" if pd.notna(s) else None
        for s, sub in zip(ordered["strainId"], ordered["subcategory"])
    ]
    frame = pd.DataFrame(
        {
            "productId": np.concatenate([ordered["id"].to_numpy()] * 2),
            "synonym": list(unbranded) + spoken,
            "createdAt": np.concatenate([ordered["createdAt"].to_numpy()] * 2),
        }
    ).dropna(subset=["synonym"])
    frame = frame.drop_duplicates(["productId", "synonym"]).sort_values("productId", kind="stable")
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)
