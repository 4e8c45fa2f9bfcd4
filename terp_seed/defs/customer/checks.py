from terp_seed.defs.family import family_suite
from terp_seed.rules.customer import RULES

customer_suite = family_suite(
    "customer",
    RULES,
    "VIP tiers that follow spend, points that add up, referrals before first orders, live carts "
    "within list, portal logins that verify.",
)
