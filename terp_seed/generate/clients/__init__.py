"""The clients family: buyers (a few whales, many regulars) and suppliers.

Buyers are B2B accounts: a company name, a phone, terms, a credit limit, and no email or
address. Each buyer carries two tags later families read back from the database:
its tier (`whale` / `regular`) and its payment habit (`pays:<habit>`), which drives when its
invoices get paid and therefore how receivables age.

Suppliers are mid-migration in TERP: each is a `clients` row with is_seller, a legacy
`vendors` row (still required by lots, bills and payment history) and a `supplier_profiles`
row linking the two.
"""

import json

import pandas as pd

from terp_seed.generate.clients.buyers import (
    build_buyer_clients,
    build_client_credit_limits,
    build_client_payment_terms_config,
    buyer_sales_weights,
    plan_buyers,
)
from terp_seed.generate.clients.habits import PAYMENT_HABITS, PaymentHabit
from terp_seed.generate.clients.suppliers import (
    build_supplier_clients,
    build_supplier_profiles,
    build_vendors,
    plan_suppliers,
)
from terp_seed.generate.family import Family
from terp_seed.params import SeedParams
from terp_seed.terp.terms import (
    CONSIGNMENT_DUE_DAYS,
    HABIT_TAG_PREFIX,
    REGULAR_TAG,
    TERMS_DAYS,
    WHALE_TAG,
)

__all__ = [
    "CONSIGNMENT_DUE_DAYS",
    "FAMILY",
    "HABIT_TAG_PREFIX",
    "PAYMENT_HABITS",
    "REGULAR_TAG",
    "TABLES",
    "TERMS_DAYS",
    "WHALE_TAG",
    "PaymentHabit",
    "buyer_sales_weights",
    "buyer_tags",
    "generate",
]

STREAMS = "clients"  # the family key of this package's random streams
TABLES = (
    "clients",
    "client_payment_terms_config",
    "client_credit_limits",
    "vendors",
    "supplier_profiles",
)


def build_clients(buyers: pd.DataFrame, suppliers: pd.DataFrame) -> pd.DataFrame:
    """Every client: the buyers first, then the suppliers as seller clients."""
    return pd.concat(
        [build_buyer_clients(buyers), build_supplier_clients(suppliers)], ignore_index=True
    )


def generate(params: SeedParams) -> dict[str, pd.DataFrame]:
    """Buyers and suppliers for a run.

    Args:
        params: The run's parameters.

    Returns:
        Frames for clients (buyers first, then suppliers), client_payment_terms_config,
        client_credit_limits, vendors and supplier_profiles.
    """
    buyers = plan_buyers(params)
    suppliers = plan_suppliers(params, params.buyers + 1, set(buyers["name"]))
    return {
        "clients": build_clients(buyers, suppliers),
        "client_payment_terms_config": build_client_payment_terms_config(buyers),
        "client_credit_limits": build_client_credit_limits(buyers),
        "vendors": build_vendors(suppliers),
        "supplier_profiles": build_supplier_profiles(suppliers),
    }


def buyer_tags(clients: pd.DataFrame) -> pd.DataFrame:
    """Tier and payment habit of each buyer, read back from the `tags` JSON of `clients`.

    Returns:
        One row per buyer: `client_id`, `is_whale`, `habit`.
    """
    buyers = clients[clients["is_buyer"].astype(bool)]
    parsed = buyers["tags"].map(lambda raw: json.loads(raw) if isinstance(raw, str) else raw or [])
    habit = parsed.map(
        lambda tags: next(
            (t[len(HABIT_TAG_PREFIX) :] for t in tags if t.startswith(HABIT_TAG_PREFIX)), None
        )
    )
    return pd.DataFrame(
        {
            "client_id": buyers["id"].astype(int).to_numpy(),
            "is_whale": parsed.map(lambda tags: WHALE_TAG in tags).to_numpy(),
            "habit": habit.to_numpy(),
        }
    )


FAMILY = Family(
    name="clients",
    description="Buyers (whales, terms, credit limits, payment habits) and suppliers.",
    upstream=("reference",),
    creates=TABLES,
    amends=(),
    build=lambda params, tables: generate(params),
)
