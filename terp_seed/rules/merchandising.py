"""Rules on how the catalogue is filed: grades, units, the category tree and product tags.

R20 (commerce operations): every batch's grade is on the grade ladder and every product's unit
is one of TERP's unit types, so the intake and sales screens offer what the stock carries;
each product is filed once as primary, under the node of its own subcategory and category;
product tags point at real products and tags, once each, and a strain-type tag agrees with the
product's strain. R14: every declared or app-level link resolves.
"""

from terp_seed.rules.core import Rule
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.merchandising import MERCHANDISING_TABLES

TABLES = MERCHANDISING_TABLES

GRADES_OFF_LADDER = (
    "SELECT b.id AS batch_id, b.code, b.grade FROM batches b "
    "LEFT JOIN grades g ON g.name = b.grade AND g.deleted_at IS NULL "
    "WHERE b.grade IS NOT NULL AND g.id IS NULL ORDER BY b.id"
)

UNITS_UNKNOWN = (
    "SELECT p.id AS product_id, p.uomSellable FROM products p "
    "LEFT JOIN unit_types u ON u.code = p.uomSellable "
    "WHERE u.id IS NULL ORDER BY p.id"
)

MISFILED_PRODUCTS = (
    "SELECT p.id AS product_id, p.category, p.subcategory, COUNT(a.id) AS primary_filings, "
    "MIN(leaf.name) AS filed_under, MIN(root.name) AS filed_in "
    "FROM products p "
    "LEFT JOIN product_category_assignments a ON a.product_id = p.id AND a.is_primary = 1 "
    "LEFT JOIN product_categories leaf ON leaf.id = a.category_id "
    "LEFT JOIN product_categories root ON root.id = leaf.parent_id "
    "GROUP BY p.id, p.category, p.subcategory "
    "HAVING COUNT(a.id) <> 1 OR MIN(leaf.name) <> p.subcategory OR MIN(root.name) <> p.category "
    "OR MIN(leaf.name) IS NULL OR MIN(root.name) IS NULL ORDER BY p.id"
)

STRAY_PRODUCT_TAGS = (
    "SELECT pt.id, pt.productId, pt.tagId, 'no such product or tag' AS problem "
    "FROM productTags pt LEFT JOIN products p ON p.id = pt.productId "
    "LEFT JOIN tags t ON t.id = pt.tagId WHERE p.id IS NULL OR t.id IS NULL "
    "UNION ALL SELECT MIN(id), productId, tagId, 'tagged twice' FROM productTags "
    "WHERE deleted_at IS NULL GROUP BY productId, tagId HAVING COUNT(*) > 1"
)

WRONG_STRAIN_TYPE = (
    "SELECT pt.id, p.id AS product_id, s.name AS strain, s.category AS strain_type, "
    "t.name AS tagged FROM productTags pt JOIN tags t ON t.id = pt.tagId "
    "JOIN products p ON p.id = pt.productId LEFT JOIN strains s ON s.id = p.strainId "
    "WHERE t.category = 'STRAIN' AND pt.deleted_at IS NULL "
    "AND (s.id IS NULL OR LOWER(s.category) <> LOWER(t.name)) ORDER BY pt.id"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "R20",
        "batch_grades_on_the_grade_ladder",
        "Every batch's grade is a grade TERP's intake and inventory screens offer.",
        "violations",
        GRADES_OFF_LADDER,
        ("batches", "grades"),
    ),
    Rule(
        "R20",
        "product_units_are_terp_unit_types",
        "Every product sells in a unit of measure TERP defines (unit_types).",
        "violations",
        UNITS_UNKNOWN,
        ("products", "unit_types"),
    ),
    Rule(
        "R20",
        "products_filed_under_their_own_category",
        "Each product is filed once as primary, under its subcategory within its category.",
        "violations",
        MISFILED_PRODUCTS,
        ("products", "product_category_assignments", "product_categories"),
    ),
    Rule(
        "R20",
        "product_tags_on_real_products_once",
        "Product tags name a real product and a real tag, each pair once.",
        "violations",
        STRAY_PRODUCT_TAGS,
        ("productTags", "products", "tags"),
    ),
    Rule(
        "R20",
        "strain_type_tags_match_the_strain",
        "A product's Indica / Sativa / Hybrid tag is its strain's type.",
        "violations",
        WRONG_STRAIN_TYPE,
        ("productTags", "tags", "products", "strains"),
    ),
    links_resolve("merchandising", TABLES),
)
