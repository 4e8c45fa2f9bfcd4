"""The customer family's frames: schema, determinism and the business facts they follow."""

import json

import pandas as pd
import pytest

from terp_seed.generate import customer
from terp_seed.generate.customer import vip
from terp_seed.generate.customer.plan import plan
from terp_seed.terp.customer import VIP_TIERS
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import generate_run, seeded_run

PROFILES = ["light", "full"]
# Expiries are scheduled: an alert or a shared link may expire after as-of.
SCHEDULED = ("expires_at", "share_expires_at", "expiresAt", "scheduledAt")


@pytest.mark.parametrize("profile", PROFILES)
def test_frames_match_the_schema(profile):
    run = seeded_run(profile)
    cutoff = cutoff_of(run.params)
    for table, frame in run.customer.items():
        # Scheduled moments are checked apart: they may lie after as-of, never before creation.
        scheduled = [c for c in SCHEDULED if c in frame]
        assert_matches_schema(table, frame.assign(**dict.fromkeys(scheduled, cutoff)), cutoff)


def test_same_params_give_identical_frames():
    first, second = seeded_run("light").customer, generate_run("light").customer
    for table, frame in first.items():
        pd.testing.assert_frame_equal(frame, second[table], obj=table)


@pytest.mark.parametrize("profile", PROFILES)
def test_clients_change_only_on_the_portal_columns(profile):
    run = seeded_run(profile)
    before, after = run.tables(through="ledger")["clients"], run.customer["clients"]
    unchanged = [c for c in before.columns if c not in ("vip_portal_enabled",)]
    pd.testing.assert_frame_equal(before[unchanged], after[unchanged])
    enabled = set(after.loc[after["vip_portal_enabled"] == 1, "id"])
    assert enabled == set(run.customer["vip_portal_auth"]["client_id"]), "portal flag vs logins"


@pytest.mark.parametrize("profile", PROFILES)
def test_invited_buyers_are_whales_first_and_bounded(profile):
    run = seeded_run(profile)
    tables = run.tables(through="ledger")
    invited = plan(run.params, tables).invited
    assert 0 < len(invited) <= 40
    whales = tables["clients"]["tags"].map(lambda t: "whale" in json.loads(t))
    whale_ids = set(tables["clients"].loc[whales, "id"])
    first = invited["client_id"].head(len(whale_ids & set(invited["client_id"])))
    assert set(first) <= whale_ids, f"a regular was invited before a whale: {list(first)}"


@pytest.mark.parametrize("profile", PROFILES)
def test_tiers_follow_year_to_date_spend(profile):
    run = seeded_run(profile)
    status = run.customer["client_vip_status"]
    minimum = {i + 1: tier.min_spend_ytd for i, tier in enumerate(VIP_TIERS)}
    short = status[status["ytd_spend"] < status["current_tier_id"].map(minimum)]
    assert short.empty, f"client {short['client_id'].tolist()[:3]} holds a tier it did not earn"


@pytest.mark.parametrize("profile", PROFILES)
def test_points_balances_are_ledger_sums(profile):
    frames = seeded_run(profile).customer
    sums = frames["points_ledger"].groupby("client_id")["points"].sum()
    summary = frames["client_points_summary"].set_index("client_id")["current_balance"]
    off = summary[summary != sums.reindex(summary.index).fillna(0)]
    assert off.empty, f"clients {off.index.tolist()[:3]} have balances off their ledger"
    assert (frames["points_ledger"]["balance_after"] >= 0).all(), "a balance went negative"


@pytest.mark.parametrize("profile", PROFILES)
def test_live_carts_are_the_orders_they_became(profile):
    run = seeded_run(profile)
    carts = run.customer["sessionCartItems"]
    batches = run.tables()["batches"].set_index("id")
    lists = batches["metadata"].map(lambda m: json.loads(m)["listPrice"])
    over = carts[carts["unitPrice"] > carts["batchId"].map(lists) + 0.005]
    assert over.empty, f"cart item {over['id'].tolist()[:3]} priced above list"


def test_portal_salts_are_keyed():
    run = seeded_run("light")
    customer_plan = plan(run.params, run.tables(through="ledger"))
    assert vip.keyed_salts(customer_plan, 3) == vip.keyed_salts(customer_plan, 3)
    assert len(set(vip.keyed_salts(customer_plan, 3))) == 3, "salts repeat between buyers"


def test_family_declares_what_it_writes():
    frames = seeded_run("light").customer
    assert set(frames) == set(customer.FAMILY.tables)
    assert not set(customer.EMPTY_WITH_REASON) & set(customer.FAMILY.creates)
