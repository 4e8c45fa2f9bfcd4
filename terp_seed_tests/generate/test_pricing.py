"""Property tests of the pricing family and of lines priced through it."""

import json

import numpy as np
import pytest

from terp_seed.terp.catalog import LIST_PRICE_BY_SUBCATEGORY
from terp_seed.terp.pricing import CONDITION_KEYS, apply_rules, price_from_margin
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    run = seeded_run(profile)
    for table, frame in run.pricing.items():
        assert_matches_schema(table, frame, cutoff_of(run.params))


def test_the_price_book_has_the_documented_shape():
    frames = seeded_run("full").pricing
    rules, profiles = frames["pricing_rules"], frames["pricing_profiles"]
    assert len(rules) == 20 and len(profiles) == 10
    for row in rules.itertuples():
        conditions = json.loads(row.conditions)
        assert conditions and set(conditions) <= set(CONDITION_KEYS), f"rule {row.id}"
    known = set(rules["id"])
    for row in profiles.itertuples():
        assert {e["ruleId"] for e in json.loads(row.rules)} <= known, f"profile {row.id}"


@pytest.mark.parametrize("profile", PROFILES)
def test_whales_hold_whale_tiers_and_most_of_their_lines_say_so(profile):
    run = seeded_run(profile)
    clients = run.pricing["clients"].set_index("id")
    names = run.pricing["pricing_profiles"].set_index("id")["name"]
    whales = clients.loc[1 : run.params.whales, "pricing_profile_id"]
    assert whales.map(names).str.startswith("Whale").all(), "a whale without a whale tier"
    lines = run.orders["order_line_items"].merge(
        run.orders["orders"][["id", "client_id"]], left_on="order_id", right_on="id"
    )
    held = lines["client_id"].map(clients["pricing_profile_id"]).notna()
    share = (lines.loc[held, "margin_source"] == "CUSTOMER_PROFILE").mean()
    assert share > 0.95, f"only {share:.1%} of profile holders' lines priced by their profile"


@pytest.mark.parametrize("profile", PROFILES)
def test_each_line_is_its_profile_price_or_its_default_margin(profile):
    run = seeded_run(profile)
    tables = run.tables()
    rules = {
        int(r.id): {
            "conditions": json.loads(r.conditions),
            "adjustment_type": r.adjustment_type,
            "adjustment_value": float(r.adjustment_value),
            "priority": int(r.priority),
        }
        for r in tables["pricing_rules"].itertuples()
    }
    profiles = {
        int(p.id): [rules[e["ruleId"]] for e in json.loads(p.rules)]
        for p in tables["pricing_profiles"].itertuples()
    }
    defaults = tables["pricing_defaults"].set_index("product_category")["default_margin_percent"]
    lines = run.orders["order_line_items"]
    order_client = run.orders["orders"].set_index("id")["client_id"]
    profile_of = tables["clients"].set_index("id")["pricing_profile_id"]
    product = tables["batches"].set_index("id")["productId"]
    products = tables["products"].set_index("id")
    for line in lines[lines["is_margin_overridden"] == 0].itertuples():
        item = products.loc[product[line.batch_id]]
        base = LIST_PRICE_BY_SUBCATEGORY[item["subcategory"]]
        held = profile_of[order_client[line.order_id]]
        if line.margin_source == "CUSTOMER_PROFILE":
            expected = apply_rules(base, item.to_dict(), profiles[int(held)])
        else:
            expected = min(base, price_from_margin(line.cogs_per_unit, defaults[item["category"]]))
        assert np.isclose(line.unit_price, expected), f"order_line_items {line.id}: price"
        assert line.unit_price <= base, f"order_line_items {line.id}: above list"
