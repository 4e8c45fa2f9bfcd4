from terp_seed.defs.family import family_suite
from terp_seed.rules.pricing import RULES

pricing_suite = family_suite(
    "pricing",
    RULES,
    "The price book links: profiles name real rules, buyers real profiles.",
)
