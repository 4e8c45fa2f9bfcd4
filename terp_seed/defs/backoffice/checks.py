from terp_seed.defs.family import family_suite
from terp_seed.rules.backoffice import RULES

backoffice_suite = family_suite(
    "backoffice",
    RULES,
    "Stock alerts open exactly for the batches low or idle at as-of; a desk for every user.",
)
