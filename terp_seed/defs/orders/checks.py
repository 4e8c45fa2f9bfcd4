from terp_seed.defs.family import family_suite
from terp_seed.rules.orders import RULES

orders_suite = family_suite(
    "orders",
    RULES,
    "Revenue, seasonality, whale split, consignment, returns, mix; stock and history integrity.",
)
