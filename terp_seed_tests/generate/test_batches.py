"""Property tests of the batches family (procure side) on the light and full profiles."""

import pandas as pd
import pytest

from terp_seed.generate import batches, catalog, clients, reference
from terp_seed.params import resolve_params
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


def _run(profile: str, seed: int = 42) -> tuple:
    run = seeded_run(profile, seed)
    return run.params, run.reference, run.clients, run.batches


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    params, _, _, frames = _run(profile)
    for table, frame in frames.items():
        assert_matches_schema(table, frame, cutoff_of(params))


@pytest.mark.parametrize("profile", PROFILES)
def test_flower_is_ninety_percent_of_products_with_list_prices(profile):
    params, _, _, frames = _run(profile)
    products = frames["products"]
    share = (products["category"] == catalog.FLOWER).mean()
    assert abs(share - params.flower_share) <= 0.02, f"R6: flower is {share:.1%} of products"
    flower = products[products["category"] == catalog.FLOWER]
    assert set(flower["subcategory"]) == {"Indoor", "Greenhouse", "Outdoor"}
    assert catalog.LIST_PRICE_BY_SUBCATEGORY == {
        **catalog.LIST_PRICE_BY_SUBCATEGORY,
        "Indoor": 1800.0,
        "Greenhouse": 1200.0,
        "Outdoor": 800.0,
    }
    assert len(frames["strains"]) >= 50


