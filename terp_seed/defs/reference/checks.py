from terp_seed.defs.family import family_suite
from terp_seed.rules.reference import RULES

reference_suite = family_suite(
    "reference",
    RULES,
    "The accounts the app posts to exist, the fiscal calendar covers the window and is closed.",
)
