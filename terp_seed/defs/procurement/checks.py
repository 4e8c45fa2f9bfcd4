from terp_seed.defs.family import family_suite
from terp_seed.rules.procurement import RULES

procurement_suite = family_suite(
    "procurement",
    RULES,
    "One finalized receipt per intake counting what was received; listings and reminders that "
    "precede the purchases they led to.",
)
