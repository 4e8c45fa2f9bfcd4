"""The clients family: buyers (a few whales, many regulars) and suppliers.

Buyers are B2B accounts: a company name, a phone, terms, a credit limit, and no email or
address. Each buyer carries two tags later families read back from the database:
its tier (`whale` / `regular`) and its payment habit (`pays:<habit>`), which drives when its
invoices get paid and therefore how receivables age.

Suppliers are mid-migration in TERP: each is a `clients` row with is_seller, a legacy
`vendors` row (still required by lots, bills and payment history) and a `supplier_profiles`
row linking the two.
"""

import dataclasses
import json

import numpy as np
import pandas as pd

from terp_seed.generate.family import Family
from terp_seed.generate.names import (
    BUYER_SUFFIXES,
    SUPPLIER_SUFFIXES,
    business_names,
    person_names,
    phone_numbers,
)
from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "clients"  # the family key of this module's random streams
TABLES = (
    "clients",
    "client_payment_terms_config",
    "client_credit_limits",
    "vendors",
    "supplier_profiles",
)
WHALE_TAG = "whale"
REGULAR_TAG = "regular"
HABIT_TAG_PREFIX = "pays:"


@dataclasses.dataclass(frozen=True)
class PaymentHabit:
    """How a kind of buyer pays: days from due date to payment, and how often it never pays.

    Attributes:
        name: The habit, as tagged on the buyer (`pays:<name>`).
        share: Share of regular buyers with this habit.
        mean_days_late: Mean days after the due date (negative pays before it is due).
        spread_days: Standard deviation of those days.
        unpaid_rate: Chance that an invoice is still unpaid however old it is.
    """

    name: str
    share: float
    mean_days_late: float
    spread_days: float
    unpaid_rate: float


# "Some buyers always pay on time, some always late, one or two in real trouble".
PAYMENT_HABITS: tuple[PaymentHabit, ...] = (
    PaymentHabit("early", 0.15, -4.0, 2.0, 0.0),
    PaymentHabit("on_time", 0.45, 0.0, 1.5, 0.0),
    PaymentHabit("late", 0.25, 9.0, 5.0, 0.0),
    PaymentHabit("chronic_late", 0.12, 35.0, 15.0, 0.02),
    PaymentHabit("distressed", 0.03, 90.0, 40.0, 0.35),
)

# Sales terms a buyer may hold and the days they give; CONSIGNMENT is due at sell-through.
TERMS_DAYS = {"COD": 0, "NET_7": 7, "NET_15": 15, "NET_30": 30, "CONSIGNMENT": 45}
CONSIGNMENT_DUE_DAYS = TERMS_DAYS["CONSIGNMENT"]


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


