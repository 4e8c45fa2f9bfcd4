from terp_seed.defs.family import family_suite
from terp_seed.rules.access import RULES

access_suite = family_suite(
    "access",
    RULES,
    "R17: TERP's roles and grants exactly, every staff member a role and a working login, "
    "every actor allowed to act, flags seeded, an OPEN period covering the as-of date.",
)
