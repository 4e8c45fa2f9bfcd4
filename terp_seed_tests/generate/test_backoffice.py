"""Property tests of the back-office family: alerts on exactly the batches low or idle at
as-of, a desk for every user, determinism."""

import pandas as pd
import pytest

from terp_seed.generate import backoffice, registry
from terp_seed.terp.backoffice import LAYOUT_OF_ROLE, LAYOUT_PRESETS, low_stock_severity
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


def _frames(profile: str):
    run = seeded_run(profile)
    return run, run.tables(), run.backoffice


@pytest.mark.parametrize("profile", PROFILES)
def test_frames_match_the_schema(profile):
    run, _, frames = _frames(profile)
    assert set(frames) == set(backoffice.TABLES)
    for table, frame in frames.items():
        assert_matches_schema(table, frame, cutoff_of(run.params))


@pytest.mark.parametrize("profile", PROFILES)
def test_same_inputs_give_identical_frames(profile):
    run, tables, frames = _frames(profile)
    again = backoffice.FAMILY.generate(run.params, tables)
    for table, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[table], obj=table)


@pytest.mark.parametrize("profile", PROFILES)
def test_low_stock_alerts_on_exactly_the_low_live_batches(profile):
    _, tables, frames = _frames(profile)
    batches = tables["batches"].set_index("id")
    low = batches[
        (batches["batchStatus"] == "LIVE")
        & (batches["onHandQty"] > 0)
        & (batches["onHandQty"] <= 10)
    ]
    alerts = frames["inventoryAlerts"].query("inventoryAlertType == 'LOW_STOCK'")
    assert set(alerts["batchId"]) == set(low.index), (
        f"alerted but not low: {sorted(set(alerts['batchId']) - set(low.index))[:3]}, "
        f"low but not alerted: {sorted(set(low.index) - set(alerts['batchId']))[:3]}"
    )
    on_hand = batches.loc[alerts["batchId"], "onHandQty"].to_numpy()
    assert (alerts["currentValue"].to_numpy() == on_hand.round(2)).all()
    assert list(alerts["alertSeverity"]) == [low_stock_severity(q) for q in on_hand]
    moved = tables["inventoryMovements"].groupby("batchId")["createdAt"].min()
    early = alerts[alerts["createdAt"].to_numpy() < moved.reindex(alerts["batchId"]).to_numpy()]
    assert early.empty, f"alert {early['id'].tolist()[:1]} before its batch arrived"


@pytest.mark.parametrize("profile", PROFILES)
def test_slow_moving_alerts_only_on_batches_unsold_for_90_days(profile):
    run, tables, frames = _frames(profile)
    slow = frames["inventoryAlerts"].query("inventoryAlertType == 'SLOW_MOVING'")
    orders = tables["orders"].set_index("id")["shipped_at"]
    lines = tables["order_line_items"]
    sold = lines.assign(at=orders.reindex(lines["order_id"]).to_numpy()).dropna(subset=["at"])
    recent = sold[sold["at"] > pd.Timestamp(run.params.end) - pd.Timedelta(days=90)]
    busy = set(slow["batchId"]) & set(recent["batch_id"])
    assert not busy, f"slow-moving alerts on batches sold within 90 days: {sorted(busy)[:3]}"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_user_has_a_desk_on_their_roles_preset(profile):
    _, tables, frames = _frames(profile)
    users = tables["users"].set_index("id")
    prefs = frames["userDashboardPreferences"].set_index("userId")
    assert set(prefs.index) == set(users.index), "a user without dashboard preferences"
    expected = users["role"].map(LAYOUT_OF_ROLE)
    assert (prefs["activeLayout"] == expected.reindex(prefs.index)).all()
    layouts = frames["dashboard_widget_layouts"]
    for role, layout in LAYOUT_OF_ROLE.items():
        widgets = layouts.loc[layouts["role"] == role, "widgetType"].tolist()
        assert widgets == [w for w, _, _ in LAYOUT_PRESETS[layout]], f"{role} layout differs"
    assert set(frames["notification_preferences"]["user_id"]) == set(users.index)


def test_alerts_are_drawn_on_the_final_stock():
    # Stock alerts describe the batches as they stand at as-of: every family that writes stock
    # must run before backoffice, in the chain and in the Dagster graph (its upstream).
    ancestors = {family.name for family in registry.ancestors("backoffice")}
    stock = {"batches", "inventoryMovements", "order_line_items"}
    writers = [f.name for f in registry.FAMILIES if stock & set(f.tables)]
    missing = [name for name in writers if name not in ancestors]
    assert not missing, f"add {missing} to backoffice's upstream: they change stock it alerts on"
