"""Events staff hold among themselves, and the all-day events of approved time off."""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import (
    DAY,
    STREAMS,
    Staff,
    Window,
    working_day_on_or_after,
    working_day_on_or_before,
)
from terp_seed.generate.calendar.events import HORIZON, plan_frame
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp import calendar as vocab

HUDDLE_TITLE = "Weekly sales huddle"
# Internal events are put in the calendar two weeks ahead.
NOTICE = pd.Timedelta(days=14)


def _months(window: Window) -> pd.Series:
    first = window.start.to_period("M").to_timestamp()
    return pd.Series(
        pd.date_range(first - pd.offsets.MonthBegin(1), window.as_of + HORIZON, freq="MS")
    )


def _within(days: pd.Series, window: Window) -> pd.Series:
    return (days >= window.start) & (days <= window.as_of + HORIZON)


def plan_internal_events(
    params: SeedParams, window: Window, staff: Staff, closed: pd.Series, warehouse: np.ndarray
) -> pd.DataFrame:
    """Month-end closes, cycle counts, quarterly reviews and the weekly huddle series."""
    rng = stream(params.seed, STREAMS, "internal_events")
    months = _months(window)
    close_day = working_day_on_or_after(months + pd.offsets.MonthBegin(1), closed)
    count_day = working_day_on_or_before(
        months
        + pd.offsets.MonthEnd(0)
        - pd.to_timedelta(((months + pd.offsets.MonthEnd(0)).dt.dayofweek - 4) % 7, unit="D"),
        closed,
    )
    quarters = months[months.dt.month.isin([1, 4, 7, 10])]
    review_day = working_day_on_or_after(
        quarters + pd.to_timedelta((1 - quarters.dt.dayofweek) % 7, unit="D"), closed
    )
    compliance_day = working_day_on_or_after(
        quarters + pd.offsets.MonthBegin(1) + pd.Timedelta(days=14), closed
    )
    floor = staff.floor
    helper = lambda n: [int(x) for x in rng.choice(floor, n)]  # noqa: E731
    parts = [
        _series(
            window,
            close_day,
            months.dt.strftime("Month-end close: %B %Y"),
            "10:00:00",
            90,
            vocab.MODULE_ACCOUNTING,
            vocab.TYPE_MEETING,
            vocab.ACCOUNTING,
            "Conference Room B",
            lambda n: [[int(staff.owners[-1]), int(staff.owners[0]), f] for f in helper(n)],
            "Close the books: reconcile bank, receivables and payables",
        ),
        _series(
            window,
            count_day,
            months.dt.strftime("Inventory cycle count: %B %Y"),
            "08:00:00",
            180,
            vocab.MODULE_INVENTORY,
            vocab.TYPE_AUDIT,
            vocab.OFFICE,
            None,
            lambda n: [[int(staff.owners[0]), *map(int, warehouse[:2])]] * n,
            "Count the vault and warehouse bins against on-hand stock",
        ),
        _series(
            window,
            review_day,
            _quarter_names(quarters - DAY, "Quarterly business review"),
            "14:00:00",
            120,
            vocab.MODULE_GENERAL,
            vocab.TYPE_MEETING,
            vocab.OFFICE,
            "Conference Room A",
            lambda n: [list(map(int, staff.ids))] * n,
            "Sales, margins, receivables and the plan for the quarter",
        ),
        _series(
            window,
            compliance_day,
            _quarter_names(quarters + 40 * DAY, "Quarterly compliance review"),
            "13:00:00",
            90,
            vocab.MODULE_COMPLIANCE,
            vocab.TYPE_AUDIT,
            vocab.OFFICE,
            "Conference Room B",
            lambda n: [[int(staff.owners[0]), int(staff.owners[-1])]] * n,
            "Licences, manifests and testing records",
            vocab.VISIBILITY_TEAM,
        ),
        _huddle(window, staff, closed),
    ]
    return pd.concat(parts, ignore_index=True)


def _quarter_names(days: pd.Series, title: str) -> pd.Series:
    return title + ": Q" + days.dt.quarter.astype(str) + " " + days.dt.year.astype(str)


