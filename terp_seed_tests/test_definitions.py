import datetime as dt

import dagster as dg

from terp_seed.definitions import defs
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.defs.schedules import staging_reseed_schedule
from terp_seed.generate import registry
from terp_seed.params import resolve_params
from terp_seed.store import Where, open_store
from terp_seed.terp.access import ORGANIZATION_SETTINGS


def test_definitions_load_with_families_checks_job_and_schedule():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"reference", "clients", "batches", "orders", "invoices", "ledger", "publish"} <= keys
    assert definitions.resolve_job_def("seed_job")
    assert definitions.resolve_schedule_def("staging_reseed_schedule")
    checks = {key.name for key in graph.asset_check_keys}
    assert "buyers_carry_no_email_or_address" in checks
    # Publish waits for every family: directly or through the families that wait for it.
    waited_for: set[dg.AssetKey] = set()
    pending = list(graph.get(dg.AssetKey("publish")).parent_keys)
    while pending:
        key = pending.pop()
        if key not in waited_for:
            waited_for.add(key)
            pending.extend(graph.get(key).parent_keys)
    families = {dg.AssetKey(family.name) for family in registry.FAMILIES}
    assert families <= waited_for, f"publish does not wait for {families - waited_for}"


def test_every_asset_and_check_has_a_business_description():
    graph = defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).description, f"asset {key.to_user_string()} has no description"


def test_schedule_requests_a_window_ending_on_the_scheduled_date():
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 11, 21, 4, 0, tzinfo=dt.UTC)
    )
    request = staging_reseed_schedule(context)
    config = request.run_config["resources"]["seed_settings"]["config"]
    assert config["overrides"]["end"] == "2026-11-21"
    params = resolve_params(config["profile"], config["overrides"])
    assert params.end == dt.date(2026, 11, 21) and params.months == 22


def test_materializing_the_graph_into_sqlite_publishes_checked_families(tmp_path):
    url = f"sqlite:///{tmp_path / 'terp.sqlite'}"
    definitions = defs()
    result = definitions.resolve_job_def("seed_job").execute_in_process(
        resources={
            "seed_settings": SeedSettings(profile="light"),
            "database": TerpDatabase(url=url),
        }
    )
    assert result.success
    evaluations = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    blocking = [e for e in evaluations if e.severity == dg.AssetCheckSeverity.ERROR]
    failed = [e.check_name for e in blocking if not e.passed]
    assert blocking and not failed, f"integrity checks failed: {failed}"
    observed = {e.check_name: e.metadata["observed"].value for e in evaluations}
    assert observed["buyer_count_matches_profile"] == "10"
    counts = open_store(url).row_counts(Where.LIVE)
    assert counts["clients"] == 12 and counts["users"] == 4
    # The settings TERP reads (access family) plus the publish marker.
    assert counts["organization_settings"] == len(ORGANIZATION_SETTINGS) + 1, "marker missing"


def test_full_profile_passes_every_rule_with_its_figure(tmp_path):
    url = f"sqlite:///{tmp_path / 'full.sqlite'}"
    result = (
        defs()
        .resolve_job_def("seed_job")
        .execute_in_process(
            resources={
                "seed_settings": SeedSettings(profile="full"),
                "database": TerpDatabase(url=url),
            }
        )
    )
    assert result.success
    evaluations = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    failed = [f"{e.check_name}: {e.description}" for e in evaluations if not e.passed]
    assert not failed, "rules failing on the full profile:\n" + "\n".join(failed)
    figures = {e.check_name: e.metadata["observed"].value for e in evaluations}
    for check in (
        "whales_hold_70pct_of_sales",
        "sales_total_within_5pct_of_target",
        "stock_never_goes_negative",
        "consignment_carries_half_of_sales",
        "open_receivables_fifteen_percent_past_due",
        "past_due_half_over_120_days",
    ):
        assert figures[check] not in (None, "n/a"), f"{check} shows no figure"
