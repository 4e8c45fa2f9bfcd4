"""The R20 commerce-operations suite passes on generated frames and fails, naming the row,
when one row of a frame is corrupted."""

import pytest

from terp_seed.rules import RuleContext, run_rules
from terp_seed.rules.operations import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run


@pytest.fixture(scope="module")
def chain():
    run = seeded_run("light")
    return run.params, run.tables(), run.reference["workflow_statuses"]


def _audit(tmp_path, params, tables):
    store = open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    store.begin_shadow()
    store.write({k: v for k, v in tables.items() if k in _READ})
    results = run_rules(store.url_of(Where.SHADOW), RULES, RuleContext(params), "warehouse")
    return {r.rule.check: r for r in results}


_READ = {table for rule in RULES for table in rule.tables} | {"locations", "users", "products"}


def _slug_id(statuses, slug):
    return int(statuses.loc[statuses["slug"] == slug, "id"].iloc[0])


def test_the_suite_passes_on_generated_frames(tmp_path, chain):
    params, tables, _ = chain
    results = _audit(tmp_path, params, tables)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, failed


def _first_in_stock(tables):
    batches = tables["batches"]
    return batches.loc[batches["onHandQty"] > 0].iloc[0]


@pytest.mark.parametrize(
    ("table", "column", "check"),
    [
        ("batchLocations", "qty", "batch_locations_hold_exactly_the_on_hand"),
        ("batch_zone_assignments", "quantity", "zone_assignments_hold_exactly_the_on_hand"),
        ("site_inventory_counts", "quantity", "site_counts_hold_exactly_the_on_hand"),
    ],
)
def test_a_place_holding_one_unit_too_many_fails_and_names_the_batch(
    tmp_path, chain, table, column, check
):
    params, tables, _ = chain
    tables = dict(tables)
    batch = _first_in_stock(tables)
    frame = tables[table].copy()
    key = "batchId" if table == "batchLocations" else "batch_id"
    row = frame.index[frame[key] == batch["id"]][0]
    frame.loc[row, column] = frame.loc[row, column] + 1.0
    tables[table] = frame
    result = _audit(tmp_path, params, tables)[check]
    assert not result.passed
    assert int(batch["id"]) in [row["id"] for row in result.offending]


def test_a_batch_in_the_wrong_column_fails_and_names_it(tmp_path, chain):
    params, tables, statuses = chain
    tables = dict(tables)
    batches = tables["batches"].copy()
    ready = _slug_id(statuses, "ready-for-sale")
    target = batches.index[batches["statusId"] == ready][0]
    batches.loc[target, "statusId"] = _slug_id(statuses, "lab-testing")
    tables["batches"] = batches
    result = _audit(tmp_path, params, tables)
    assert not result["workflow_column_is_the_last_history_step"].passed
    offending = result["workflow_column_is_the_last_history_step"].offending
    assert int(batches.loc[target, "id"]) in [row["id"] for row in offending]
    # A LIVE batch now sits in lab testing: it is offered before it was ready.
    assert not result["batches_in_the_workflow_are_not_for_sale"].passed


def test_a_release_without_packaging_fails_and_names_the_batch(tmp_path, chain):
    params, tables, statuses = chain
    tables = dict(tables)
    history = tables["batch_status_history"].copy()
    packed = history.index[history["toStatusId"] == _slug_id(statuses, "packaging")][0]
    batch_id = int(history.loc[packed, "batchId"])
    tables["batch_status_history"] = history.drop(index=packed)
    result = _audit(tmp_path, params, tables)["ready_batches_went_through_packaging"]
    assert not result.passed
    assert batch_id in [row["batchId"] for row in result.offending]


def test_an_assignment_to_a_missing_zone_fails_the_links(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    assigned = tables["batch_zone_assignments"].copy()
    assigned.loc[assigned.index[0], "zone_id"] = 999
    tables["batch_zone_assignments"] = assigned
    result = _audit(tmp_path, params, tables)["warehouse_references_resolve"]
    assert not result.passed
    assert int(assigned.loc[assigned.index[0], "id"]) in [r["row_id"] for r in result.offending]


def test_a_profile_price_for_a_buyer_without_a_profile_fails(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    clients = tables["clients"].copy()
    lines = tables["order_line_items"]
    line = lines[lines["margin_source"] == "CUSTOMER_PROFILE"].iloc[0]
    client_id = tables["orders"].set_index("id").loc[line["order_id"], "client_id"]
    clients.loc[clients["id"] == client_id, "pricing_profile_id"] = None
    tables["clients"] = clients
    result = _audit(tmp_path, params, tables)["profile_priced_lines_belong_to_profile_holders"]
    assert not result.passed
    assert int(line["id"]) in [row["id"] for row in result.offending]


def test_a_default_line_off_its_category_margin_fails(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    lines = tables["order_line_items"].copy()
    row = lines.index[lines["margin_source"] == "DEFAULT"][0]
    lines.loc[row, "margin_percent"] = lines.loc[row, "margin_percent"] + 5.0
    tables["order_line_items"] = lines
    result = _audit(tmp_path, params, tables)["default_priced_lines_earn_their_category_margin"]
    assert not result.passed
    assert int(lines.loc[row, "id"]) in [r["id"] for r in result.offending]


def test_an_override_without_its_adjustment_fails(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    adjustments = tables["order_price_adjustments"]
    target = int(adjustments["target_id"].iloc[0])
    tables["order_price_adjustments"] = adjustments.iloc[1:]
    result = _audit(tmp_path, params, tables)["overridden_lines_carry_their_adjustment"]
    assert not result.passed
    assert target in [row["id"] for row in result.offending]


def test_a_sale_recorded_at_the_wrong_price_fails_and_names_the_order(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    history = tables["price_history"].copy()
    row = history.index[history["transaction_type"] == "SALE"][0]
    history.loc[row, "total_price"] = history.loc[row, "total_price"] + 10.0
    tables["price_history"] = history
    result = _audit(tmp_path, params, tables)["price_history_records_each_sale_at_its_lines"]
    assert not result.passed
    assert int(history.loc[row, "order_id"]) in [r["id"] for r in result.offending]


def test_an_adjustment_without_a_reason_fails_and_names_it(tmp_path, chain):
    params, tables, _ = chain
    tables = dict(tables)
    moves = tables["inventoryMovements"].copy()
    row = moves.index[moves["inventoryMovementType"] == "ADJUSTMENT"][0]
    moves.loc[row, "adjustmentReason"] = None
    tables["inventoryMovements"] = moves
    result = _audit(tmp_path, params, tables)["stock_adjustments_carry_a_reason"]
    assert not result.passed
    assert int(moves.loc[row, "id"]) in [r["id"] for r in result.offending]
