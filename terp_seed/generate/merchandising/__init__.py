"""Merchandising: how the catalogue is filed and found (grades, units, category tree, tags).

Everything here describes products the batches family created: the grade ladder its batches
carry, TERP's own units of measure, a category tree that mirrors `categories` /
`subcategories`, tags for strain type, effect, flavour and what sells, and the names buyers
ask for products by. Product photos stay empty: no batch has its photography done
(`batches.isPhotographyComplete` = 0), so there is nothing to show.
"""

import pandas as pd

from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.generate.merchandising.tags import (
    build_product_synonyms,
    build_product_tags,
    build_tag_group_members,
    build_tag_groups,
    build_tag_hierarchy,
    build_tags,
    plan_tags,
    top_sellers,
)
from terp_seed.generate.merchandising.taxonomy import (
    build_grades,
    build_product_categories,
    build_product_category_assignments,
    build_product_grades,
    build_unit_types,
    catalogue_opened,
)
from terp_seed.params import SeedParams
from terp_seed.schema import table_spec
from terp_seed.terp.merchandising import MERCHANDISING_TABLES

TABLES = MERCHANDISING_TABLES


def shipped_lines(tables: Tables) -> pd.DataFrame:
    """Order lines of orders that left the building (what actually sold)."""
    shipped = tables["orders"].loc[tables["orders"]["shipped_at"].notna(), "id"]
    lines = tables["order_line_items"]
    return lines[lines["order_id"].isin(shipped)]


def build(params: SeedParams, tables: Tables) -> Frames:
    """The merchandising tables over the products, strains and sales already seeded."""
    opened = catalogue_opened(tables)
    owner = int(tables["users"].loc[tables["users"]["role"] == "admin", "id"].min())
    tree = build_product_categories(tables["categories"], tables["subcategories"])
    plan = plan_tags(tables["categories"], tables["subcategories"])
    tags = build_tags(plan, opened)
    grows = tree.loc[tree["parent_id"].eq(tree.loc[tree["name"] == "Flower", "id"].min()), "name"]
    sellers = top_sellers(tables["products"], shipped_lines(tables), tables["batches"])
    return {
        "grades": build_grades(opened),
        "product_grades": build_product_grades(opened),
        "unit_types": build_unit_types(opened),
        "product_categories": tree,
        "product_category_assignments": build_product_category_assignments(
            tables["products"], tree
        ),
        "tags": tags,
        "tagGroups": build_tag_groups(opened, owner),
        "tagGroupMembers": build_tag_group_members(tags, opened),
        "tagHierarchy": build_tag_hierarchy(tags, grows.tolist(), opened),
        "productTags": build_product_tags(params, tables, tags, sellers),
        "productSynonyms": build_product_synonyms(tables["products"], tables["strains"]),
        # No photography was done on any batch: no media to list (see module docstring).
        "productMedia": empty("productMedia"),
        "product_images": empty("product_images"),
    }


def empty(table: str) -> pd.DataFrame:
    """A table with its schema's columns and no rows."""
    return pd.DataFrame({column.name: [] for column in table_spec(table).columns})


FAMILY = Family(
    name="merchandising",
    description="Grades, units, the category tree and tags over the seeded products.",
    upstream=("reference", "batches", "orders"),
    creates=TABLES,
    amends=(),
    build=build,
)
