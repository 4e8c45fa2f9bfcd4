"""The orders and batches suites fail on deliberately corrupted frames, naming the row."""

import json

import pytest

from terp_seed.generate import batches, clients, orders, reference
from terp_seed.params import resolve_params
from terp_seed.rules import RuleContext, run_rules
from terp_seed.rules.orders import RULES
from terp_seed.store import Where, open_store


@pytest.fixture(scope="module")
def frames():
    params = resolve_params("light", {"end": "2025-10-31"})
    ref = reference.generate(params)
    cli = clients.generate(params)
    bat = batches.generate(params, ref, cli)
    return params, {**ref, **cli, **bat, **orders.generate(params, ref, cli, bat)}


def _audit(tmp_path, params, tables):
    store = open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    store.begin_shadow()
    store.write(tables)
    results = run_rules(store.url_of(Where.SHADOW), RULES, RuleContext(params), "orders")
    return {r.rule.check: r for r in results}


def test_integrity_rules_pass_on_generated_frames(tmp_path, frames):
    params, tables = frames
    results = _audit(tmp_path, params, tables)
    failed = [r.summary() for r in results.values() if r.rule.blocking and not r.passed]
    assert not failed, failed


def test_a_line_on_a_batch_received_later_fails_and_names_the_line(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    lines = tables["order_line_items"]
    first_line = lines.iloc[0]
    moves = tables["inventoryMovements"].copy()
    # The batch of the first line now arrives on the as-of date, after that line's order.
    intake = (moves["batchId"] == first_line["batch_id"]) & (
        moves["inventoryMovementType"] == "INTAKE"
    )
    moves.loc[intake, "createdAt"] = moves["createdAt"].max()
    tables["inventoryMovements"] = moves
    result = _audit(tmp_path, params, tables)["lines_draw_on_stock_received_before_the_order"]
    assert not result.passed
    assert int(first_line["id"]) in [row["id"] for row in result.offending]


def test_a_batch_driven_below_zero_fails_stock_never_goes_negative(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    moves = tables["inventoryMovements"].copy()
    sale = moves[moves["inventoryMovementType"] == "SALE"].index[0]
    moves.loc[sale, "quantityChange"] = -1_000_000.0
    tables["inventoryMovements"] = moves
    results = _audit(tmp_path, params, tables)
    assert not results["stock_never_goes_negative"].passed
    offending = results["stock_never_goes_negative"].offending
    assert int(moves.loc[sale, "id"]) in [r["id"] for r in offending]
    assert not results["on_hand_equals_sum_of_movements"].passed


def test_an_item_pointing_at_a_missing_batch_fails_and_names_the_order(tmp_path, frames):
    params, tables = frames
    tables = dict(tables)
    orders_frame = tables["orders"].copy()
    items = json.loads(orders_frame.loc[0, "items"])
    items[0]["batchId"] = 0  # what TERP's own seeders write
    orders_frame.loc[0, "items"] = json.dumps(items)
    tables["orders"] = orders_frame
    result = _audit(tmp_path, params, tables)["order_items_reference_existing_batches"]
    assert not result.passed
    assert result.offending[0]["order_id"] == int(orders_frame.loc[0, "id"])
