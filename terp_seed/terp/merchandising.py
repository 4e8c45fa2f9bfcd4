"""TERP's product taxonomy vocabulary: grades, units of measure, tag categories.

TERP seeds `grades` (A to D) and `unit_types` (14 codes) itself at start-up, but only into
empty tables (server/services/seedDefaults.ts): a seeded database must carry them, or the app's
defaults never appear. This distributor also grades flower AAA and AA above TERP's A, so its
ladder is AAA, AA, then TERP's four.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Grade:
    """One rung of the quality ladder (`grades.name`, `product_grades.code`).

    Attributes:
        name: The grade as batches carry it (`batches.grade`).
        label: A readable name for `product_grades.name`.
        description: What the grade means on the sales floor.
        pricing_multiplier: Price relative to grade A (`product_grades.pricing_multiplier`).
        markup_percent: Suggested markup over cost (`product_grades.suggested_markup_percent`).
        color: Badge colour in the app.
    """

    name: str
    label: str
    description: str
    pricing_multiplier: float
    markup_percent: float
    color: str


GRADE_LADDER: tuple[Grade, ...] = (
    Grade("AAA", "Triple A", "Exotic top shelf, hand-selected", 1.15, 45.0, "#7C3AED"),
    Grade("AA", "Double A", "Premium shelf", 1.05, 38.0, "#2563EB"),
    # TERP's own four (seedDefaultGrades), with its descriptions.
    Grade("A", "Grade A", "Top shelf quality", 1.0, 32.0, "#059669"),
    Grade("B", "Grade B", "Mid-tier quality", 0.85, 25.0, "#D97706"),
    Grade("C", "Grade C", "Budget quality", 0.7, 20.0, "#DC2626"),
    Grade("D", "Grade D", "Economy quality", 0.55, 15.0, "#6B7280"),
)
GRADE_NAMES = tuple(grade.name for grade in GRADE_LADDER)

# TERP's unit types exactly as seedDefaultUnitTypes writes them:
# (code, name, description, category, conversion_factor, base_unit_code, sort_order).
UNIT_TYPES: tuple[tuple[str, str, str, str, float, str | None, int], ...] = (
    ("EA", "Each", "Individual unit count", "COUNT", 1, None, 10),
    ("G", "Gram", "Weight in grams", "WEIGHT", 1, None, 20),
    ("OZ", "Ounce", "Weight in ounces (28.3495g)", "WEIGHT", 28.3495, "G", 30),
    ("LB", "Pound", "Weight in pounds (453.592g)", "WEIGHT", 453.592, "G", 40),
    ("KG", "Kilogram", "Weight in kilograms (1000g)", "WEIGHT", 1000, "G", 50),
    ("ML", "Milliliter", "Volume in milliliters", "VOLUME", 1, None, 60),
    ("L", "Liter", "Volume in liters (1000ml)", "VOLUME", 1000, "ML", 70),
    ("PKG", "Package", "Pre-packaged unit (variable contents)", "PACKAGED", 1, None, 80),
    ("PK5", "Pack of 5", "5-unit package", "PACKAGED", 5, "EA", 85),
    ("BOX", "Box", "Box container (packaged)", "PACKAGED", 1, None, 90),
    ("PK10", "Pack of 10", "10-unit package", "PACKAGED", 10, "EA", 95),
    ("CASE", "Case", "Case container (packaged)", "PACKAGED", 1, None, 100),
    ("CASE24", "Case (24)", "Case containing 24 units", "PACKAGED", 24, "EA", 105),
    ("PALLET", "Pallet", "Standard pallet (quantity varies by product)", "PACKAGED", 1, None, 110),
)
UNIT_CODES = tuple(unit[0] for unit in UNIT_TYPES)

# `tags.category` values (the enum) and the groups the tag manager shows them in.
STRAIN_TYPE_TAGS = ("Indica", "Sativa", "Hybrid")
EFFECT_TAGS = ("Relaxing", "Uplifting", "Sleepy", "Focused", "Euphoric", "Creative")
FLAVOR_TAGS = ("Citrus", "Berry", "Tropical", "Earthy", "Pine", "Diesel", "Sweet", "Spicy")
# Flavours a buyer asks for as "fruity": the parent tag of these in `tagHierarchy`.
FRUITY = "Fruity"
FRUITY_FLAVORS = ("Citrus", "Berry", "Tropical")
TOP_SELLER = "Top Seller"
FRESH_DROP = "Fresh Drop"
# A product is a fresh drop while its latest batch was received within this many days of as-of.
FRESH_DROP_DAYS = 14
# Products whose quantity sold is in the top share of their category are top sellers.
TOP_SELLER_SHARE = 0.1


def slug(text: str) -> str:
    """The lower-case, dash-separated form TERP keeps in slugs and standardized names."""
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)


# TERP's tables of this area: what the merchandising family fills and its rules audit.
MERCHANDISING_TABLES = (
    "grades",
    "product_grades",
    "unit_types",
    "product_categories",
    "product_category_assignments",
    "tags",
    "tagGroups",
    "tagGroupMembers",
    "tagHierarchy",
    "productTags",
    "productSynonyms",
    "productMedia",
    "product_images",
)
