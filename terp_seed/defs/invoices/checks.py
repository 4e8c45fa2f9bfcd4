from terp_seed.defs.family import family_suite
from terp_seed.rules.invoices import RULES

invoices_suite = family_suite(
    "invoices",
    RULES,
    "Receivables aging; invoices, payments and buyer totals that agree; numbering the app trusts.",
)
