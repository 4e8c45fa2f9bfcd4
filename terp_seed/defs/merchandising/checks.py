from terp_seed.defs.family import family_suite
from terp_seed.rules.merchandising import RULES

merchandising_suite = family_suite(
    "merchandising",
    RULES,
    "Grades and units the app offers; products filed under their category; tags on real products.",
)
