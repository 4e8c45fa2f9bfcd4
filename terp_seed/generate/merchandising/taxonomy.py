"""How the catalogue is filed: grades, units of measure and the category tree over products."""

import numpy as np
import pandas as pd

from terp_seed.terp.merchandising import GRADE_LADDER, UNIT_TYPES, slug


def catalogue_opened(tables) -> pd.Timestamp:
    """When the catalogue was set up: the day its first category was created."""
    return pd.Timestamp(tables["categories"]["createdAt"].min())


def build_grades(opened: pd.Timestamp) -> pd.DataFrame:
    """The quality ladder as `grades` (TERP's A-D, and the AAA/AA that batches carry above)."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(GRADE_LADDER) + 1),
            "name": [grade.name for grade in GRADE_LADDER],
            "description": [grade.description for grade in GRADE_LADDER],
            "sortOrder": np.arange(1, len(GRADE_LADDER) + 1),
            "isActive": 1,
            "createdAt": opened,
            "updatedAt": opened,
        }
    )


def build_product_grades(opened: pd.Timestamp) -> pd.DataFrame:
    """The same ladder with the pricing the grade manager shows (`product_grades`)."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(GRADE_LADDER) + 1),
            "code": [grade.name for grade in GRADE_LADDER],
            "name": [grade.label for grade in GRADE_LADDER],
            "description": [grade.description for grade in GRADE_LADDER],
            "sort_order": np.arange(1, len(GRADE_LADDER) + 1),
            "color": [grade.color for grade in GRADE_LADDER],
            "pricing_multiplier": [grade.pricing_multiplier for grade in GRADE_LADDER],
            "suggested_markup_percent": [grade.markup_percent for grade in GRADE_LADDER],
            "is_active": 1,
            "created_at": opened,
            "updated_at": opened,
        }
    )


def build_unit_types(opened: pd.Timestamp) -> pd.DataFrame:
    """TERP's fourteen units of measure, as its start-up seeder writes them."""
    columns = (
        "code",
        "name",
        "description",
        "category",
        "conversion_factor",
        "base_unit_code",
        "sort_order",
    )
    frame = pd.DataFrame.from_records(UNIT_TYPES, columns=columns)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["conversion_factor"] = frame["conversion_factor"].astype(float)
    frame["is_active"] = 1
    frame["created_at"] = opened
    frame["updated_at"] = opened
    return frame


def build_product_categories(categories: pd.DataFrame, subcategories: pd.DataFrame) -> pd.DataFrame:
    """The category tree: each category at level 0, its subcategories beneath it.

    TERP's extended category screen keeps `path` as the ids from the root joined by "/".
    """
    roots = categories.sort_values("id").reset_index(drop=True)
    root_ids = pd.Series(np.arange(1, len(roots) + 1), index=roots["id"].to_numpy())
    children = subcategories.sort_values(["categoryId", "id"]).reset_index(drop=True)
    child_ids = np.arange(len(roots) + 1, len(roots) + len(children) + 1)
    parent_ids = root_ids.loc[children["categoryId"].to_numpy()].to_numpy()
    parent_slugs = roots.set_index("id")["name"].map(slug).loc[children["categoryId"]].to_numpy()
    tree = pd.DataFrame(
        {
            "id": np.concatenate([root_ids.to_numpy(), child_ids]),
            "name": pd.concat([roots["name"], children["name"]], ignore_index=True),
            "slug": [slug(name) for name in roots["name"]]
            + [f"{parent}-{slug(name)}" for parent, name in zip(parent_slugs, children["name"])],
            "parent_id": pd.array([pd.NA] * len(roots) + list(parent_ids), dtype="Int64"),
            "level": [0] * len(roots) + [1] * len(children),
            "path": [str(i) for i in root_ids]
            + [f"{parent}/{child}" for parent, child in zip(parent_ids, child_ids)],
            "sort_order": list(range(1, len(roots) + 1))
            + list(children.groupby("categoryId").cumcount() + 1),
            "is_active": 1,
            "created_at": pd.concat([roots["createdAt"], children["createdAt"]], ignore_index=True),
        }
    )
    tree["updated_at"] = tree["created_at"]
    return tree


def build_product_category_assignments(products: pd.DataFrame, tree: pd.DataFrame) -> pd.DataFrame:
    """Each product filed under its subcategory (primary) and that subcategory's category."""
    roots = tree[tree["level"] == 0].set_index("name")["id"]
    leaves = tree[tree["level"] == 1]
    leaf_of = leaves.assign(parent=leaves["parent_id"].astype(int)).set_index(["parent", "name"])[
        "id"
    ]
    ordered = products.sort_values("id")
    root = roots.loc[ordered["category"]].to_numpy()
    leaf = leaf_of.loc[list(zip(root, ordered["subcategory"]))].to_numpy()
    primary = pd.DataFrame(
        {"product_id": ordered["id"].to_numpy(), "category_id": leaf, "is_primary": 1}
    )
    parent = pd.DataFrame(
        {"product_id": ordered["id"].to_numpy(), "category_id": root, "is_primary": 0}
    )
    created = ordered.set_index("id")["createdAt"]
    frame = pd.concat([primary, parent]).sort_values(
        ["product_id", "is_primary"], ascending=[True, False]
    )
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["created_at"] = created.loc[frame["product_id"]].to_numpy()
    return frame.reset_index(drop=True)