@pytest.mark.parametrize("profile", PROFILES)
def test_ninety_percent_of_intake_is_consigned_by_count_and_cost(profile):
    params, _, _, frames = _run(profile)
    b = frames["batches"]
    consigned = b["ownership_type"] == "CONSIGNED"
    cost = b["onHandQty"] * b["unitCogs"]
    by_count, by_cost = consigned.mean(), cost[consigned].sum() / cost.sum()
    assert abs(by_count - params.consigned_batch_share) <= 0.03, (
        f"R4: {by_count:.1%} of batches consigned"
    )
    assert abs(by_cost - params.consigned_batch_share) <= 0.03, (
        f"R4: {by_cost:.1%} of intake cost consigned"
    )
    terms_ok = (b["paymentTerms"] == "CONSIGNMENT") == consigned
    assert terms_ok.all(), (
        f"batch {b.loc[~terms_ok, 'id'].iloc[0]}: paymentTerms disagree with ownership"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_office_owned_intake_is_billed_to_the_cent(profile):
    _, _, _, frames = _run(profile)
    b, lines, bills = frames["batches"], frames["billLineItems"], frames["bills"]
    owned = b[b["ownership_type"] == "OFFICE_OWNED"]
    assert len(lines) == len(owned), "one bill line per office-owned batch"
    sums = lines.groupby("billId")["lineTotal"].sum().round(2)
    bad = (sums.reindex(bills["id"]).to_numpy() - bills["totalAmount"].to_numpy()) != 0
    assert not bad.any(), f"bill {bills.loc[bad, 'id'].iloc[0]} total differs from its lines"
    assert bills["billNumber"].str.fullmatch(r"BILL-\d{4}-\d{6}").all()
    # The app numbers purchase orders PO-YYYY-NNNN (routers/purchaseOrders.ts).
    assert frames["purchaseOrders"]["poNumber"].str.fullmatch(r"PO-\d{4}-\d{4}").all()


@pytest.mark.parametrize("profile", PROFILES)
def test_lots_intake_and_links_resolve(profile):
    _, _, cl, frames = _run(profile)
    lots, b = frames["lots"], frames["batches"]
    profiles = cl["supplier_profiles"].set_index("client_id")["legacy_vendor_id"]
    same = profiles.reindex(lots["supplier_client_id"]).to_numpy() == lots["vendorId"].to_numpy()
    assert same.all(), (
        f"lot {lots.loc[~same, 'id'].iloc[0]}: vendorId and supplier_client_id differ"
    )
    for child, column, parent in [
        ("batches", "productId", "products"),
        ("batches", "lotId", "lots"),
        ("purchaseOrderItems", "purchaseOrderId", "purchaseOrders"),
        ("purchaseOrderItems", "productId", "products"),
        ("intake_session_batches", "batch_id", "batches"),
        ("intake_session_batches", "intake_session_id", "intake_sessions"),
        ("products", "brandId", "brands"),
        ("products", "strainId", "strains"),
        ("billLineItems", "billId", "bills"),
        ("inventoryMovements", "batchId", "batches"),
        ("batch_status_history", "batchId", "batches"),
        ("purchaseOrders", "intakeSessionId", "intake_sessions"),
        ("subcategories", "categoryId", "categories"),
    ]:
        values = frames[child][column].dropna()
        missing = ~values.isin(frames[parent]["id"])
        assert not missing.any(), f"{child}.{column}={values[missing].iloc[0]} has no {parent} row"
    intake = frames["inventoryMovements"].groupby("batchId")["quantityChange"].sum()
    diff = (intake.reindex(b["id"]).to_numpy() - b["onHandQty"].to_numpy()) != 0
    assert not diff.any(), (
        f"batch {b.loc[diff, 'id'].iloc[0]}: onHandQty differs from its INTAKE movement"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_batch_workflow_history_is_ordered_and_valid(profile):
    params, ref, _, frames = _run(profile)
    ids = batches.workflow_ids(ref["workflow_statuses"])
    allowed = {
        (None, ids["intake-queue"]),
        (ids["intake-queue"], ids["quality-check"]),
        (ids["quality-check"], ids["lab-testing"]),
        (ids["lab-testing"], ids["packaging"]),
        (ids["packaging"], ids["ready-for-sale"]),
        (ids["quality-check"], ids["on-hold"]),
    }
    history = frames["batch_status_history"].sort_values(["batchId", "createdAt", "id"])
    previous = history.groupby("batchId")["toStatusId"].shift()
    pairs = zip(
        history["fromStatusId"].astype(object).where(history["fromStatusId"].notna(), None),
        history["toStatusId"],
        strict=True,
    )
    for row_id, pair, prev in zip(history["id"], pairs, previous, strict=True):
        assert (pair[0], pair[1]) in allowed, (
            f"batch_status_history {row_id}: transition {pair} not allowed"
        )
        assert (pd.isna(prev) and pair[0] is None) or prev == pair[0], (
            f"batch_status_history {row_id} does not follow its previous status"
        )
    increasing = history.groupby("batchId")["createdAt"].diff().dropna() > pd.Timedelta(0)
    assert increasing.all(), "batch_status_history timestamps must increase per batch"
    last = history.groupby("batchId")["toStatusId"].last()
    b = frames["batches"].set_index("id")
    assert (last.reindex(b.index) == b["statusId"]).all(), (
        "batches.statusId must be the last history status"
    )
    assert (frames["lots"]["date"] <= cutoff_of(params)).all(), "nothing received after as-of"


def test_same_seed_same_frames_other_seed_differs():
    first = _run("light", 42)[3]
    params = resolve_params("light", {"seed": 42, "end": "2025-10-31"})
    again = batches.generate(params, reference.generate(params), clients.generate(params))
    for table, frame in first.items():
        assert pd.util.hash_pandas_object(frame, index=True).equals(
            pd.util.hash_pandas_object(again[table], index=True)
        ), table
    other = _run("light", 7)[3]
    assert not other["batches"].equals(first["batches"])


@pytest.mark.parametrize("profile", ["full", "medium"])
def test_every_workflow_column_holds_batches_at_as_of(profile):
    run = seeded_run(profile)
    batches_at_as_of = run.tables()["batches"]
    slug = run.reference["workflow_statuses"].set_index("id")["slug"]
    columns = batches_at_as_of["statusId"].map(slug).value_counts()
    for column in slug:
        assert columns.get(column, 0) > 0, f"workflow column {column} is empty at as-of"


@pytest.mark.parametrize("profile", PROFILES)
def test_batches_still_in_the_workflow_are_awaiting_intake_and_never_sold(profile):
    run = seeded_run(profile)
    final = run.tables()["batches"].set_index("id")
    slug = run.reference["workflow_statuses"].set_index("id")["slug"]
    in_pipeline = (
        final["statusId"]
        .map(slug)
        .isin(["intake-queue", "quality-check", "lab-testing", "packaging"])
    )
    wrong = final.index[in_pipeline & (final["batchStatus"] != "AWAITING_INTAKE")]
    assert not len(wrong), f"batch {wrong[:1].tolist()}: in the workflow but not AWAITING_INTAKE"
    sold = run.tables()["order_line_items"]["batch_id"]
    offered = sold[sold.isin(final.index[in_pipeline])]
    assert not len(offered), f"batch {offered.iloc[:1].tolist()}: sold before it was ready"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_ready_batch_passed_through_packaging(profile):
    run = seeded_run(profile)
    history = run.batches["batch_status_history"]
    ids = batches.workflow_ids(run.reference["workflow_statuses"])
    ready = set(history.loc[history["toStatusId"] == ids["ready-for-sale"], "batchId"])
    packed = set(history.loc[history["toStatusId"] == ids["packaging"], "batchId"])
    assert ready <= packed, f"batch {sorted(ready - packed)[:1]}: ready without packaging"
