from terp_seed.defs.family import family_suite
from terp_seed.rules.clients import RULES

clients_suite = family_suite(
    "clients",
    RULES,
    "R15 and the profile's counts: buyers are real B2B accounts, suppliers fully linked.",
)
