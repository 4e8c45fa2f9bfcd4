"""Property tests of the merchandising family: TERP's defaults, a tree every product sits in,
tags that say something true about the product, determinism."""

import pandas as pd
import pytest

from terp_seed.generate import merchandising
from terp_seed.terp.merchandising import FRESH_DROP, FRESH_DROP_DAYS, TOP_SELLER, UNIT_CODES
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


def _frames(profile: str):
    run = seeded_run(profile)
    return run, run.tables(), run.merchandising


@pytest.mark.parametrize("profile", PROFILES)
def test_frames_match_the_schema(profile):
    run, _, frames = _frames(profile)
    assert set(frames) == set(merchandising.TABLES)
    for table, frame in frames.items():
        assert_matches_schema(table, frame, cutoff_of(run.params))


@pytest.mark.parametrize("profile", PROFILES)
def test_same_inputs_give_identical_frames(profile):
    run, tables, frames = _frames(profile)
    again = merchandising.FAMILY.generate(run.params, tables)
    for table, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[table], obj=table)


@pytest.mark.parametrize("profile", PROFILES)
def test_terp_defaults_are_there_and_every_batch_grade_is_on_the_ladder(profile):
    _, tables, frames = _frames(profile)
    grades = set(frames["grades"]["name"])
    assert {"A", "B", "C", "D"} <= grades, f"TERP's own grades missing from {sorted(grades)}"
    off = set(tables["batches"]["grade"].dropna()) - grades
    assert not off, f"batch grades {sorted(off)} are not in grades"
    assert tuple(frames["unit_types"]["code"]) == UNIT_CODES
    units = set(tables["products"]["uomSellable"]) - set(UNIT_CODES)
    assert not units, f"products sell in units TERP does not define: {sorted(units)}"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_product_is_filed_once_under_its_subcategory(profile):
    _, tables, frames = _frames(profile)
    tree = frames["product_categories"].set_index("id")
    primary = frames["product_category_assignments"].query("is_primary == 1")
    counts = primary["product_id"].value_counts()
    assert (counts == 1).all() and set(counts.index) == set(tables["products"]["id"]), (
        f"products filed more or less than once: {counts[counts != 1].head().to_dict()}"
    )
    filed = primary.assign(leaf=primary["category_id"].map(tree["name"]))
    products = tables["products"].set_index("id")
    wrong = filed[
        filed["leaf"].to_numpy() != products.loc[filed["product_id"], "subcategory"].to_numpy()
    ]
    assert wrong.empty, f"product {wrong.iloc[0]['product_id'] if len(wrong) else ''} misfiled"


@pytest.mark.parametrize("profile", PROFILES)
def test_status_tags_are_true_of_their_products(profile):
    run, tables, frames = _frames(profile)
    tag_of = frames["tags"].set_index("id")["name"]
    tagged = frames["productTags"].assign(tag=lambda f: f["tagId"].map(tag_of))
    lines = merchandising.shipped_lines(tables)
    product_of = tables["batches"].set_index("id")["productId"]
    sold = set(product_of.reindex(lines["batch_id"]).dropna().astype(int))
    sellers = set(tagged.loc[tagged["tag"] == TOP_SELLER, "productId"])
    assert sellers and sellers <= sold, f"top sellers never shipped: {sorted(sellers - sold)}"
    latest = tables["batches"].groupby("productId")["createdAt"].max()
    fresh = tagged.loc[tagged["tag"] == FRESH_DROP, "productId"]
    since = pd.Timestamp(run.params.end) - pd.Timedelta(days=FRESH_DROP_DAYS)
    stale = fresh[latest.reindex(fresh).to_numpy() < since]
    assert stale.empty, f"product {stale.tolist()[:1]} tagged fresh without a recent batch"
    assert not tagged.duplicated(["productId", "tagId"]).any(), "a product tagged twice"