def _assign_terms(params: SeedParams, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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


def _assign_habits(params: SeedParams, rng: np.random.Generator) -> np.ndarray:
    """Payment habit per buyer; whales are never the ones in real trouble."""
    shares = np.array([habit.share for habit in PAYMENT_HABITS])
    names = np.array([habit.name for habit in PAYMENT_HABITS], dtype=object)
    habits = rng.choice(names, params.buyers, p=shares / shares.sum())
    whales = np.arange(params.buyers) < params.whales
    habits[whales & (habits == "distressed")] = "late"
    # Every business of this size has one or two accounts in real trouble.
    troubled_wanted = max(1, round(0.03 * params.buyers))
    regulars = np.flatnonzero(~whales)
    already = np.flatnonzero(habits == "distressed")
    if len(already) < troubled_wanted:
        candidates = np.setdiff1d(regulars, already)
        extra = rng.choice(
            candidates, min(troubled_wanted - len(already), len(candidates)), replace=False
        )
        habits[extra] = "distressed"
    return habits


def _buyers(params: SeedParams) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = stream(params.seed, STREAMS, "buyers")
    count = params.buyers
    ids = np.arange(1, count + 1)
    weights = buyer_sales_weights(params)
    is_whale = ids <= params.whales
    terms = _assign_terms(params, weights, stream(params.seed, STREAMS, "terms"))
    habits = _assign_habits(params, stream(params.seed, STREAMS, "habits"))

    # Credit limits by tier, sized from expected purchases over the buyer's terms plus a
    # month of slack, rounded to $5,000 as a credit manager would set them: a buyer who pays
    # as agreed stays inside it; one who lets invoices pile up goes over and is put on COD.
    monthly_purchases = weights * params.monthly_sales
    terms_months = (np.array([TERMS_DAYS[term] for term in terms]) + 30.0) / 30.0
    tier_floor = np.where(is_whale, 100_000.0, 10_000.0)
    limit = np.maximum(tier_floor, monthly_purchases * terms_months * rng.uniform(1.2, 1.6, count))
    credit_limit = np.round(limit / 5_000.0) * 5_000.0

    epoch = records_epoch(params)
    created = epoch + pd.to_timedelta(rng.integers(0, 30 * 24 * 60, count), unit="min")
    tags = [
        json.dumps([WHALE_TAG if whale else REGULAR_TAG, f"{HABIT_TAG_PREFIX}{habit}"])
        for whale, habit in zip(is_whale, habits, strict=True)
    ]
    clients = pd.DataFrame(
        {
            "id": ids,
            "version": 1,
            "teri_code": [f"BUY-{i:05d}" for i in ids],
            "name": business_names(params.seed, STREAMS, count, BUYER_SUFFIXES),
            "email": None,
            "phone": phone_numbers(rng, count),
            "address": None,
            "businessType": rng.choice(
                ["DISPENSARY", "RETAIL", "DELIVERY", "WHOLESALE"], count, p=[0.6, 0.2, 0.15, 0.05]
            ),
            "preferredContact": rng.choice(["PHONE", "TEXT", "ANY"], count, p=[0.5, 0.35, 0.15]),
            "payment_terms": [TERMS_DAYS[term] for term in terms],
            "is_buyer": 1,
            "is_seller": 0,
            "is_brand": 0,
            "is_referee": 0,
            "is_contractor": 0,
            "tags": tags,
            "cogsAdjustmentType": "NONE",
            "cogs_adjustment_value": 0.0,
            "auto_defer_consignment": (terms == "CONSIGNMENT").astype(int),
            "total_spent": 0.0,
            "total_profit": 0.0,
            "avg_profit_margin": 0.0,
            "total_owed": 0.0,
            "oldest_debt_days": 0,
            "credit_limit": credit_limit,
            "credit_limit_updated_at": created,
            "creditLimitSource": "MANUAL",
            "vip_portal_enabled": 0,
            "created_at": created,
            "updated_at": created,
        }
    )
    terms_config = pd.DataFrame(
        {
            "id": ids,
            "client_id": ids,
            "client_payment_terms": terms,
            "consignment_due_days": CONSIGNMENT_DUE_DAYS,
            "late_fee_grace_days": 0,
            "show_terms_on_invoice": 1,
            "created_at": created,
            "updated_at": created,
        }
    )
    credit_limits = pd.DataFrame(
        {
            "id": ids,
            "client_id": ids,
            "credit_limit": credit_limit,
            "current_exposure": 0.0,
            "utilization_percent": 0.0,
            "credit_health_score": 0.0,
            "base_capacity": credit_limit,
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
    return clients, terms_config, credit_limits


def _suppliers(
    params: SeedParams, first_id: int, buyer_names: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = stream(params.seed, STREAMS, "suppliers")
    count = params.suppliers
    client_ids = np.arange(first_id, first_id + count)
    vendor_ids = np.arange(1, count + 1)
    names = business_names(params.seed, STREAMS, count, SUPPLIER_SUFFIXES, avoid=buyer_names)
    contacts = person_names(params.seed, f"{STREAMS}:supplier_contacts", count)
    emails = [
        f"{contact.split()[0].lower()}@{''.join(ch for ch in name.lower() if ch.isalnum())}.example"
        for contact, name in zip(contacts, names, strict=True)
    ]
    phones = phone_numbers(rng, count)
    # Consigned stock is paid once sold; owned stock on the supplier's invoice terms.
    terms = rng.choice(
        ["Consignment, paid on sell-through", "NET_30", "NET_15"], count, p=[0.7, 0.2, 0.1]
    )
    epoch = records_epoch(params)
    created = epoch - pd.to_timedelta(rng.integers(1, 60, count), unit="D")
    clients = pd.DataFrame(
        {
            "id": client_ids,
            "version": 1,
            "teri_code": [f"SUP-{i:04d}" for i in vendor_ids],
            "name": names,
            "email": emails,
            "phone": phones,
            "businessType": "MANUFACTURER",
            "preferredContact": "EMAIL",
            "payment_terms": 30,
            "is_buyer": 0,
            "is_seller": 1,
            "is_brand": 0,
            "is_referee": 0,
            "is_contractor": 0,
            "tags": json.dumps(["supplier"]),
            "cogsAdjustmentType": "NONE",
            "cogs_adjustment_value": 0.0,
            "auto_defer_consignment": 0,
            "total_spent": 0.0,
            "total_profit": 0.0,
            "avg_profit_margin": 0.0,
            "total_owed": 0.0,
            "oldest_debt_days": 0,
            "credit_limit": 0.0,
            "creditLimitSource": "CALCULATED",
            "vip_portal_enabled": 0,
            "created_at": created,
            "updated_at": created,
        }
    )
    vendors = pd.DataFrame(
        {
            "id": vendor_ids,
            "name": names,
            "contactName": contacts,
            "contactEmail": emails,
            "contactPhone": phones,
            "paymentTerms": terms,
            "createdAt": created,
            "updatedAt": created,
        }
    )
    supplier_profiles = pd.DataFrame(
        {
            "id": vendor_ids,
            "client_id": client_ids,
            "contact_name": contacts,
            "contact_email": emails,
            "contact_phone": phones,
            "payment_terms": terms,
            "legacy_vendor_id": vendor_ids,
            "preferred_payment_method": rng.choice(
                ["ACH", "WIRE", "CHECK"], count, p=[0.6, 0.3, 0.1]
            ),
            "tax_id": [
                f"{a:02d}-{b:07d}"
                for a, b in zip(
                    rng.integers(10, 99, count), rng.integers(0, 10**7, count), strict=True
                )
            ],
            "license_number": [
                f"CCL{n:02d}-{m:07d}"
                for n, m in zip(
                    rng.integers(18, 25, count), rng.integers(0, 10**7, count), strict=True
                )
            ],
            "created_at": created,
            "updated_at": created,
        }
    )
    return clients, vendors, supplier_profiles


def generate(params: SeedParams) -> dict[str, pd.DataFrame]:
    """Buyers and suppliers for a run.

    Args:
        params: The run's parameters.

    Returns:
        Frames for clients (buyers first, then suppliers), client_payment_terms_config,
        client_credit_limits, vendors and supplier_profiles.
    """
    buyers, terms_config, credit_limits = _buyers(params)
    suppliers, vendors, profiles = _suppliers(params, params.buyers + 1, set(buyers["name"]))
    return {
        "clients": pd.concat([buyers, suppliers], ignore_index=True),
        "client_payment_terms_config": terms_config,
        "client_credit_limits": credit_limits,
        "vendors": vendors,
        "supplier_profiles": profiles,
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
