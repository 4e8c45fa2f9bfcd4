"""HR and time: the shifts staff worked, their clocked time, time off, and biweekly timesheets.

Everything here follows the hours the staff are recorded working upstream. A day on which a
person placed an order, recorded a payment, raised a PO or received an intake (the desk
actions of `terp.calendar.DESK_ACTIONS`) is a day they worked: they have a shift that day whose
template covers those actions, and a time entry that clocks in before the first and out after
the last. Approved time off falls only on weekdays a person did nothing at all; requests for
days they did work were turned down; requests for the weeks after as-of are still pending or
approved for later.
"""

import dataclasses

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import (
    DAY,
    MINUTE,
    STREAMS,
    Staff,
    Window,
    actions,
    earlier,
    holidays,
    later,
    minutes,
    working_day_on_or_after,
)
from terp_seed.generate.family import Tables
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp import calendar as vocab

_TEMPLATES = {row[0]: row for row in vocab.SHIFT_TEMPLATES}
# A day whose actions no template covers (in at 8, still at the desk after 3) is a day shift
# started early: scheduled as overtime.
_EARLY_START = pd.Timedelta(hours=8)
_FUTURE_SHIFT_DAYS = 14
_REJECTED_PER_USER_PER_MONTH = 1 / 6
_FUTURE_REQUEST_SHARE = 0.7
_QUIET_DAYS_TAKEN_OFF = 0.3


@dataclasses.dataclass(frozen=True)
class TimeOff:
    """Time-off requests planned before ids: user, type, first and last day, status, dates."""

    requests: pd.DataFrame


def desk_days(tables: Tables, window: Window) -> pd.DataFrame:
    """Each (user, day) with desk actions: its first and last action and how many there were."""
    desk = actions(tables, vocab.DESK_ACTIONS)
    desk = desk[desk["at"] <= window.now]
    desk = desk.assign(day=desk["at"].dt.normalize())
    days = desk.groupby(["user", "day"], sort=True)["at"].agg(["min", "max", "size"])
    days = days.rename(columns={"min": "first", "max": "last", "size": "actions"}).reset_index()
    on_break = _actions_on_break(desk, days)
    return days.assign(action_on_break=on_break)


def _template_times(days: pd.DataFrame) -> pd.DataFrame:
    """The template each worked day follows: the first that covers its actions, else early."""
    first = days["first"] - days["day"]
    last = days["last"] - days["day"]
    hours = pd.Timedelta(hours=1)
    choices = [
        (first >= 9 * hours) & (last < 17 * hours),
        (first >= 7 * hours) & (last < 15 * hours),
        (first >= 11 * hours) & (last < 19 * hours),
    ]
    names = np.select(choices, [vocab.DAY_SHIFT, vocab.FLEX_MORNING, vocab.FLEX_AFTERNOON], "")
    early = names == ""
    names = np.where(early, vocab.DAY_SHIFT, names)
    start = pd.Series([_TEMPLATES[n][2] for n in names], index=days.index)
    end = pd.Series([_TEMPLATES[n][3] for n in names], index=days.index)
    start_at = days["day"] + pd.to_timedelta(start)
    end_at = days["day"] + pd.to_timedelta(end)
    # An early day starts on the hour of its first action and runs to the later of 5 PM and
    # the hour after its last action.
    start_at = start_at.where(~early, days["first"].dt.floor("h").clip(upper=start_at))
    end_at = end_at.where(~early, later(end_at, days["last"].dt.floor("h") + hours))
    return pd.DataFrame(
        {
            "template": names,
            "early": early,
            "start_at": start_at,
            "end_at": end_at,
            "break_start": [_TEMPLATES[n][4] for n in names],
            "break_end": [_TEMPLATES[n][5] for n in names],
        },
        index=days.index,
    )


def _actions_on_break(desk: pd.DataFrame, days: pd.DataFrame) -> np.ndarray:
    """Whether a day has a desk action inside its template's break (then no break is taken)."""
    templates = _template_times(days.assign(action_on_break=False))
    bounds = days[["user", "day"]].assign(
        break_from=days["day"] + pd.to_timedelta(templates["break_start"]),
        break_to=days["day"] + pd.to_timedelta(templates["break_end"]),
    )
    joined = desk.merge(bounds, on=["user", "day"])
    inside = (joined["at"] >= joined["break_from"]) & (joined["at"] < joined["break_to"])
    clash = joined[inside.fillna(False)].groupby(["user", "day"]).size()
    keys = pd.MultiIndex.from_frame(days[["user", "day"]])
    return keys.isin(clash.index)


