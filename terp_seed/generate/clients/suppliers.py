"""The suppliers, mid-migration in TERP: a seller client, a legacy vendor, a profile linking them.

Lots, bills and payment history still point at `vendors`; the newer screens read the
`clients` row and its `supplier_profiles` row, so every supplier has all three.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.names import SUPPLIER_SUFFIXES, business_names, person_names, phone_numbers
from terp_seed.generate.reference import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.terms import SUPPLIER_TAG

STREAMS = "clients"


def plan_suppliers(params: SeedParams, first_id: int, buyer_names: set[str]) -> pd.DataFrame:
    """One row per supplier: names, contact, terms and the ids of its three rows."""
    rng = stream(params.seed, STREAMS, "suppliers")
    count = params.suppliers
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
    created = records_epoch(params) - pd.to_timedelta(rng.integers(1, 60, count), unit="D")
    plan = pd.DataFrame(
        {
            "client_id": np.arange(first_id, first_id + count),
            "vendor_id": np.arange(1, count + 1),
            "name": names,
            "contact": contacts,
            "email": emails,
            "phone": phones,
            "terms": terms,
            "created": created,
            "payment_method": rng.choice(["ACH", "WIRE", "CHECK"], count, p=[0.6, 0.3, 0.1]),
        }
    )
    plan["tax_id"] = [
        f"{a:02d}-{b:07d}"
        for a, b in zip(rng.integers(10, 99, count), rng.integers(0, 10**7, count), strict=True)
    ]
    plan["license_number"] = [
        f"CCL{n:02d}-{m:07d}"
        for n, m in zip(rng.integers(18, 25, count), rng.integers(0, 10**7, count), strict=True)
    ]
    return plan


def build_supplier_clients(suppliers: pd.DataFrame) -> pd.DataFrame:
    """The suppliers' `clients` rows: sellers with a contact email, no credit."""
    created = suppliers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": suppliers["client_id"].to_numpy(),
            "version": 1,
            "teri_code": [f"SUP-{i:04d}" for i in suppliers["vendor_id"]],
            "name": suppliers["name"].to_numpy(),
            "email": suppliers["email"].to_numpy(),
            "phone": suppliers["phone"].to_numpy(),
            "businessType": "MANUFACTURER",
            "preferredContact": "EMAIL",
            "payment_terms": 30,
            "is_buyer": 0,
            "is_seller": 1,
            "is_brand": 0,
            "is_referee": 0,
            "is_contractor": 0,
            "tags": json.dumps([SUPPLIER_TAG]),
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


def build_vendors(suppliers: pd.DataFrame) -> pd.DataFrame:
    """The legacy `vendors` rows lots, bills and payment history still point at."""
    created = suppliers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": suppliers["vendor_id"].to_numpy(),
            "name": suppliers["name"].to_numpy(),
            "contactName": suppliers["contact"].to_numpy(),
            "contactEmail": suppliers["email"].to_numpy(),
            "contactPhone": suppliers["phone"].to_numpy(),
            "paymentTerms": suppliers["terms"].to_numpy(),
            "createdAt": created,
            "updatedAt": created,
        }
    )


def build_supplier_profiles(suppliers: pd.DataFrame) -> pd.DataFrame:
    """The profile linking each seller client to its legacy vendor, with tax and licence ids."""
    created = suppliers["created"].to_numpy()
    return pd.DataFrame(
        {
            "id": suppliers["vendor_id"].to_numpy(),
            "client_id": suppliers["client_id"].to_numpy(),
            "contact_name": suppliers["contact"].to_numpy(),
            "contact_email": suppliers["email"].to_numpy(),
            "contact_phone": suppliers["phone"].to_numpy(),
            "payment_terms": suppliers["terms"].to_numpy(),
            "legacy_vendor_id": suppliers["vendor_id"].to_numpy(),
            "preferred_payment_method": suppliers["payment_method"].to_numpy(),
            "tax_id": suppliers["tax_id"].to_numpy(),
            "license_number": suppliers["license_number"].to_numpy(),
            "created_at": created,
            "updated_at": created,
        }
    )