def _series(
    window: Window,
    days: pd.Series,
    titles: pd.Series,
    at: str,
    length_minutes: int,
    module: str,
    event_type: str,
    calendar: str,
    room: str | None,
    teams: object,
    description: str,
    visibility: str = vocab.VISIBILITY_COMPANY,
) -> pd.DataFrame:
    keep = _within(days, window).to_numpy()
    days, titles = days[keep].reset_index(drop=True), titles[keep].reset_index(drop=True)
    count = len(days)
    start = days + pd.Timedelta(at)
    team = teams(count)
    team = [list(dict.fromkeys(members)) for members in team]
    organizer = np.array([members[0] for members in team], dtype=int)
    return plan_frame(
        {
            "kind": "internal",
            "title": titles,
            "description": description,
            "location": room or "Main Warehouse",
            "start": start,
            "end": start + pd.Timedelta(minutes=length_minutes),
            "all_day": False,
            "module": module,
            "event_type": event_type,
            "priority": "HIGH" if module == vocab.MODULE_ACCOUNTING else "MEDIUM",
            "visibility": visibility,
            "calendar": calendar,
            "created_by": organizer,
            "assigned_to": organizer,
            "created_at": _noticed(start, window),
            "cancelled": False,
            "recurring": False,
            "staff": team,
            "room": room,
        },
        count,
    )


def _noticed(start: pd.Series, window: Window) -> pd.Series:
    """Put in the calendar two weeks ahead, at nine (never after as-of)."""
    posted = start.dt.normalize() - NOTICE + pd.Timedelta(hours=9)
    return posted.clip(upper=window.as_of + pd.Timedelta(hours=9), lower=window.start - NOTICE)


def _huddle(window: Window, staff: Staff, closed: pd.Series) -> pd.DataFrame:
    """The sales team's Monday huddle: one recurring event from the first Monday on."""
    first_monday = window.start + pd.Timedelta(days=(7 - window.start.dayofweek) % 7)
    start = pd.Series([first_monday + pd.Timedelta(hours=9)])
    return plan_frame(
        {
            "kind": "internal",
            "title": HUDDLE_TITLE,
            "description": "The week's orders, deliveries and follow-ups",
            "location": "Conference Room A",
            "start": start,
            "end": start + pd.Timedelta(minutes=30),
            "all_day": False,
            "module": vocab.MODULE_GENERAL,
            "event_type": vocab.TYPE_MEETING,
            "priority": "MEDIUM",
            "visibility": vocab.VISIBILITY_COMPANY,
            "calendar": vocab.OFFICE,
            "created_by": int(staff.owners[0]),
            "assigned_to": int(staff.owners[0]),
            "created_at": (start - 7 * DAY).clip(lower=staff.joined.max()),
            "cancelled": False,
            "recurring": True,
            "staff": [list(map(int, staff.ids))],
            "room": "Conference Room A",
        },
        1,
    )


def plan_time_off_events(requests: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    """The all-day event TERP writes when a time-off request is approved."""
    approved = requests[requests["status"] == vocab.REQUEST_APPROVED].reset_index(drop=True)
    names = users.set_index("id")["name"]
    user = approved["user"].astype(int)
    return plan_frame(
        {
            "kind": "time_off",
            "title": "Time off: " + user.map(names) + " (" + approved["time_off_type"] + ")",
            "start": approved["first_day"],
            "end": approved["last_day"],
            "all_day": True,
            "module": vocab.MODULE_GENERAL,
            "event_type": vocab.TYPE_OTHER,
            "priority": "LOW",
            "visibility": vocab.VISIBILITY_TEAM,
            "entity_type": "time_off_request",
            "entity_id": approved["id"].to_numpy(),
            "calendar": vocab.OFFICE,
            "created_by": user.to_numpy(),
            "assigned_to": user.to_numpy(),
            "created_at": approved["responded_at"],
            "cancelled": False,
            "recurring": False,
            "auto_rule": vocab.TIME_OFF_RULE_PREFIX + approved["id"].astype(str),
            "staff": [[u] for u in user],
        },
        len(approved),
    )