def plan_shifts(
    params: SeedParams, days: pd.DataFrame, window: Window, staff: Staff, time_off: TimeOff
) -> pd.DataFrame:
    """Every shift: one per worked day (completed), then two weeks ahead (scheduled).

    Columns: id, user, day, template, shift_type, start_at, end_at, break_start, break_end,
    status, created_at; worked shifts also carry first, last and action_on_break.
    """
    templates = _template_times(days)
    worked = pd.concat([days, templates], axis=1).assign(
        shift_type=np.where(templates["early"], vocab.SHIFT_OVERTIME, vocab.SHIFT_REGULAR),
        status=vocab.SHIFT_COMPLETED,
    )
    ahead = _scheduled_ahead(window, staff, time_off)
    shifts = pd.concat([worked, ahead], ignore_index=True)
    # The manager posts next week's rota on Friday afternoon.
    monday = shifts["day"] - pd.to_timedelta(shifts["day"].dt.dayofweek, unit="D")
    posted = monday - 3 * DAY + pd.Timedelta(hours=15)
    joined = shifts["user"].map(staff.joined)
    shifts["created_at"] = earlier(later(posted, joined), window.now)
    shifts = shifts.sort_values(["day", "user"], kind="stable").reset_index(drop=True)
    return shifts.assign(id=np.arange(1, len(shifts) + 1))


def _scheduled_ahead(window: Window, staff: Staff, time_off: TimeOff) -> pd.DataFrame:
    days = pd.Series(pd.date_range(window.as_of + DAY, periods=_FUTURE_SHIFT_DAYS, freq="D"))
    closed = holidays(days.min(), days.max())["date"]
    days = days[(days.dt.dayofweek < 5) & ~days.isin(closed)]
    grid = pd.MultiIndex.from_product([staff.ids, days], names=["user", "day"]).to_frame(False)
    away = _approved_days(time_off.requests)
    keys = pd.MultiIndex.from_frame(grid[["user", "day"]])
    grid = grid[~keys.isin(pd.MultiIndex.from_frame(away))].reset_index(drop=True)
    name, _, start, end, break_start, break_end, _ = _TEMPLATES[vocab.DAY_SHIFT]
    return grid.assign(
        template=name,
        start_at=grid["day"] + pd.Timedelta(start),
        end_at=grid["day"] + pd.Timedelta(end),
        break_start=break_start,
        break_end=break_end,
        shift_type=vocab.SHIFT_REGULAR,
        status=vocab.SHIFT_SCHEDULED,
    )


def _approved_days(requests: pd.DataFrame) -> pd.DataFrame:
    approved = requests[requests["status"] == vocab.REQUEST_APPROVED]
    if not len(approved):
        return pd.DataFrame({"user": pd.Series(dtype=int), "day": pd.Series(dtype="M8[ns]")})
    spans = [
        pd.DataFrame({"user": user, "day": pd.date_range(first, last, freq="D")})
        for user, first, last in approved[["user", "first_day", "last_day"]].itertuples(False)
    ]
    return pd.concat(spans, ignore_index=True)


def plan_time_entries(params: SeedParams, shifts: pd.DataFrame) -> pd.DataFrame:
    """One time entry per worked shift: in before the first action, out after the last.

    Worked minutes split as TERP's clock-out splits them: up to the default overtime rule's
    daily threshold regular, the rest overtime.
    """
    worked = shifts[shifts["status"] == vocab.SHIFT_COMPLETED].reset_index(drop=True)
    rng = stream(params.seed, STREAMS, "time_entry_clock")
    count = len(worked)
    clock_in = (worked["start_at"] + minutes(rng, -12, 3, count)).clip(
        upper=worked["first"] - MINUTE
    )
    clock_out = (worked["end_at"] + minutes(rng, -3, 14, count)).clip(lower=worked["last"] + MINUTE)
    takes_break = worked["break_start"].notna() & ~worked["action_on_break"].astype(bool)
    break_from = (worked["day"] + pd.to_timedelta(worked["break_start"])).where(takes_break)
    break_to = (worked["day"] + pd.to_timedelta(worked["break_end"])).where(takes_break)
    break_minutes = ((break_to - break_from) / MINUTE).fillna(0).astype(int)
    total = ((clock_out - clock_in) / MINUTE).astype(int) - break_minutes
    threshold = vocab.DAILY_OVERTIME_THRESHOLD_MINUTES
    return pd.DataFrame(
        {
            "id": worked["id"].to_numpy(),
            "user": worked["user"].to_numpy(),
            "day": worked["day"].to_numpy(),
            "shift_id": worked["id"].to_numpy(),
            "shift_type": worked["shift_type"].to_numpy(),
            "clock_in": clock_in.to_numpy(),
            "clock_out": clock_out.to_numpy(),
            "break_from": break_from.to_numpy(),
            "break_to": break_to.to_numpy(),
            "break_minutes": break_minutes.to_numpy(),
            "total_minutes": total.to_numpy(),
            "regular_minutes": np.minimum(total, threshold).to_numpy(),
            "overtime_minutes": np.maximum(total - threshold, 0).to_numpy(),
        }
    )


