"""Property tests of the warehouse family: every batch's stock has a place, in its quantity."""

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import warehouse
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import generate_run, seeded_run

PROFILES = ["light", "full"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    run = seeded_run(profile)
    for table, frame in run.warehouse.items():
        assert_matches_schema(table, frame, cutoff_of(run.params))


@pytest.mark.parametrize("profile", PROFILES)
def test_live_locations_hold_exactly_each_batchs_on_hand(profile):
    run = seeded_run(profile)
    batches = run.tables()["batches"].set_index("id")
    located = run.warehouse["batchLocations"]
    live = located[located["deleted_at"].isna()].groupby("batchId")["qty"].sum()
    diff = (live.reindex(batches.index).fillna(0.0) - batches["onHandQty"]).abs()
    bad = diff.index[diff > 5e-5]
    assert not len(bad), f"batch {bad[0] if len(bad) else ''}: located qty differs from on hand"
    gone = located[located["deleted_at"].notna()]
    assert (gone["qty"] == 0).all(), (
        f"batchLocations {gone.loc[gone['qty'] != 0, 'id'].tolist()[:1]}"
    )
    sold_out = batches.index[batches["onHandQty"] <= 0]
    assert set(gone["batchId"]) == set(sold_out), "a sold-out batch keeps a live location"


@pytest.mark.parametrize("profile", PROFILES)
def test_locations_copy_a_real_bin_and_zone_assignments_agree(profile):
    run = seeded_run(profile)
    tables = run.tables()
    bins = tables["locations"][["site", "zone", "rack", "shelf", "bin"]]
    located = run.warehouse["batchLocations"][["site", "zone", "rack", "shelf", "bin"]]
    known = located.merge(bins.drop_duplicates(), how="left", indicator=True)
    assert (known["_merge"] == "both").all(), "a batch location names no real bin"
    zones = run.warehouse["batch_zone_assignments"].groupby("batch_id")["quantity"].sum()
    live = run.warehouse["batchLocations"]
    live = live[live["deleted_at"].isna()].groupby("batchId")["qty"].sum()
    assert np.allclose(zones.reindex(live.index).to_numpy(), live.to_numpy()), (
        "zone assignments and batch locations disagree"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_held_stock_sits_apart_and_packaging_batches_in_packaging(profile):
    run = seeded_run(profile)
    tables = run.tables()
    batches = tables["batches"].set_index("id")
    located = run.warehouse["batchLocations"]
    located = located[located["deleted_at"].isna()].set_index("batchId")
    held = batches.index[batches["batchStatus"].isin(["ON_HOLD", "QUARANTINED"])]
    held_rows = located.loc[located.index.isin(held)]
    assert (held_rows["rack"] == "R4").all() and (held_rows["zone"] == "Vault B").all(), (
        "held stock is not on the hold rack"
    )
    slug = tables["workflow_statuses"].set_index("id")["slug"]
    packing = batches.index[batches["statusId"].map(slug) == "packaging"]
    rows = located.loc[located.index.isin(packing)]
    assert (rows["zone"] == "Packaging").all(), "a batch being packed is not in Packaging"


def test_same_seed_same_frames():
    first = seeded_run("light").warehouse
    again = generate_run("light").warehouse
    for table, frame in first.items():
        pd.testing.assert_frame_equal(frame, again[table], obj=table)


def test_the_family_writes_what_it_declares():
    assert set(seeded_run("light").warehouse) == set(warehouse.TABLES)


@pytest.mark.parametrize("profile", PROFILES)
def test_count_corrections_keep_stock_whole_and_touch_only_consigned_batches(profile):
    run = seeded_run(profile)
    moves = run.orders["inventoryMovements"]
    batches = run.orders["batches"].set_index("id")
    adjustments = moves[moves["inventoryMovementType"] == "ADJUSTMENT"]
    assert len(adjustments), "no cycle count found anything"
    owned = batches.loc[adjustments["batchId"], "ownership_type"] != "CONSIGNED"
    assert not owned.any(), f"movement {adjustments['id'][owned.to_numpy()].tolist()[:1]}: owned"
    replay = moves.sort_values(["batchId", "createdAt", "id"], kind="stable")
    running = replay.groupby("batchId")["quantityChange"].cumsum()
    negative = replay.loc[running < -5e-5, "id"]
    assert not len(negative), f"movement {negative.tolist()[:1]}: stock below zero"
    on_hand = moves.groupby("batchId")["quantityChange"].sum().reindex(batches.index)
    assert np.allclose(on_hand.fillna(0), batches["onHandQty"]), "on hand differs from movements"
