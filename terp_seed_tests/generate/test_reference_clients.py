import json
import re

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import clients, reference
from terp_seed.params import resolve_params
from terp_seed.schema import table_spec


def _hashes(frames):
    return {
        name: pd.util.hash_pandas_object(frame, index=True).sum() for name, frame in frames.items()
    }


@pytest.mark.parametrize("family", [reference, clients])
def test_same_seed_same_frames_other_seed_other_frames(family):
    params = resolve_params("full", {"seed": 7})
    first, again = family.generate(params), family.generate(params)
    for table in first:
        pd.testing.assert_frame_equal(first[table], again[table], obj=table)
    other = family.generate(resolve_params("full", {"seed": 8}))
    changed = [t for t in first if not first[t].equals(other[t])]
    assert changed, "another seed gave the same data in every table"


@pytest.mark.parametrize("family", [reference, clients])
def test_frames_use_schema_columns_and_fill_required_ones(family):
    for table, frame in family.generate(resolve_params("full")).items():
        spec = table_spec(table)
        unknown = set(frame.columns) - set(spec.column_names)
        assert not unknown, f"{table}: columns not in TERP's schema: {unknown}"
        required = {
            c.name
            for c in spec.columns
            if not c.nullable and not c.has_default and not c.autoincrement
        }
        assert required <= set(frame.columns), f"{table}: missing {required - set(frame.columns)}"


def test_reference_has_the_accounts_the_app_looks_up_by_name():
    accounts = reference.generate(resolve_params("full"))["accounts"]
    by_name = dict(zip(accounts["accountName"], accounts["accountNumber"], strict=True))
    expected = {
        "Cash": "1000",
        "Accounts Receivable": "1100",
        "Inventory": "1200",
        "Accounts Payable": "2000",
        "Sales Revenue": "4000",
        "Cost of Goods Sold": "5000",
        "Operating Expenses": "5100",
        "Bad Debt Expense": "5200",
    }
    for name, number in expected.items():
        assert by_name.get(name) == number, f"account {name!r} should be number {number}"


def test_fiscal_periods_cover_the_window_and_past_ones_are_closed():
    params = resolve_params("full", {"end": "2025-10-31"})
    periods = reference.generate(params)["fiscalPeriods"]
    assert len(periods) == params.months
    open_periods = periods[periods["status"] == "OPEN"]
    assert list(open_periods["periodName"]) == ["October 2025"], "only the as-of month stays open"


def test_users_have_unique_open_ids():
    users = reference.generate(resolve_params("stress"))["users"]
    assert users["openId"].is_unique


@pytest.mark.parametrize("profile", ["light", "full", "large"])
def test_buyers_are_b2b_accounts_with_the_profile_counts(profile):
    params = resolve_params(profile)
    frame = clients.generate(params)["clients"]
    buyers = frame[frame["is_buyer"] == 1]
    assert len(buyers) == params.buyers
    assert buyers["email"].isna().all() and buyers["address"].isna().all()
    assert buyers["name"].is_unique
    assert not buyers["name"].str.match(r"(?i)^(client|buyer|customer)\s*\d+$").any()
    phone = re.compile(r"^\([2-9]\d{2}\) [2-9](?!11)\d{2}-\d{4}$")
    bad = buyers[~buyers["phone"].map(lambda p: bool(phone.match(p)))]
    assert bad.empty, f"invalid phones: {bad[['id', 'phone']].head().to_dict('records')}"
    tags = buyers["tags"].map(json.loads)
    assert tags.map(lambda t: "whale" in t).sum() == params.whales
    assert frame["teri_code"].is_unique


def test_whales_hold_the_whale_share_of_expected_sales():
    params = resolve_params("full")
    weights = clients.buyer_sales_weights(params)
    assert weights.sum() == pytest.approx(1.0)
    assert weights[: params.whales].sum() == pytest.approx(params.whale_share)


def test_default_terms_put_about_half_of_sales_on_consignment():
    params = resolve_params("full")
    weights = clients.buyer_sales_weights(params)
    terms = clients.generate(params)["client_payment_terms_config"]["client_payment_terms"]
    share = weights[(terms == "CONSIGNMENT").to_numpy()].sum()
    assert abs(share - params.consignment_sales_share) < 0.05, f"consignment share {share:.3f}"


def test_payment_habits_span_early_to_distressed_and_whales_are_not_distressed():
    frame = clients.generate(resolve_params("full"))["clients"]
    tags = clients.buyer_tags(frame)
    assert set(tags["habit"]) >= {"early", "on_time", "late", "chronic_late", "distressed"}
    assert not (tags["is_whale"] & (tags["habit"] == "distressed")).any()
    assert 1 <= (tags["habit"] == "distressed").sum() <= 3


def test_suppliers_have_client_vendor_and_profile_linked_both_ways():
    frames = clients.generate(resolve_params("full"))
    sellers = frames["clients"][frames["clients"]["is_seller"] == 1]
    profiles = (
        frames["supplier_profiles"]
        .merge(
            sellers[["id", "name"]], left_on="client_id", right_on="id", suffixes=("", "_client")
        )
        .merge(
            frames["vendors"][["id", "name"]],
            left_on="legacy_vendor_id",
            right_on="id",
            suffixes=("", "_vendor"),
        )
    )
    assert len(profiles) == len(sellers) == len(frames["vendors"])
    assert (profiles["name"] == profiles["name_vendor"]).all()
    assert profiles["client_id"].is_unique
    assert np.isin(sellers["id"], frames["supplier_profiles"]["client_id"]).all()


def test_rules_name_the_tables_their_families_create():
    from terp_seed.rules import clients as clients_rules
    from terp_seed.rules import reference as reference_rules

    assert reference_rules.TABLES == reference.FAMILY.creates, "reference rules miss a table"
    assert clients_rules.TABLES == clients.FAMILY.creates, "clients rules miss a table"