def plan_periods(window: Window, staff: Staff, first_day: pd.Timestamp) -> pd.DataFrame:
    """Biweekly pay periods from the Monday of the first day worked; closed three days after."""
    first_day = min(window.start, first_day)
    first = first_day - pd.Timedelta(days=first_day.dayofweek)
    starts = pd.Series(pd.date_range(first, window.as_of, freq="14D"))
    ends = starts + 13 * DAY
    closed_at = ends + 3 * DAY + pd.Timedelta(hours=10)
    closed = closed_at <= window.now
    return pd.DataFrame(
        {
            "id": np.arange(1, len(starts) + 1),
            "period_start": starts,
            "period_end": ends,
            "closed": closed,
            "closed_at": closed_at.where(closed),
            "approved_at": (ends + 2 * DAY + pd.Timedelta(hours=16)).where(closed),
            "submitted_at": (ends + DAY + pd.Timedelta(hours=17)).where(closed),
            "closed_by": staff.owners[0],
        }
    )


def period_of(days: pd.Series, periods: pd.DataFrame) -> np.ndarray:
    """The pay period id each day falls in."""
    position = np.searchsorted(periods["period_start"].to_numpy(), days.to_numpy(), side="right")
    return periods["id"].to_numpy()[position - 1]


def plan_time_off(
    params: SeedParams, tables: Tables, window: Window, staff: Staff, booked: pd.DataFrame
) -> TimeOff:
    """Time-off requests: approved on free weekdays, turned down on worked ones, some ahead.

    Args:
        params: The run's parameters.
        tables: The upstream tables (the recorded staff actions).
        window: The run's window.
        staff: The seeded staff.
        booked: (user, day) of the calendar events each person attends: busy days too.
    """
    acted = actions(tables, vocab.ALL_ACTIONS)
    acted = acted.assign(day=acted["at"].dt.normalize())[["user", "day"]]
    busy = pd.concat([acted, booked[["user", "day"]]], ignore_index=True).drop_duplicates()
    closed = holidays(window.start, window.as_of + 90 * DAY)["date"]
    approved = _past_time_off(params, busy, window, staff, closed)
    rejected = _turned_down(params, acted.drop_duplicates(), window, staff)
    ahead = _requests_ahead(params, window, staff, closed, busy)
    requests = pd.concat([approved, rejected, ahead], ignore_index=True)
    joined = requests["user"].map(staff.joined)
    requests["created_at"] = later(requests["created_at"], joined)
    requests = requests.sort_values(["created_at", "user"], kind="stable").reset_index(drop=True)
    return TimeOff(requests.assign(id=np.arange(1, len(requests) + 1)))


def _free_runs(
    acted: pd.DataFrame, window: Window, staff: Staff, closed: pd.Series
) -> pd.DataFrame:
    """Runs of consecutive open weekdays on which a person did nothing at all."""
    days = pd.Series(pd.date_range(window.start, window.as_of, freq="D"))
    days = days[(days.dt.dayofweek < 5) & ~days.isin(closed)]
    grid = pd.MultiIndex.from_product([staff.ids, days], names=["user", "day"]).to_frame(False)
    worked = pd.MultiIndex.from_frame(acted[["user", "day"]])
    free = grid[~pd.MultiIndex.from_frame(grid).isin(worked)].reset_index(drop=True)
    if not len(free):
        return pd.DataFrame(columns=["user", "first_day", "last_day", "days"])
    # A new run starts where the previous free day of the same person is not the previous
    # working day (a weekend between two free days does not break a run).
    gap = free["day"].diff().dt.days
    new_run = (
        (free["user"] != free["user"].shift())
        | (gap > 3)
        | ((gap > 1) & (free["day"].dt.dayofweek != 0))
    )
    run = new_run.cumsum()
    runs = free.groupby(run).agg(
        user=("user", "first"),
        first_day=("day", "min"),
        last_day=("day", "max"),
        days=("day", "size"),
    )
    return runs.reset_index(drop=True)


