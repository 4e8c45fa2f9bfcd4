"""Property tests of the orders family: calibration (R1-R6), stock (R11) and time (R12)."""

import json

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import batches, catalog, orders
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


def _run(profile: str, seed: int = 42) -> tuple:
    run = seeded_run(profile, seed)
    # Orders read the buyers as the pricing family left them, with its price book.
    return run.params, run.reference, {**run.clients, **run.pricing}, run.batches, run.orders


def _sales(frames) -> pd.DataFrame:
    o = frames["orders"]
    return o[(o["orderType"] == "SALE") & (o["is_draft"] == 0) & (o["saleStatus"] != "CANCELLED")]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    params, _, _, _, frames = _run(profile)
    for table, frame in frames.items():
        assert_matches_schema(table, frame, cutoff_of(params))


@pytest.mark.parametrize("profile", PROFILES)
def test_r1_r2_revenue_hits_target_by_month(profile):
    params, _, _, _, frames = _run(profile)
    sales = _sales(frames)
    calendar = batches.monthly_targets(params)
    total, target = sales["total"].sum(), params.monthly_sales * calendar["fraction"].sum()
    assert abs(total / target - 1) <= 0.05, f"R1: sales {total:,.0f} vs target {target:,.0f}"
    by_month = sales.groupby(
        pd.to_datetime(sales["created_at"]).dt.to_period("M").dt.to_timestamp()
    )["total"].sum()
    ratio = by_month.reindex(calendar["month"]).fillna(0).to_numpy() / calendar["target"].to_numpy()
    worst = int(np.argmax(np.abs(ratio - 1)))
    assert abs(ratio[worst] - 1) <= 0.10, (
        f"R2: {calendar['month'].iloc[worst]:%Y-%m} at {ratio[worst]:.1%} of target"
    )
    q4 = calendar["is_q4"].to_numpy()
    if q4.any() and (~q4).any():
        uplift = by_month.to_numpy()[q4].mean() / by_month.to_numpy()[~q4].mean() - 1
        assert 0.20 <= uplift <= 0.30, f"R2: Q4 months {uplift:.1%} above the Q1-Q3 mean"


