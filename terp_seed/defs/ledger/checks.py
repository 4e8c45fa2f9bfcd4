from terp_seed.defs.family import family_suite
from terp_seed.rules.app_ledgers import RULES as APP_LEDGER_RULES
from terp_seed.rules.ledger import RULES

# R18 reads the books (Cash) as well as the receivables, so it runs once the ledger is written.
ledger_suite = family_suite(
    "ledger",
    (*RULES, *APP_LEDGER_RULES),
    "Double entry; receivables, payables, inventory, revenue and cash equal to their subledgers;"
    " every screen of the app that shows money (credits, client ledger, cash, credit limits,"
    " sales) agrees with the books.",
)
