from terp_seed.defs.family import family_suite
from terp_seed.rules.collections import RULES

collections_suite = family_suite(
    "collections",
    RULES,
    "Receipts that are payments taken, audited credit limits, payable notices with a cause.",
)