@pytest.mark.parametrize("profile", PROFILES)
def test_r3_r4_whales_and_consignment(profile):
    params, _, _, _, frames = _run(profile)
    sales = _sales(frames)
    whale = sales.loc[sales["client_id"] <= params.whales, "total"].sum() / sales["total"].sum()
    assert abs(whale - params.whale_share) <= 0.02, f"R3: whales hold {whale:.1%}"
    consigned = (
        sales.loc[sales["paymentTerms"] == "CONSIGNMENT", "total"].sum() / sales["total"].sum()
    )
    assert abs(consigned - params.consignment_sales_share) <= 0.05, (
        f"R4: {consigned:.1%} of sales on consignment"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_r5_returns_and_refunds(profile):
    params, _, _, _, frames = _run(profile)
    n = len(_sales(frames))
    credits = frames["credits"]
    assert len(frames["returns"]) == round(params.return_rate * n), "R5: returned orders"
    refunds = credits[credits["creditReason"] == "REFUND"]
    assert len(refunds) == round(params.refund_rate * n), "R5: refunded orders"
    totals = frames["orders"].set_index("id")["total"]
    order_of = refunds["notes"].str.extract(r"#(\S+):")[0]
    by_number = frames["orders"].set_index("order_number")["total"]
    expected = (by_number.reindex(order_of).to_numpy() * params.refund_fraction).round(2)
    bad = np.abs(expected - refunds["creditAmount"].to_numpy()) > 0.005
    assert not bad.any(), (
        f"R5: credit {refunds.loc[bad, 'creditNumber'].iloc[0]} is not "
        f"{params.refund_fraction:.0%} of its order"
    )
    returned = frames["orders"].set_index("id").loc[frames["returns"]["order_id"]]
    assert (returned["fulfillmentStatus"] == "RESTOCKED").all()
    assert totals.notna().all()


@pytest.mark.parametrize("profile", PROFILES)
def test_r6_flower_value_and_nothing_above_list(profile):
    params, _, _, procured, frames = _run(profile)
    lines = frames["order_line_items"]
    b = frames["batches"].set_index("id")
    products = procured["products"].set_index("id")
    product = products.reindex(b["productId"].reindex(lines["batch_id"]).to_numpy())
    list_price = product["subcategory"].map(catalog.LIST_PRICE_BY_SUBCATEGORY).to_numpy()
    above = lines["unit_price"].to_numpy() > list_price + 1e-9
    assert not above.any(), f"R6: line {lines.loc[above, 'id'].iloc[0]} sells above list"
    sale_lines = lines["order_id"].isin(_sales(frames)["id"]).to_numpy()
    flower = (product["category"].to_numpy() == catalog.FLOWER) & sale_lines
    share = lines["line_total"][flower].sum() / lines["line_total"][sale_lines].sum()
    assert abs(share - params.flower_share) <= 0.02, f"R6: flower is {share:.1%} of sales value"
    margin = (
        1
        - (lines["quantity"] * lines["cogs_per_unit"])[sale_lines].sum()
        / lines["line_total"][sale_lines].sum()
    )
    assert 0.20 <= margin <= 0.40, f"gross margin {margin:.1%}"


@pytest.mark.parametrize("profile", PROFILES)
def test_r11_stock_never_negative_and_on_hand_is_sum_of_movements(profile):
    _, _, _, _, frames = _run(profile)
    moves = frames["inventoryMovements"].sort_values(["batchId", "createdAt", "id"])
    running = moves.groupby("batchId")["quantityChange"].cumsum()
    assert (running >= -1e-9).all(), (
        f"R11: batch {moves.loc[running < 0, 'batchId'].iloc[0]} goes below zero"
    )
    assert np.allclose(moves["quantityAfter"], running), "quantityAfter must replay the movements"
    b = frames["batches"].set_index("id")
    on_hand = moves.groupby("batchId")["quantityChange"].sum().reindex(b.index).fillna(0)
    bad = (on_hand - b["onHandQty"]).abs() > 1e-6
    assert not bad.any(), f"R11: batch {bad[bad].index[0]} onHandQty differs from its movements"
    sold_out = b["onHandQty"] <= 0
    status_ok = np.where(
        b["batchStatus"].isin(["ON_HOLD", "QUARANTINED"]),
        ~sold_out,
        (b["batchStatus"] == "SOLD_OUT") == sold_out,
    )
    assert status_ok.all(), f"batch {b.index[~status_ok][0]}: batchStatus disagrees with its stock"


@pytest.mark.parametrize("profile", PROFILES)
def test_r11_lines_draw_fifo_on_stock_received_before_the_order(profile):
    _, ref, _, procured, frames = _run(profile)
    o = frames["orders"].set_index("id")
    lines = frames["order_line_items"]
    intake = procured["inventoryMovements"].set_index("batchId")["createdAt"]
    created = pd.to_datetime(o["created_at"]).reindex(lines["order_id"]).to_numpy()
    late = intake.reindex(lines["batch_id"]).to_numpy() >= created
    assert not late.any(), (
        f"R11: line {lines.loc[late, 'id'].iloc[0]} draws on a batch received after its order"
    )
    # Replay allocations in time order: a line may only draw on a batch when every older
    # batch of the same product that was ready had nothing left.
    ready_id = batches.workflow_ids(ref["workflow_statuses"])["ready-for-sale"]
    hist = procured["batch_status_history"]
    ready = hist[hist["toStatusId"] == ready_id].set_index("batchId")["createdAt"]
    b = procured["batches"].set_index("id")
    product = b["productId"]
    rank = pd.Series(
        np.arange(len(b)), index=b.sort_values(["createdAt"], kind="stable").index
    ).reindex(b.index)
    sale_ids = set(_sales(frames)["id"])
    consuming = lines[lines["order_id"].isin(sale_ids)].copy()
    consuming["at"] = pd.to_datetime(o["created_at"]).reindex(consuming["order_id"]).to_numpy()
    returns = frames["returns"]
    events = [
        (t, 0, int(bid), float(q))
        for bid, t, q in zip(
            ready.index, ready.to_numpy(), b["onHandQty"].reindex(ready.index), strict=True
        )
    ]
    events += [
        (t, 1, int(lid), 0.0) for lid, t in zip(consuming["id"], consuming["at"], strict=True)
    ]
    for _, row in returns.iterrows():
        for item in json.loads(row["items"]):
            events.append(
                (
                    np.datetime64(row["processed_at"]),
                    0,
                    int(item["batchId"]),
                    float(item["quantity"]),
                )
            )
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    balance: dict[int, float] = {}
    by_product: dict[int, list[int]] = {}
    line_rows = consuming.set_index("id")
    for _, kind, key, qty in events:
        if kind == 0:
            balance[key] = balance.get(key, 0.0) + qty
            by_product.setdefault(int(product[key]), []).append(key)
            continue
        batch = int(line_rows.at[key, "batch_id"])
        for older in by_product.get(int(product[batch]), []):
            if rank[older] < rank[batch]:
                assert balance.get(older, 0) < 1e-6, (
                    f"R11 FIFO: line {key} draws on batch {batch} "
                    f"while older batch {older} has stock"
                )
        balance[batch] = balance.get(batch, 0.0) - float(line_rows.at[key, "quantity"])
        assert balance[batch] > -1e-6, f"R11: line {key} overdraws batch {batch}"


@pytest.mark.parametrize("profile", PROFILES)
def test_items_json_matches_line_items(profile):
    _, _, _, _, frames = _run(profile)
    o = frames["orders"]
    lines = frames["order_line_items"]
    batch_ids = set(frames["batches"]["id"])
    for order_id, raw in zip(o["id"], o["items"], strict=True):
        for item in json.loads(raw):
            assert item["batchId"] in batch_ids, (
                f"order {order_id}: item points at missing batch {item['batchId']}"
            )
    counts = o["items"].map(lambda raw: len(json.loads(raw)))
    per_order = lines.groupby("order_id").size().reindex(o["id"]).fillna(0).to_numpy()
    assert (counts.to_numpy() == per_order).all(), "one order_line_items row per item"
    subtotal = (
        lines.groupby("order_id")["line_total"].sum().reindex(o["id"]).fillna(0).round(2).to_numpy()
    )
    bad = np.abs(subtotal - o["total"].to_numpy()) > 0.005
    assert not bad.any(), f"order {o.loc[bad, 'id'].iloc[0]}: total differs from its lines"
    assert not (frames["order_line_items"]["batch_id"] == 0).any()


@pytest.mark.parametrize("profile", PROFILES)
def test_r12_status_histories_follow_valid_sequences(profile):
    _, _, _, _, frames = _run(profile)
    history = frames["order_status_history"].sort_values(["order_id", "changed_at", "id"])
    previous = history.groupby("order_id")["fulfillmentStatus"].shift()
    for row_id, prev, status in zip(
        history["id"], previous, history["fulfillmentStatus"], strict=True
    ):
        prev = None if pd.isna(prev) else prev
        assert status in orders.FULFILLMENT_TRANSITIONS[prev], (
            f"order_status_history {row_id}: {prev} -> {status}"
        )
    assert (history.groupby("order_id")["changed_at"].diff().dropna() > pd.Timedelta(0)).all(), (
        "timestamps must increase"
    )
    last = history.groupby("order_id")["fulfillmentStatus"].last()
    o = frames["orders"].set_index("id")
    with_history = o[o["orderType"] == "SALE"]
    mismatch = last.reindex(with_history.index) != with_history["fulfillmentStatus"]
    assert not mismatch.any(), (
        f"order {mismatch[mismatch].index[0]}: fulfillmentStatus is not its last history row"
    )
    shipped = o["shipped_at"].notna()
    assert (
        pd.to_datetime(o.loc[shipped, "shipped_at"]) >= pd.to_datetime(o.loc[shipped, "created_at"])
    ).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_vendor_payables_cover_consigned_units_sold(profile):
    _, _, _, _, frames = _run(profile)
    moves = frames["inventoryMovements"]
    sold = (
        -moves[moves["inventoryMovementType"].isin(["SALE", "RETURN"])]
        .groupby("batchId")["quantityChange"]
        .sum()
    )
    b = frames["batches"].set_index("id")
    consigned = sold[(b["ownership_type"].reindex(sold.index) == "CONSIGNED") & (sold > 0)]
    payables = frames["vendor_payables"].set_index("batch_id")
    assert set(payables.index) == set(consigned.index), "one payable per consigned batch sold"
    assert np.allclose(payables["units_sold"].reindex(consigned.index), consigned.round(2))
    due = payables["status"] == "DUE"
    assert (b["onHandQty"].reindex(payables.index[due]) == 0).all(), "DUE only once sold out"


def test_same_seed_same_frames_other_seed_differs():
    first = _run("light", 42)[4]
    params, ref, cl, procured, _ = _run("light", 42)
    again = orders.generate(params, ref, cl, procured)
    for table, frame in first.items():
        assert pd.util.hash_pandas_object(frame, index=True).equals(
            pd.util.hash_pandas_object(again[table], index=True)
        ), table
    other = _run("light", 7)[4]
    assert not other["orders"].equals(first["orders"])


def test_reads_upstream_frames_back_from_a_database():
    """Decimals as strings/Decimal and dates as strings, as a database read gives them."""
    from decimal import Decimal

    params, ref, cl, procured, expected = _run("light")
    readback = {}
    for name, frame in procured.items():
        frame = frame.copy()
        for col in frame.columns:
            if pd.api.types.is_float_dtype(frame[col]):
                frame[col] = frame[col].map(lambda v: None if pd.isna(v) else Decimal(f"{v:.4f}"))
            elif pd.api.types.is_datetime64_any_dtype(frame[col]):
                frame[col] = frame[col].dt.strftime("%Y-%m-%d %H:%M:%S")
        readback[name] = frame
    got = orders.generate(params, ref, cl, readback)
    assert got["orders"]["total"].equals(expected["orders"]["total"])
    assert np.allclose(got["batches"]["onHandQty"].astype(float), expected["batches"]["onHandQty"])


def test_order_stamps_are_distinct_even_when_thousands_share_a_millisecond():
    from terp_seed.generate.orders.records import unique_millis

    rng = np.random.default_rng(3)
    stamps = 1_737_472_216_000 + rng.integers(0, 50, 20_000)
    distinct = unique_millis(stamps)
    assert len(np.unique(distinct)) == len(stamps), "two orders share a number"
    assert (distinct >= stamps).all(), "a stamp moved before the moment it was saved"


@pytest.mark.parametrize("profile", PROFILES)
def test_order_numbers_follow_the_app_and_are_unique(profile):
    frames = _run(profile)[4]
    o = frames["orders"]
    assert o["order_number"].is_unique, "order numbers repeat"
    expected = np.where((o["orderType"] == "SALE") & (o["is_draft"] == 0), "O", "D")
    prefix = o["order_number"].str.split("-").str[0].to_numpy()
    bad = np.flatnonzero(prefix != expected)
    assert not len(bad), f"order {o['id'].iloc[bad[0]] if len(bad) else ''}: wrong prefix"
    stamp = pd.to_datetime(o["order_number"].str.split("-").str[1].astype("int64"), unit="ms")
    late = (stamp - pd.to_datetime(o["created_at"])).abs() > pd.Timedelta(seconds=5)
    assert not late.any(), f"order {o.loc[late, 'id'].iloc[0]}: number far from its creation"
