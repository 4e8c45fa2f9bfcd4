from terp_seed.defs.family import family_suite
from terp_seed.rules.people import RULES

people_suite = family_suite(
    "people",
    RULES,
    "The people side is true: real records and staff, in time, audit = history, calls and "
    "credit reviews only where the balance says so, mentions that resolve.",
)