def _past_time_off(
    params: SeedParams, acted: pd.DataFrame, window: Window, staff: Staff, closed: pd.Series
) -> pd.DataFrame:
    runs = _free_runs(acted, window, staff, closed)
    rng = stream(params.seed, STREAMS, "time_off_past")
    # Longer gaps are not one request; most quiet days are simply days nothing was recorded.
    taken = (runs["days"] <= 5) & (rng.random(len(runs)) < _QUIET_DAYS_TAKEN_OFF)
    runs = runs[taken.to_numpy()].reset_index(drop=True)
    count = len(runs)
    single = runs["days"].to_numpy() == 1
    kind = np.where(
        single, rng.choice(["sick", "personal"], count, p=[0.6, 0.4]), "vacation"
    ).astype(object)
    first = pd.to_datetime(runs["first_day"])
    lead = np.where(kind == "vacation", rng.integers(7, 31, count), rng.integers(2, 8, count))
    created = (
        first
        - pd.to_timedelta(lead, unit="D")
        + pd.Timedelta(hours=10)
        + minutes(rng, 0, 300, count)
    )
    # Sick days are called in that morning and approved by nine.
    sick = kind == "sick"
    created = created.where(~sick, first + pd.Timedelta(hours=7) + minutes(rng, 0, 50, count))
    responded = created + minutes(rng, 60, 1_200, count)
    responded = responded.where(~sick, first + pd.Timedelta(hours=9))
    responded = earlier(responded, first - pd.Timedelta(minutes=1)).where(~sick, responded)
    return pd.DataFrame(
        {
            "user": runs["user"].astype(int).to_numpy(),
            "time_off_type": kind,
            "first_day": first.to_numpy(),
            "last_day": pd.to_datetime(runs["last_day"]).to_numpy(),
            "status": vocab.REQUEST_APPROVED,
            "created_at": created.to_numpy(),
            "responded_at": responded.to_numpy(),
            "responded_by": staff.approver_for(runs["user"].astype(int).to_numpy()),
            "response_notes": np.where(sick, "Feel better soon", "Approved, enjoy"),
        }
    )


def _turned_down(
    params: SeedParams, acted: pd.DataFrame, window: Window, staff: Staff
) -> pd.DataFrame:
    """Requests for days the person then worked: the business needed them those days."""
    rng = stream(params.seed, STREAMS, "time_off_rejected")
    weekdays = acted[(acted["day"].dt.dayofweek < 5) & (acted["day"] > window.start + 21 * DAY)]
    per_user = max(1, round(params.months * _REJECTED_PER_USER_PER_MONTH))
    shuffled = weekdays.iloc[rng.permutation(len(weekdays))]
    picks = shuffled.groupby("user").head(per_user).sort_values(["user", "day"])
    count = len(picks)
    first = picks["day"].reset_index(drop=True)
    created = first - pd.to_timedelta(rng.integers(8, 21, count), unit="D") + pd.Timedelta(hours=11)
    users = picks["user"].astype(int).to_numpy()
    return pd.DataFrame(
        {
            "user": users,
            "time_off_type": rng.choice(["vacation", "personal"], count),
            "first_day": first.to_numpy(),
            "last_day": first.to_numpy(),
            "status": vocab.REQUEST_REJECTED,
            "created_at": created.to_numpy(),
            "responded_at": (created + minutes(rng, 120, 1_440, count)).to_numpy(),
            "responded_by": staff.approver_for(users),
            "response_notes": "We are short-handed that day; please pick another date",
        }
    )


def _requests_ahead(
    params: SeedParams, window: Window, staff: Staff, closed: pd.Series, busy: pd.DataFrame
) -> pd.DataFrame:
    """Vacation asked for the weeks after as-of: approved already, or still waiting."""
    rng = stream(params.seed, STREAMS, "time_off_ahead")
    users = staff.ids[rng.random(len(staff.ids)) < _FUTURE_REQUEST_SHARE]
    count = len(users)
    first = pd.Series(window.as_of + pd.to_timedelta(rng.integers(10, 60, count), unit="D"))
    first = working_day_on_or_after(first, closed)
    length = rng.integers(1, 5, count)
    last = first + pd.to_timedelta(length - 1, unit="D")
    last = last.where(last.dt.dayofweek < 5, last - pd.to_timedelta(last.dt.dayofweek - 4, "D"))
    created = pd.Series(
        window.as_of - pd.to_timedelta(rng.integers(1, 12, count), unit="D")
    ) + pd.Timedelta(hours=10)
    # A request that clashes with an event the person is booked on waits for a decision.
    clash = np.array(
        [
            ((busy["user"] == user) & busy["day"].between(start, end)).any()
            for user, start, end in zip(users, first, last, strict=True)
        ],
        dtype=bool,
    )
    approved = (rng.random(count) < 0.6) & ~clash
    responded = (created + minutes(rng, 60, 1_440, count)).clip(upper=window.now)
    return pd.DataFrame(
        {
            "user": users,
            "time_off_type": "vacation",
            "first_day": first.to_numpy(),
            "last_day": last.to_numpy(),
            "status": np.where(approved, vocab.REQUEST_APPROVED, vocab.REQUEST_PENDING),
            "created_at": created.to_numpy(),
            "responded_at": responded.where(approved).to_numpy(),
            "responded_by": np.where(approved, staff.approver_for(users), None),
            "response_notes": np.where(approved, "Approved, enjoy", None),
        }
    )
