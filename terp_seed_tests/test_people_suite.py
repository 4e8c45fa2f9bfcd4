"""The people suite (R19) on frames written to a SQLite shadow, whole and with one row broken.

The untouched database passes every rule; each corruption is one UPDATE to a copy of it and
must fail exactly the rule that guards it, naming the offending row.
"""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.people import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run

PROFILE = "full"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    run = seeded_run(PROFILE)
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('people') / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(run.tables())
        return Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()


def audit(database: Path) -> dict[str, RuleResult]:
    params = seeded_run(PROFILE).params
    results = run_rules(f"sqlite:///{database}", RULES, RuleContext(params), "people")
    return {result.rule.check: result for result in results}


def corrupt_and_audit(seeded: Path, tmp_path: Path, sql: str) -> dict[str, RuleResult]:
    copy = tmp_path / "corrupted.sqlite"
    shutil.copyfile(seeded, copy)
    engine = sa.create_engine(f"sqlite:///{copy}", poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            changed = connection.execute(sa.text(sql)).rowcount
    finally:
        engine.dispose()
    assert changed == 1, f"the corruption {sql!r} changed {changed} rows, not 1"
    return audit(copy)


def test_untouched_database_passes_every_rule(seeded):
    results = audit(seeded)
    failed = {check: r.summary() for check, r in results.items() if not r.passed}
    assert not failed, f"rules fail on the seeded database: {failed}"


CORRUPTIONS = {
    "people_rows_name_real_staff": "UPDATE comments SET user_id = 999 WHERE id = 1",
    "people_rows_refer_to_records_that_existed": (
        "UPDATE comments SET created_at = '2000-01-01 00:00:00' "
        "WHERE id = (SELECT MIN(id) FROM comments WHERE commentable_type = 'order')"
    ),
    "people_rows_dated_by_as_of": (
        "UPDATE client_activity SET created_at = '2099-01-01 00:00:00' WHERE id = 1"
    ),
    "audit_trails_match_status_histories": (
        "UPDATE order_audit_log SET user_id = 999 "
        "WHERE id = (SELECT MIN(id) FROM order_audit_log WHERE action = 'STATUS_CHANGE')"
    ),
    "collection_calls_only_to_late_buyers": (
        "UPDATE client_communications SET communicated_at = '2023-12-15 10:00:00' "
        "WHERE id = (SELECT MIN(id) FROM client_communications "
        "WHERE subject LIKE 'Collection call%')"
    ),
    "credit_reviews_only_near_the_limit": (
        "UPDATE clients SET credit_limit = 100000000 WHERE id = (SELECT client_id FROM "
        "client_communications WHERE subject LIKE 'Credit limit review%' ORDER BY id LIMIT 1)"
    ),
    "orders_fill_the_needs_they_name": (
        "UPDATE orders SET client_need_id = NULL "
        "WHERE id = (SELECT MIN(id) FROM orders WHERE client_need_id IS NOT NULL)"
    ),
    "meeting_records_follow_their_events": (
        "UPDATE client_meeting_history SET outcome = 'cancelled' "
        "WHERE id = (SELECT MIN(id) FROM client_meeting_history WHERE outcome = 'completed')"
    ),
    "mentions_and_inbox_items_resolve": (
        "UPDATE comment_mentions SET mentioned_user_id = "
        "CASE WHEN mentioned_user_id = 1 THEN 2 ELSE 1 END WHERE id = 1"
    ),
}


@pytest.mark.parametrize("check", sorted(CORRUPTIONS))
def test_each_break_fails_its_rule(seeded, tmp_path, check):
    results = corrupt_and_audit(seeded, tmp_path, CORRUPTIONS[check])
    result = results[check]
    assert not result.passed, f"{check} passed on corrupted data: {result.summary()}"
    assert result.offending, f"{check} failed without naming the offending row"


def test_references_rule_catches_a_dangling_link(seeded, tmp_path):
    results = corrupt_and_audit(
        seeded, tmp_path, "UPDATE todo_tasks SET list_id = 99999 WHERE id = 1"
    )
    assert not results["people_references_resolve"].passed
