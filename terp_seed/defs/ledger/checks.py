from terp_seed.defs.family import family_suite
from terp_seed.rules.ledger import RULES

ledger_suite = family_suite(
    "ledger",
    RULES,
    "Double entry; receivables, payables, inventory, revenue and cash equal to their subledgers.",
)
