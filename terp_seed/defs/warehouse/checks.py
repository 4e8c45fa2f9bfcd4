from terp_seed.defs.family import family_suite
from terp_seed.rules.operations import RULES

warehouse_suite = family_suite(
    "warehouse",
    RULES,
    "Stock has a place in exactly its on-hand quantity; the workflow queue matches its history.",
)
