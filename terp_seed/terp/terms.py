"""Sales terms and buyer tags as TERP stores them.

`orders.paymentTerms` and `client_payment_terms_config.client_payment_terms` hold the term
names; `clients.payment_terms` holds their days. Buyers carry free-form JSON `tags`; this
business tags each buyer with its tier and payment habit, which reports and rules read back.
"""

# Sales terms a buyer may hold and the days they give; CONSIGNMENT is due at sell-through.
TERMS_DAYS = {"COD": 0, "NET_7": 7, "NET_15": 15, "NET_30": 30, "CONSIGNMENT": 45}
CONSIGNMENT_DUE_DAYS = TERMS_DAYS["CONSIGNMENT"]

# Tags on `clients.tags`: the tier (`whale` holds most sales) and `pays:<habit>`.
WHALE_TAG = "whale"
REGULAR_TAG = "regular"
HABIT_TAG_PREFIX = "pays:"
SUPPLIER_TAG = "supplier"
