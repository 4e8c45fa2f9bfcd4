"""Property tests of the calendar family: events, attendance and staff time agree with the
business the families before it recorded, in time, on light and full."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from terp_seed.generate import calendar
from terp_seed.store.validate import validate_frame
from terp_seed.terp import calendar as vocab
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]
# Columns that may lie after as-of: scheduled events, shifts, slots and reminders ahead.
SCHEDULED = {
    "calendar_events": ("start_date", "end_date"),
    "calendar_recurrence_instances": ("instance_date",),
    "calendar_blocked_dates": ("date",),
    "calendar_reminders": ("reminder_time",),
    "appointment_requests": ("requested_slot",),
    "delivery_schedules": ("expected_date", "confirmed_date"),
    "room_bookings": ("booking_date",),
    "time_off_requests": ("start_date", "end_date"),
    "employee_shifts": ("shift_date",),
    "timesheet_periods": ("period_end",),
}


def _frames(profile: str) -> tuple:
    run = seeded_run(profile)
    return run, run.calendar, run.tables("customer")


def _start(events: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(
        events["start_date"].astype(str) + " " + events["start_time"].fillna("00:00:00")
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_fits_the_schema(profile):
    run, frames, _ = _frames(profile)
    for table, frame in frames.items():
        validate_frame(table, frame)
        # Scheduled dates may lie ahead; everything else is checked as it stands.
        checked = frame.copy()
        for column in SCHEDULED.get(table, ()):
            checked[column] = pd.to_datetime(checked[column]).clip(upper=cutoff_of(run.params))
        assert_matches_schema(table, checked, cutoff_of(run.params))


def _digest(frames) -> str:
    return hashlib.sha256(
        b"".join(frames[t].to_csv(index=False).encode() for t in sorted(frames))
    ).hexdigest()


def test_same_inputs_give_byte_identical_frames():
    run, frames, upstream = _frames("light")
    again = calendar.FAMILY.generate(run.params, upstream)
    assert _digest(again) == _digest(frames), "the calendar family is not deterministic"


def test_a_different_seed_gives_a_different_calendar():
    run, frames, upstream = _frames("light")
    other = calendar.FAMILY.generate(
        run.params.__class__(**{**run.params.__dict__, "seed": 7}), upstream
    )
    assert _digest(other) != _digest(frames), "the seed does not reach the calendar's draws"


def test_full_profile_holds_the_data_001_volumes():
    _, frames, _ = _frames("full")
    events = frames["calendar_events"]
    kinds = {
        "client meetings": (events["module"] == "CLIENTS") & (events["event_type"] == "MEETING"),
        "deliveries": events["event_type"] == "DELIVERY",
        "vendor appointments": events["event_type"] == "INTAKE",
    }
    counts = {kind: int(mask.sum()) for kind, mask in kinds.items()}
    internal = events["module"].isin(["GENERAL", "ACCOUNTING", "INVENTORY", "COMPLIANCE"]) & (
        events["auto_generation_rule"].isna()
    )
    counts["internal"] = int(internal.sum())
    wanted = {"client meetings": 95, "deliveries": 80, "vendor appointments": 40, "internal": 60}
    short = {kind: (counts[kind], n) for kind, n in wanted.items() if counts[kind] < n}
    assert not short, f"(events, minimum) short on the full profile: {short}"
    assert 200 <= len(events) <= 330, f"{len(events)} events on the full profile"


@pytest.mark.parametrize("profile", PROFILES)
def test_deliveries_fall_between_their_order_and_its_due_date(profile):
    _, frames, upstream = _frames(profile)
    events = frames["calendar_events"]
    runs = events[events["entity_type"] == "order"]
    orders = upstream["orders"].set_index("id").loc[runs["entity_id"].astype(int)]
    day = pd.to_datetime(runs["start_date"]).to_numpy()
    ordered = pd.to_datetime(orders["created_at"]).dt.normalize().to_numpy()
    due = pd.to_datetime(orders["due_date"]).to_numpy()
    bad = (day < ordered) | (day > due)
    assert not bad.any(), f"delivery event {runs['id'].to_numpy()[bad][:3]} outside its order"
    assert (runs["client_id"].to_numpy() == orders["client_id"].to_numpy()).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_events_ahead_are_scheduled_and_past_ones_completed_or_cancelled(profile):
    run, frames, _ = _frames(profile)
    events = frames["calendar_events"]
    ahead = pd.to_datetime(events["start_date"]) > run.as_of
    series = events["is_recurring"] == 1
    wrong_ahead = ahead & (events["status"] != vocab.SCHEDULED)
    assert not wrong_ahead.any(), (
        f"event {events.loc[wrong_ahead, 'id'].iloc[0]} ahead, not scheduled"
    )
    past = ~ahead & ~series
    open_past = past & ~events["status"].isin([vocab.COMPLETED, vocab.CANCELLED])
    assert not open_past.any(), f"past event {events.loc[open_past, 'id'].iloc[0]} left open"
    history = frames["calendar_event_history"]
    done = history[history["change_type"] == "COMPLETED"]["event_id"]
    assert (
        not events.set_index("id").loc[done, "start_date"].pipe(pd.to_datetime).gt(run.as_of).any()
    ), "a completion is recorded for an event ahead of as-of"


@pytest.mark.parametrize("profile", PROFILES)
def test_reminders_fire_before_their_events_to_participants(profile):
    _, frames, _ = _frames(profile)
    events = frames["calendar_events"].set_index("id")
    reminders = frames["calendar_reminders"]
    start = _start(events.reset_index()).set_axis(events.index)
    late = reminders["reminder_time"].to_numpy() >= start.loc[reminders["event_id"]].to_numpy()
    assert not late.any(), f"reminder {reminders['id'].to_numpy()[late][:3]} not before its event"
    keys = pd.MultiIndex.from_frame(frames["calendar_event_participants"][["event_id", "user_id"]])
    stranger = ~pd.MultiIndex.from_frame(reminders[["event_id", "user_id"]]).isin(keys)
    assert not stranger.any(), (
        f"reminder {reminders['id'].to_numpy()[stranger][:3]} to a non-participant"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_participants_are_staff_and_guests_the_events_own(profile):
    _, frames, upstream = _frames(profile)
    staff = set(upstream["users"]["id"])
    participants = frames["calendar_event_participants"]
    assert set(participants["user_id"]) <= staff, "a participant is not a staff user"
    invitations = frames["calendar_event_invitations"]
    events = frames["calendar_events"].set_index("id")
    buyers = invitations[invitations["invitee_type"] == vocab.INVITEE_CLIENT]
    theirs = events.loc[buyers["event_id"], "client_id"].to_numpy()
    assert (buyers["client_id"].to_numpy() == theirs).all(), "a buyer invited to another's meeting"
    organizers = participants[participants["role"] == vocab.ORGANIZER].set_index("event_id")
    assert (
        organizers.loc[events.index, "user_id"].to_numpy() == events["created_by"].to_numpy()
    ).all()


def _desk_actions(upstream) -> pd.DataFrame:
    parts = []
    for table, user, at in vocab.DESK_ACTIONS:
        frame = upstream[table][[user, at]].dropna()
        parts.append(
            pd.DataFrame(
                {
                    "user_id": frame[user].astype(int).to_numpy(),
                    "at": pd.to_datetime(frame[at]).to_numpy(),
                    "table": table,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_desk_action_falls_in_a_time_entry_inside_its_shift(profile):
    _, frames, upstream = _frames(profile)
    entries = frames["time_entries"]
    actions = _desk_actions(upstream).assign(entry_date=lambda f: f["at"].dt.normalize())
    keyed = entries.assign(entry_date=pd.to_datetime(entries["entry_date"]))
    joined = actions.merge(keyed, on=["user_id", "entry_date"], how="left")
    covered = (joined["clock_in"] <= joined["at"]) & (joined["at"] <= joined["clock_out"])
    on_break = (joined["break_start"] <= joined["at"]) & (joined["at"] < joined["break_end"])
    bad = ~(covered & ~on_break.fillna(False))
    assert not bad.any(), f"unclocked desk action {joined[bad].iloc[0].to_dict()}"
    shifts = frames["employee_shifts"].set_index("id").loc[entries["shift_id"]]
    start = pd.to_datetime(shifts["shift_date"].astype(str) + " " + shifts["start_time"])
    end = pd.to_datetime(shifts["shift_date"].astype(str) + " " + shifts["end_time"])
    grace = pd.Timedelta(minutes=vocab.SHIFT_GRACE_MINUTES)
    outside = (entries["clock_in"].to_numpy() < (start - grace).to_numpy()) | (
        entries["clock_out"].to_numpy() > (end + grace).to_numpy()
    )
    assert not outside.any(), (
        f"time entry {entries['id'].to_numpy()[outside][:3]} outside its shift"
    )
    total = entries["regular_hours_minutes"] + entries["overtime_hours_minutes"]
    assert (total == entries["total_hours_minutes"]).all(), "regular + overtime is not the total"
    assert (entries["regular_hours_minutes"] <= vocab.DAILY_OVERTIME_THRESHOLD_MINUTES).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_approved_leave_covers_no_worked_day(profile):
    _, frames, upstream = _frames(profile)
    requests = frames["time_off_requests"]
    approved = requests[requests["status"] == vocab.REQUEST_APPROVED]
    worked = set()
    for table, user, at in vocab.ALL_ACTIONS:
        frame = upstream[table][[user, at]].dropna()
        worked |= set(zip(frame[user].astype(int), pd.to_datetime(frame[at]).dt.normalize()))
    for row in approved.itertuples(index=False):
        for day in pd.date_range(row.start_date, row.end_date):
            assert (row.user_id, day) not in worked, (
                f"time off {row.id} of user {row.user_id} covers {day.date()}, a worked day"
            )
    assert approved["calendar_event_id"].notna().all(), "approved leave without its event"
    rejected = requests[requests["status"] == vocab.REQUEST_REJECTED]
    assert rejected["calendar_event_id"].isna().all(), "rejected leave with an event"


def test_timesheets_add_up_their_time_entries():
    _, frames, _ = _frames("full")
    entries = frames["time_entries"]
    sheets = frames["employee_timesheets"]
    periods = frames["timesheet_periods"]
    starts = pd.to_datetime(periods["period_start"]).to_numpy()
    period = periods["id"].to_numpy()[
        np.searchsorted(starts, pd.to_datetime(entries["entry_date"]).to_numpy(), side="right") - 1
    ]
    sums = (
        entries.assign(period_id=period)
        .groupby(["user_id", "period_id"])["total_hours_minutes"]
        .sum()
    )
    got = sheets.set_index(["user_id", "period_id"])["grand_total_minutes"]
    assert got.sort_index().equals(sums.sort_index().astype(got.dtype)), "timesheet totals drift"


def test_referred_buyers_are_introduced_before_their_first_order():
    _, frames, upstream = _frames("full")
    referrals = frames["appointment_referrals"]
    assert len(referrals), "no referred buyer was introduced on the full profile"
    events = frames["calendar_events"].set_index("id").loc[referrals["calendar_event_id"]]
    tracked = upstream["referral_tracking"].set_index("referred_client_id").loc[events["client_id"]]
    assert (tracked["referrer_client_id"].to_numpy() == referrals["referring_client_id"]).all()
    first = upstream["orders"].set_index("id").loc[tracked["first_order_id"].astype(int)]
    before = (
        pd.to_datetime(events["start_date"]).to_numpy()
        < pd.to_datetime(first["created_at"]).dt.normalize().to_numpy()
    )
    assert before.all(), f"introduction {referrals['id'].to_numpy()[~before][:3]} after the order"


@pytest.mark.parametrize("profile", PROFILES)
def test_cash_audits_chain_on_the_register(profile):
    _, frames, upstream = _frames(profile)
    audits = frames["shift_audits"].sort_values("shift_start")
    assert (audits["status"] == "ACTIVE").sum() == 1, "one active cash-audit shift"
    closed = audits[audits["status"] == "CLOSED"]
    following = audits["starting_balance"].shift(-1)[closed.index]
    assert np.allclose(following, closed["actual_count"]), "a shift does not open at the count"
    moves = upstream["cash_location_transactions"]
    for row in closed.itertuples(index=False):
        inside = moves[
            (moves["created_at"] >= row.shift_start) & (moves["created_at"] < row.shift_end)
        ]
        signed = np.where(inside["transaction_type"] == "IN", 1, -1) * inside["amount"]
        assert abs(row.starting_balance + signed.sum() - row.expected_balance) < 0.005, row
