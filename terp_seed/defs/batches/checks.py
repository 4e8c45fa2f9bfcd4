from terp_seed.defs.family import family_suite
from terp_seed.rules.batches import RULES

batches_suite = family_suite(
    "batches",
    RULES,
    "R4 (90% consigned intake), R6 (90% flower products), workflow histories, every link.",
)
