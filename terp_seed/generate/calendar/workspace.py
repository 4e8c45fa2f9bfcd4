"""The calendar's setup: calendars, access, hours, closed days, appointment types, rooms.

Also each person's saved view and invitation settings. All of it is in place before the
history starts, as the calendar migration and the scheduling seeder leave it, plus what the
staff set up for themselves.
"""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import DAY, Staff, Window, holidays, later
from terp_seed.terp import calendar as vocab

HOLIDAY_HORIZON = pd.Timedelta(days=90)


def setup_time(window: Window) -> pd.Timestamp:
    """When the calendar was set up: a month before the history starts."""
    return window.start - 30 * DAY + pd.Timedelta(hours=9)


def calendar_ids() -> dict[str, int]:
    """Calendar id by name, in the migration's order."""
    return {name: index + 1 for index, (name, *_) in enumerate(vocab.CALENDARS)}


def build_calendars(window: Window, staff: Staff) -> pd.DataFrame:
    """The Office (default) and Accounting workspace calendars, owned by the first owner."""
    rows = pd.DataFrame(vocab.CALENDARS, columns=["name", "description", "color", "is_default"])
    at = setup_time(window)
    return rows.assign(
        id=np.arange(1, len(rows) + 1),
        type=vocab.CALENDAR_WORKSPACE,
        is_default=rows["is_default"].astype(int),
        is_archived=0,
        owner_id=int(staff.owners[0]),
        created_at=at,
        updated_at=at,
    )


def build_calendar_user_access(window: Window, users: pd.DataFrame) -> pd.DataFrame:
    """Admins administer every calendar (as the migration grants); staff edit Office's.

    Staff book on the Office calendar and only view Accounting's.
    """
    rows = []
    for name, calendar_id in calendar_ids().items():
        for user_id, role in users[["id", "role"]].itertuples(index=False):
            if role == "admin":
                level = vocab.ACCESS_ADMIN
            else:
                level = vocab.ACCESS_EDIT if name == vocab.OFFICE else vocab.ACCESS_VIEW
            rows.append((calendar_id, int(user_id), level))
    frame = pd.DataFrame(rows, columns=["calendar_id", "user_id", "access_level"])
    joined = pd.to_datetime(frame["user_id"].map(users.set_index("id")["createdAt"]))
    at = later(joined, setup_time(window))
    return frame.assign(id=np.arange(1, len(frame) + 1), created_at=at, updated_at=at)


def build_calendar_availability(window: Window) -> pd.DataFrame:
    """Opening hours: Office Monday-Friday 9-5, Accounting Monday-Friday 10-4."""
    ids = calendar_ids()
    rows = [
        (ids[name], day, opens, closes)
        for name, first, last, opens, closes in vocab.AVAILABILITY
        for day in range(first, last + 1)
    ]
    frame = pd.DataFrame(rows, columns=["calendar_id", "day_of_week", "start_time", "end_time"])
    at = setup_time(window)
    return frame.assign(id=np.arange(1, len(frame) + 1), created_at=at, updated_at=at)


def closed_days(window: Window) -> pd.DataFrame:
    """The holidays the office closes on, through the booking horizon after as-of."""
    return holidays(window.start, window.as_of + HOLIDAY_HORIZON)


def build_calendar_blocked_dates(window: Window) -> pd.DataFrame:
    """Each holiday blocked on both calendars, a month before it comes."""
    days = closed_days(window)
    frame = pd.concat(
        [days.assign(calendar_id=calendar_id) for calendar_id in calendar_ids().values()],
        ignore_index=True,
    )
    at = later(frame["date"] - 30 * DAY + pd.Timedelta(hours=9), setup_time(window))
    at = at.clip(upper=window.as_of + pd.Timedelta(hours=9))
    return pd.DataFrame(
        {
            "id": np.arange(1, len(frame) + 1),
            "calendar_id": frame["calendar_id"].to_numpy(),
            "date": frame["date"].dt.date.to_numpy(),
            "reason": frame["name"].to_numpy(),
            "created_at": at.to_numpy(),
            "updated_at": at.to_numpy(),
        }
    )


def appointment_type_ids() -> dict[str, int]:
    """Appointment type id by name."""
    return {row[1]: index + 1 for index, row in enumerate(vocab.APPOINTMENT_TYPES)}


def build_appointment_types(window: Window) -> pd.DataFrame:
    """Payment Pickup (Accounting) and Client Meeting (Office), as the migration defines them."""
    frame = pd.DataFrame(
        vocab.APPOINTMENT_TYPES,
        columns=[
            "calendar",
            "name",
            "description",
            "duration",
            "buffer_before",
            "buffer_after",
            "min_notice_hours",
            "max_advance_days",
            "color",
        ],
    )
    at = setup_time(window)
    return frame.assign(
        id=np.arange(1, len(frame) + 1),
        calendar_id=frame["calendar"].map(calendar_ids()),
        is_active=1,
        created_at=at,
        updated_at=at,
    ).drop(columns="calendar")


def room_ids() -> dict[str, int]:
    """Room id by name."""
    return {row[0]: index + 1 for index, row in enumerate(vocab.ROOMS)}


def build_rooms(window: Window) -> pd.DataFrame:
    """Three meeting rooms, two loading docks and the receiving bay of the scheduling seeder."""
    frame = pd.DataFrame(
        vocab.ROOMS,
        columns=[
            "name",
            "description",
            "room_type",
            "capacity",
            "features",
            "color",
            "display_order",
        ],
    )
    at = setup_time(window)
    return frame.assign(
        id=np.arange(1, len(frame) + 1),
        features=[json.dumps(features) for features in frame["features"]],
        is_active=1,
        created_at=at,
        updated_at=at,
    )


def build_calendar_views(window: Window, staff: Staff, users: pd.DataFrame) -> pd.DataFrame:
    """Each person's default view: owners watch the month, the floor team its own week."""
    rows = []
    for user_id in staff.ids:
        owner = user_id in staff.owners
        filters = {
            "modules": [] if owner else ["CLIENTS", "ORDERS", "VENDORS", "GENERAL"],
            "eventTypes": [],
            "statuses": ["SCHEDULED", "IN_PROGRESS"],
            "priorities": [],
            "assignedTo": [] if owner else [int(user_id)],
            "showAutoGenerated": True,
        }
        name = "Whole business" if owner else "My week"
        rows.append((int(user_id), name, json.dumps(filters), "MONTH" if owner else "WEEK"))
    frame = pd.DataFrame(rows, columns=["user_id", "name", "filters", "default_view_type"])
    joined = pd.to_datetime(frame["user_id"].map(users.set_index("id")["createdAt"]))
    at = later(joined + DAY, setup_time(window))
    return frame.assign(id=np.arange(1, len(frame) + 1), is_default=1, created_at=at, updated_at=at)


def auto_accept_modules(staff: Staff) -> dict[int, tuple[str, ...]]:
    """The owners accept accounting and compliance invitations without answering them."""
    return {
        int(owner): (vocab.MODULE_ACCOUNTING, vocab.MODULE_COMPLIANCE) for owner in staff.owners
    }


def build_calendar_invitation_settings(window: Window, staff: Staff) -> pd.DataFrame:
    """The owners' auto-accept rules (the only ones anyone set)."""
    rules = auto_accept_modules(staff)
    at = setup_time(window) + DAY
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rules) + 1),
            "user_id": list(rules),
            "auto_accept_all": 0,
            "auto_accept_by_module": [json.dumps(list(modules)) for modules in rules.values()],
            "notify_on_invitation": 1,
            "notify_on_auto_accept": 0,
            "created_at": at,
            "updated_at": at,
        }
    )
