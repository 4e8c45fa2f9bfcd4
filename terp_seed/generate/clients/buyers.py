"""The buyers: who they are, what share of sales each holds, their terms and credit limits."""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.clients.habits import assign_habits
from terp_seed.generate.names import BUYER_SUFFIXES, business_names, phone_numbers
from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.terms import (
    CONSIGNMENT_DUE_DAYS,
    HABIT_TAG_PREFIX,
    REGULAR_TAG,
    TERMS_DAYS,
    WHALE_TAG,
)

STREAMS = "clients"  # the family key of this package's random streams


def buyer_sales_weights(params: SeedParams) -> np.ndarray:
    """Each buyer's expected share of sales value, whales first (they are buyers 1..whales).

    The whales split `whale_share` and the regulars the rest, each group by a Dirichlet draw,
    so the split holds by construction and the orders family can target it exactly.
    """
    rng = stream(params.seed, STREAMS, "sales_weights")
    regulars = params.buyers - params.whales
    # Concentration 8 keeps whales comparable (no one whale is the whole business);
    # regulars are more uneven (concentration 2), as small accounts are.
    whale_weights = rng.dirichlet(np.full(params.whales, 8.0)) * params.whale_share
    regular_weights = rng.dirichlet(np.full(regulars, 2.0)) * (1.0 - params.whale_share)
    return np.concatenate([whale_weights, regular_weights])


def assign_terms(params: SeedParams, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Default terms per buyer, with CONSIGNMENT buyers holding about the consignment share.

    Buyers are visited in a random order and given CONSIGNMENT while that brings the
    consigned weight closer to its target; the orders family corrects the remainder order by
    order, so this only needs to be close.
    """
    terms = rng.choice(
        np.array(["COD", "NET_7", "NET_15", "NET_30"], dtype=object),
        len(weights),
        p=[0.2, 0.2, 0.25, 0.35],
    )
    consigned = 0.0
    for buyer in rng.permutation(len(weights)):
        if abs(consigned + weights[buyer] - params.consignment_sales_share) < abs(
            consigned - params.consignment_sales_share
        ):
            terms[buyer] = "CONSIGNMENT"
            consigned += weights[buyer]
    return terms


def plan_buyers(params: SeedParams) -> pd.DataFrame:
    """One row per buyer: tier, terms, habit, credit limit, when the account was opened."""
    rng = stream(params.seed, STREAMS, "buyers")
    count = params.buyers
    ids = np.arange(1, count + 1)
    weights = buyer_sales_weights(params)
    is_whale = ids <= params.whales
    terms = assign_terms(params, weights, stream(params.seed, STREAMS, "terms"))
    habits = assign_habits(params, stream(params.seed, STREAMS, "habits"))

    # Credit limits by tier, sized from expected purchases over the buyer's terms plus a
    # month of slack, rounded to $5,000 as a credit manager would set them: a buyer who pays
    # as agreed stays inside it; one who lets invoices pile up goes over and is put on COD.
    monthly_purchases = weights * params.monthly_sales
    terms_months = (np.array([TERMS_DAYS[term] for term in terms]) + 30.0) / 30.0
    tier_floor = np.where(is_whale, 100_000.0, 10_000.0)
    limit = np.maximum(tier_floor, monthly_purchases * terms_months * rng.uniform(1.2, 1.6, count))
    created = records_epoch(params) + pd.to_timedelta(
        rng.integers(0, 30 * 24 * 60, count), unit="min"
    )
    return pd.DataFrame(
        {
            "id": ids,
            "is_whale": is_whale,
            "terms": terms,
            "habit": habits,
            "credit_limit": np.round(limit / 5_000.0) * 5_000.0,
            "created": created,
            "name": business_names(params.seed, STREAMS, count, BUYER_SUFFIXES),
            "phone": phone_numbers(rng, count),
            "businessType": rng.choice(
                ["DISPENSARY", "RETAIL", "DELIVERY", "WHOLESALE"], count, p=[0.6, 0.2, 0.15, 0.05]
            ),
            "preferredContact": rng.choice(["PHONE", "TEXT", "ANY"], count, p=[0.5, 0.35, 0.15]),
        }
    )


def build_buyer_clients(buyers: pd.DataFrame) -> pd.DataFrame:
    """The buyers' `clients` rows: B2B accounts with a phone, terms and tags, no email."""
    tags = [
        json.dumps([WHALE_TAG if whale else REGULAR_TAG, f"{HABIT_TAG_PREFIX}{habit}"])
        for whale, habit in zip(buyers["is_whale"], buyers["habit"], strict=True)
    ]
    created = buyers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": buyers["id"].to_numpy(),
            "version": 1,
            "teri_code": [f"BUY-{i:05d}" for i in buyers["id"]],
            "name": buyers["name"].to_numpy(),
            "email": None,
            "phone": buyers["phone"].to_numpy(),
            "address": None,
            "businessType": buyers["businessType"].to_numpy(),
            "preferredContact": buyers["preferredContact"].to_numpy(),
            "payment_terms": [TERMS_DAYS[term] for term in buyers["terms"]],
            "is_buyer": 1,
            "is_seller": 0,
            "is_brand": 0,
            "is_referee": 0,
            "is_contractor": 0,
            "tags": tags,
            "cogsAdjustmentType": "NONE",
            "cogs_adjustment_value": 0.0,
            "auto_defer_consignment": (buyers["terms"] == "CONSIGNMENT").astype(int).to_numpy(),
            "total_spent": 0.0,
            "total_profit": 0.0,
            "avg_profit_margin": 0.0,
            "total_owed": 0.0,
            "oldest_debt_days": 0,
            "credit_limit": buyers["credit_limit"].to_numpy(),
            "credit_limit_updated_at": created,
            "creditLimitSource": "MANUAL",
            "vip_portal_enabled": 0,
            "created_at": created,
            "updated_at": created,
        }
    )


def build_client_payment_terms_config(buyers: pd.DataFrame) -> pd.DataFrame:
    """Each buyer's terms as the app's terms screen keeps them."""
    created = buyers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": buyers["id"].to_numpy(),
            "client_id": buyers["id"].to_numpy(),
            "client_payment_terms": buyers["terms"].to_numpy(),
            "consignment_due_days": CONSIGNMENT_DUE_DAYS,
            "late_fee_grace_days": 0,
            "show_terms_on_invoice": 1,
            "created_at": created,
            "updated_at": created,
        }
    )


def build_client_credit_limits(buyers: pd.DataFrame) -> pd.DataFrame:
    """Each buyer's credit limit as set by hand when the account opened."""
    created = buyers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": buyers["id"].to_numpy(),
            "client_id": buyers["id"].to_numpy(),
            "credit_limit": buyers["credit_limit"].to_numpy(),
            "current_exposure": 0.0,
            "utilization_percent": 0.0,
            "credit_health_score": 0.0,
            "base_capacity": buyers["credit_limit"].to_numpy(),
            "risk_modifier": 1.0,
            "directional_factor": 1.0,
            "mode": "ACTIVE",
            "confidence_score": 0.0,
            "data_readiness": 0.0,
            "trend": "STABLE",
            "last_calculated": created,
            "created_at": created,
            "updated_at": created,
        }
    )
