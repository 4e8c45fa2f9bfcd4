"""The calendar suite (R19, R21) on a SQLite shadow, whole and with one row broken.

The untouched database passes every rule on light and full; each corruption is one statement on
a copy of the light database and must fail the rule that guards it (and no other blocking
rule), naming the offending row.
"""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.calendar import RULES
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import AS_OF, seeded_run


def _write(profile: str, folder: Path) -> Path:
    run = seeded_run(profile)
    store = open_store(f"sqlite:///{folder / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(run.tables(through="calendar"))
        return Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def light(tmp_path_factory) -> Path:
    return _write("light", tmp_path_factory.mktemp("calendar_light"))


def audit(profile: str, database: Path) -> dict[str, RuleResult]:
    params = seeded_run(profile).params
    results = run_rules(f"sqlite:///{database}", RULES, RuleContext(params), "calendar")
    assert [r.rule.check for r in results] == [rule.check for rule in RULES]
    return {result.rule.check: result for result in results}


@pytest.mark.parametrize("profile", ["light", "full"])
def test_untouched_database_passes_every_rule(profile, tmp_path):
    results = audit(profile, _write(profile, tmp_path))
    failed = {check: r.summary() for check, r in results.items() if not r.passed}
    assert not failed, f"calendar rules fail on the seeded {profile} database: {failed}"
    kinds = results["calendar_holds_enough_client_meetings"].exhibits["events per kind"]
    assert {row["kind"] for row in kinds} >= {"client meeting", "delivery", "internal"}


def corrupt_and_audit(light: Path, tmp_path: Path, sql: str) -> dict[str, RuleResult]:
    copy = tmp_path / "corrupted.sqlite"
    shutil.copyfile(light, copy)
    engine = sa.create_engine(f"sqlite:///{copy}", poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            changed = connection.execute(sa.text(sql)).rowcount
    finally:
        engine.dispose()
    assert changed == 1, f"the corruption {sql!r} changed {changed} rows, not 1"
    return audit("light", copy)


FUTURE = f"start_date > '{AS_OF}' AND is_recurring = 0"
CORRUPTIONS = {
    "calendar_references_resolve": ("UPDATE calendar_views SET user_id = 999 WHERE id = 1"),
    "calendar_events_agree_with_their_records": (
        "UPDATE calendar_events SET client_id = (SELECT MIN(id) FROM clients c "
        "WHERE c.id <> calendar_events.client_id) "
        "WHERE id = (SELECT MIN(id) FROM calendar_events WHERE entity_type = 'order')"
    ),
    "calendar_rows_never_precede_what_they_refer_to": (
        "UPDATE calendar_events SET created_at = '2020-01-01 09:00:00' "
        "WHERE id = (SELECT MIN(id) FROM calendar_events WHERE entity_type = 'order')"
    ),
    "calendar_rows_never_after_as_of": (
        "UPDATE calendar_event_history SET changed_at = '2030-01-01 09:00:00' "
        "WHERE id = (SELECT MAX(id) FROM calendar_event_history WHERE change_type = 'CREATED')"
    ),
    "future_events_have_no_completion": (
        "UPDATE calendar_events SET status = 'COMPLETED' "
        f"WHERE id = (SELECT MIN(id) FROM calendar_events WHERE {FUTURE})"
    ),
    "reminders_precede_their_events": (
        "UPDATE calendar_reminders SET reminder_time = datetime(reminder_time, '+3 days') "
        "WHERE id = (SELECT MIN(id) FROM calendar_reminders WHERE status = 'PENDING')"
    ),
    "participants_are_staff_or_the_clients_people": (
        "UPDATE calendar_event_invitations SET client_id = (SELECT MIN(id) FROM clients c "
        "WHERE c.id <> calendar_event_invitations.client_id) "
        "WHERE id = (SELECT MIN(id) FROM calendar_event_invitations WHERE invitee_type = 'CLIENT')"
    ),
    "rooms_never_double_booked": (
        "UPDATE room_bookings SET (room_id, booking_date, start_time, end_time) = "
        "(SELECT room_id, booking_date, start_time, end_time FROM room_bookings "
        "WHERE status <> 'cancelled' ORDER BY id LIMIT 1) "
        "WHERE id = (SELECT id FROM room_bookings WHERE status <> 'cancelled' "
        "ORDER BY id LIMIT 1 OFFSET 1)"
    ),
    "cash_audits_follow_the_register": (
        "UPDATE shift_audits SET expected_balance = expected_balance + 10, "
        "actual_count = actual_count + 10 WHERE id = 1"
    ),
    "time_entries_lie_within_their_shifts": (
        "UPDATE time_entries SET clock_in = datetime(clock_in, '-2 hours'), "
        "total_hours_minutes = total_hours_minutes + 120 WHERE id = 1"
    ),
    "desk_actions_fall_in_clocked_time": (
        "DELETE FROM time_entries WHERE id = (SELECT MIN(t.id) FROM time_entries t "
        "JOIN orders o ON o.created_by = t.user_id AND DATE(o.created_at) = t.entry_date)"
    ),
    "approved_leave_never_on_a_worked_day": (
        "UPDATE inventoryMovements SET "
        "performedBy = (SELECT user_id FROM time_off_requests WHERE status = 'approved' "
        "ORDER BY id LIMIT 1), "
        "createdAt = (SELECT start_date || ' 10:00:00' FROM time_off_requests "
        "WHERE status = 'approved' ORDER BY id LIMIT 1) WHERE id = 1"
    ),
}


def test_every_blocking_rule_has_a_corruption():
    blocking = {rule.check for rule in RULES if rule.blocking}
    assert blocking == set(CORRUPTIONS), f"untested: {sorted(blocking - set(CORRUPTIONS))}"


@pytest.mark.parametrize("check", list(CORRUPTIONS))
def test_one_broken_row_fails_its_rule_naming_it(light, tmp_path, check):
    results = corrupt_and_audit(light, tmp_path, CORRUPTIONS[check])
    result = results[check]
    assert not result.passed, f"{check} passed on corrupted data: {result.summary()}"
    assert result.offending, f"{check} failed without naming the offending row"
    blocking = {rule.check for rule in RULES if rule.blocking}
    others = {c for c, r in results.items() if not r.passed and c in blocking} - {check}
    assert not others, f"corrupting for {check} also failed {sorted(others)}"
