"""Property tests of the procurement family: a receipt per intake counting what it received,
listings and reminders in time, determinism."""

import pandas as pd
import pytest

from terp_seed.generate import procurement
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]
# Listings expire and harvests fall after as-of: scheduled, not yet happened.
SCHEDULED = {"vendor_supply", "vendor_harvest_reminders"}


def _frames(profile: str):
    run = seeded_run(profile)
    return run, run.tables(), run.procurement


@pytest.mark.parametrize("profile", PROFILES)
def test_frames_match_the_schema(profile):
    run, _, frames = _frames(profile)
    assert set(frames) == set(procurement.TABLES)
    for table, frame in frames.items():
        cutoff = pd.Timestamp.max if table in SCHEDULED else cutoff_of(run.params)
        assert_matches_schema(table, frame, cutoff)
    cutoff = cutoff_of(run.params)
    for table in SCHEDULED:
        for column in ("created_at", "purchased_at", "contacted_at", "completed_at"):
            if column in frames[table]:
                late = frames[table][frames[table][column] > cutoff]
                assert late.empty, f"{table}.{column} after as-of at row {late['id'].iloc[0]}"


@pytest.mark.parametrize("profile", PROFILES)
def test_same_inputs_give_identical_frames(profile):
    run, tables, frames = _frames(profile)
    again = procurement.FAMILY.generate(run.params, tables)
    for table, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[table], obj=table)


@pytest.mark.parametrize("profile", PROFILES)
def test_each_intake_has_one_receipt_counting_what_it_received(profile):
    _, tables, frames = _frames(profile)
    sessions = tables["intake_sessions"]
    receipts = frames["intake_receipts"]
    assert len(receipts) == len(sessions), "not one receipt per intake session"
    matched = receipts.merge(
        sessions, left_on=["supplier_id", "finalized_at"], right_on=["vendor_id", "completed_at"]
    )
    assert len(matched) == len(sessions), "a receipt matches no intake of its supplier"
    counted = frames["intake_receipt_items"].groupby("receipt_id")["actual_quantity"].sum()
    received = tables["intake_session_batches"].groupby("intake_session_id")["received_qty"].sum()
    off = matched[
        (counted.reindex(matched["id_x"]).to_numpy() - received.reindex(matched["id_y"]).to_numpy())
        != 0
    ]
    assert off.empty, f"receipt {off['receipt_number'].iloc[0] if len(off) else ''} miscounts"
    year = receipts["receipt_number"].str[3:7]
    serial = receipts["receipt_number"].str[-5:].astype(int)
    assert (serial.to_numpy() == receipts.groupby(year).cumcount().to_numpy() + 1).all(), (
        "receipt numbers are not counted from 1 each year in order"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_discrepancies_only_where_a_count_differed(profile):
    _, _, frames = _frames(profile)
    items = frames["intake_receipt_items"]
    differs = (items["actual_quantity"] - items["expected_quantity"]).abs() > 1e-4
    assert set(frames["intake_discrepancies"]["item_id"]) == set(items.loc[differs, "id"])
    assert frames["vendor_returns"].empty and frames["vendor_return_items"].empty


@pytest.mark.parametrize("profile", PROFILES)
def test_listings_precede_purchases_and_reminders_their_harvest(profile):
    run, _, frames = _frames(profile)
    supply = frames["vendor_supply"]
    bought = supply[supply["status"] == "PURCHASED"]
    early = bought[
        (bought["reserved_at"] < bought["created_at"])
        | (bought["purchased_at"] < bought["reserved_at"])
    ]
    assert early.empty, f"listing {early['id'].iloc[0] if len(early) else ''} bought before listed"
    reminders = frames["vendor_harvest_reminders"]
    as_of = run.params.end
    ahead = reminders[reminders["status"] != "COMPLETED"]
    assert (ahead["expected_harvest_date"] > as_of).all(), "an open reminder's harvest has passed"
    assert (reminders["reminder_date"] < reminders["expected_harvest_date"]).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_nothing_recorded_before_its_supplier_and_keeper_were_on_file(profile):
    _, tables, frames = _frames(profile)
    vendors = tables["vendors"].set_index("id")["createdAt"]
    users = tables["users"].set_index("id")["createdAt"]
    for table in ("vendor_supply", "vendor_harvest_reminders"):
        frame = frames[table]
        early = frame[
            (frame["created_at"].to_numpy() < vendors.reindex(frame["vendor_id"]).to_numpy())
            | (frame["created_at"].to_numpy() < users.reindex(frame["created_by"]).to_numpy())
        ]
        assert early.empty, f"{table} row {early['id'].tolist()[:1]} predates its supplier or user"
