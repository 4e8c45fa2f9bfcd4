"""The customer suite (R21, R14) on frames written to a SQLite shadow, whole and corrupted.

The untouched database passes every check; each break is one UPDATE to a copy of it and must
fail the check that guards it, naming the offending row.
"""

import dataclasses
import shutil
from pathlib import Path

import bcrypt
import pandas as pd
import pytest
import sqlalchemy as sa

from terp_seed.params import SeedParams
from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.customer import RULES
from terp_seed.store import Where, open_store
from terp_seed.terp.customer import DEFAULT_PORTAL_PASSWORD
from terp_seed_tests.seeded import seeded_run


@dataclasses.dataclass(frozen=True)
class Seeded:
    params: SeedParams
    frames: dict[str, pd.DataFrame] = dataclasses.field(repr=False)
    database: Path


def _write(profile: str, directory: Path) -> Seeded:
    run = seeded_run(profile)
    params, frames = run.params, run.tables(through="customer")
    store = open_store(f"sqlite:///{directory / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(frames)
        shadow = Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()
    return Seeded(params, frames, shadow)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Seeded:
    """Full-profile frames of every family through customer, written once."""
    return _write("full", tmp_path_factory.mktemp("customer"))


def audit(params: SeedParams, database: Path) -> dict[str, RuleResult]:
    results = run_rules(f"sqlite:///{database}", RULES, RuleContext(params), "customer")
    return {result.rule.check: result for result in results}


@pytest.mark.parametrize("profile", ["light", "medium"])
def test_suite_passes_on_small_profiles(profile, tmp_path):
    seeded_ = _write(profile, tmp_path)
    failed = [r.summary() for r in audit(seeded_.params, seeded_.database).values() if not r.passed]
    assert not failed, "\n".join(failed)


def test_untouched_database_passes_every_check(seeded):
    failed = [r.summary() for r in audit(seeded.params, seeded.database).values() if not r.passed]
    assert not failed, "\n".join(failed)


def test_invited_buyer_logs_in_with_the_portal_password(seeded):
    auth = seeded.frames["vip_portal_auth"]
    assert len(auth) > 0, "no buyer was invited to the portal"
    row = auth.iloc[0]
    assert bcrypt.checkpw(DEFAULT_PORTAL_PASSWORD.encode(), row["password_hash"].encode()), (
        f"portal login of client {row['client_id']} does not verify"
    )
    assert not bcrypt.checkpw(b"wrong-password", row["password_hash"].encode())


def _first_id(frames, table: str, where=None) -> int:
    frame = frames[table]
    if where is not None:
        frame = frame[where(frame)]
    assert len(frame), f"{table}: nothing to corrupt"
    return int(frame["id"].iloc[0])


CORRUPTIONS = {
    "points_balances_equal_their_ledger": (
        "client_points_summary",
        "UPDATE client_points_summary SET current_balance = current_balance + 50 WHERE id = {id}",
        None,
    ),
    "points_ledger_runs_without_gaps": (
        "points_ledger",
        "UPDATE points_ledger SET balance_after = balance_after + 7 WHERE id = {id}",
        None,
    ),
    "vip_status_matches_sales": (
        "client_vip_status",
        "UPDATE client_vip_status SET lifetime_spend = lifetime_spend + 100 WHERE id = {id}",
        None,
    ),
    "vip_tier_follows_spend": (
        "client_vip_status",
        "UPDATE client_vip_status SET current_tier_id = "
        "CASE WHEN current_tier_id = 1 THEN 2 ELSE 1 END WHERE id = {id}",
        None,
    ),
    "vip_tier_history_ends_at_current_tier": (
        "vip_tier_history",
        "DELETE FROM vip_tier_history WHERE id = {id}",
        lambda f: f["id"].isin(f.groupby("client_id")["id"].max()),
    ),
    "referrals_precede_first_orders": (
        "referral_tracking",
        "UPDATE referral_tracking SET created_at = '2099-01-01 00:00:00' WHERE id = {id}",
        None,
    ),
    "live_carts_priced_within_list": (
        "sessionCartItems",
        "UPDATE sessionCartItems SET unitPrice = 99999 WHERE id = {id}",
        None,
    ),
    "portal_logins_are_bcrypt_cost_10": (
        "vip_portal_auth",
        "UPDATE vip_portal_auth SET password_hash = 'terp-portal-staging' WHERE id = {id}",
        None,
    ),
    "portal_buyers_are_enabled_and_configured": (
        "vip_portal_auth",
        "UPDATE vip_portal_auth SET last_login_at = '2025-10-30 10:00:00' WHERE id = {id}",
        None,
    ),
    "portal_buyers_are_enabled_and_configured_too": (
        "vip_portal_configurations",
        "DELETE FROM vip_portal_configurations WHERE id = {id}",
        None,
    ),
    "converted_lists_and_sheets_precede_their_orders": (
        "sales_sheet_history",
        "UPDATE sales_sheet_history SET created_at = '2099-01-01 00:00:00' WHERE id = {id}",
        None,
    ),
    "achievements_were_earned": (
        "client_achievements",
        "UPDATE client_achievements SET earned_value = 0 WHERE id = {id}",
        None,
    ),
    "open_interest_is_on_received_batches": (
        "client_price_alerts",
        "UPDATE client_price_alerts SET target_price = 999999 WHERE id = {id}",
        None,
    ),
    "live_sessions_keep_their_clock": (
        "liveShoppingSessions",
        "UPDATE liveShoppingSessions SET endedAt = '2099-01-01 00:00:00' WHERE id = {id}",
        lambda f: f["status"] == "CONVERTED",
    ),
    "portal_buyers_hold_most_sales": (
        "clients",
        "UPDATE clients SET vip_portal_enabled = 1",
        None,
    ),
    "customer_references_resolve": (
        "sessionCartItems",
        "UPDATE sessionCartItems SET batchId = 987654 WHERE id = {id}",
        None,
    ),
}


@pytest.mark.parametrize("check", sorted(CORRUPTIONS))
def test_each_break_fails_its_check(seeded, tmp_path, check):
    table, statement, where = CORRUPTIONS[check]
    check = check.removesuffix("_too")
    row_id = _first_id(seeded.frames, table, where)
    broken = tmp_path / "broken.sqlite"
    shutil.copy(seeded.database, broken)
    engine = sa.create_engine(f"sqlite:///{broken}")
    with engine.begin() as connection:
        connection.execute(sa.text(statement.format(id=row_id)))
    engine.dispose()
    result = audit(seeded.params, broken)[check]
    assert not result.passed, f"{check} passed after breaking {table} row {row_id}"
    assert result.offending or result.error is None, result.summary()
