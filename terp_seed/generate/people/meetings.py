"""Client meetings held on the calendar: their history rows, the logged meeting, the notes.

The calendar family schedules the meetings; this side records what a held meeting leaves
behind: a `client_meeting_history` row (TERP's meeting record, with attendees and action
items), a MEETING entry in the client's communications, and the organiser's meeting notes.
A cancelled meeting leaves only its history row, marked cancelled.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.world import World, to_json

MEETING_TYPE = "sales"
ACTION_ITEMS = (
    "Send the updated price sheet",
    "Hold samples of the new indoor drop",
    "Confirm next delivery window",
)
# An action item is ticked off within this many days of the meeting.
ACTION_ITEM_DAYS = 3


def event_times(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each calendar event's start and end moments from its date and time columns."""
    start = pd.to_datetime(events["start_date"].astype(str) + " " + events["start_time"])
    end = pd.to_datetime(events["end_date"].astype(str) + " " + events["end_time"])
    return start, end


def plan_meetings(world: World) -> pd.DataFrame:
    """Client meetings that were held or cancelled by as-of, with their staff attendees.

    Returns:
        One row per meeting: event_id, client_id, title, start, end, organizer, status,
        closed_at (when it ended or was cancelled) and attendees (staff user ids).
    """
    events = world.tables.get("calendar_events")
    columns = [
        "event_id",
        "client_id",
        "title",
        "start",
        "end",
        "organizer",
        "status",
        "closed_at",
        "attendees",
    ]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    start, end = event_times(events)
    meetings = events.assign(start=start, end=end)
    meetings = meetings[(meetings["event_type"] == "MEETING") & meetings["client_id"].notna()]
    held = (meetings["status"] == "COMPLETED") & (meetings["end"] <= world.cutoff)
    cancelled = (meetings["status"] == "CANCELLED") & (meetings["updated_at"] <= world.cutoff)
    meetings = meetings[held | cancelled]
    staff = world.tables["calendar_event_participants"].groupby("event_id")["user_id"]
    attendees = staff.apply(lambda users: sorted(int(u) for u in users.dropna()))
    return pd.DataFrame(
        {
            "event_id": meetings["id"].to_numpy(),
            "client_id": meetings["client_id"].astype("int64").to_numpy(),
            "title": meetings["title"].to_numpy(),
            "start": meetings["start"].to_numpy(),
            "end": meetings["end"].to_numpy(),
            "organizer": meetings["assigned_to"].astype("int64").to_numpy(),
            "status": meetings["status"].to_numpy(),
            "closed_at": np.where(
                meetings["status"] == "COMPLETED", meetings["end"], meetings["updated_at"]
            ),
            "attendees": [attendees.get(e, []) for e in meetings["id"]],
        }
    )[columns]


def build_client_meeting_history(world: World, meetings: pd.DataFrame) -> pd.DataFrame:
    """TERP's meeting record for each held or cancelled client meeting."""
    held = (meetings["status"] == "COMPLETED").to_numpy()
    rng = world.rng("meeting_action_items")
    items = np.asarray(ACTION_ITEMS, dtype=object)[rng.integers(0, len(ACTION_ITEMS), len(held))]
    ticked = (
        pd.to_datetime(meetings["end"]) + pd.Timedelta(days=ACTION_ITEM_DAYS) <= world.cutoff
    ).to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(meetings) + 1, dtype="int64"),
            "client_id": meetings["client_id"].to_numpy(),
            "calendar_event_id": meetings["event_id"].to_numpy(),
            "meeting_date": pd.to_datetime(meetings["start"]).to_numpy(),
            "meeting_type": MEETING_TYPE,
            "attendees": to_json(
                [{"userId": u, "name": n} for u, n in zip(users, world.name_of(users), strict=True)]
                for users in meetings["attendees"]
            ),
            "outcome": np.where(held, "completed", "cancelled"),
            "notes": np.where(held, "Walked through the menu and upcoming drops.", None),
            "action_items": to_json(
                [{"text": text, "completed": bool(done), "assignedTo": int(owner)}] if h else None
                for text, done, owner, h in zip(
                    items, ticked, meetings["organizer"], held, strict=True
                )
            ),
            "created_at": pd.to_datetime(meetings["closed_at"]).to_numpy(),
            "updated_at": pd.to_datetime(meetings["closed_at"]).to_numpy(),
        }
    )
