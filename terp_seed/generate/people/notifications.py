"""Notifications as TERP sends them for the calendar's requests and invitations.

TERP's notification service is called by the appointment-request router (new request to the
calendar's admins and editors; approval or decline to the buyer), the time-off router (new
request to the admins; the answer to the requester) and the participants router (an
invitation to each colleague added to an event). Each row here answers one of those calendar
rows, at the moment it happened; a notification older than a few days has been read.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.world import World, numbered, to_json

# A notification is read within this many days.
READ_WITHIN_DAYS = 3


def _when(moment: pd.Series) -> tuple[list[str], list[str]]:
    """The date and time strings TERP prints in its request messages."""
    stamps = pd.to_datetime(moment)
    return [f"{t:%Y-%m-%d}" for t in stamps], [f"{t:%H:%M}" for t in stamps]


def _appointment_requests(world: World) -> pd.DataFrame:
    requests = world.tables["appointment_requests"]
    access = world.tables["calendar_user_access"]
    editors = access[access["access_level"].isin(["admin", "edit"])]
    names = world.tables["clients"].set_index("id")["name"]
    day, hour = _when(requests["requested_slot"])
    requests = requests.assign(day=day, hour=hour)
    asked = requests.merge(editors[["calendar_id", "user_id"]], on="calendar_id")
    new = pd.DataFrame(
        {
            "recipient_type": "user",
            "user_id": asked["user_id"].to_numpy(),
            "client_id": pd.NA,
            "type": "info",
            "title": "New Appointment Request",
            "message": [
                f"{names.get(c, 'A client')} has requested an appointment on {d} at {h}"
                for c, d, h in zip(
                    asked["requested_by_id"], asked["day"], asked["hour"], strict=True
                )
            ],
            "link": [f"/calendar?tab=requests&requestId={i}" for i in asked["id"]],
            "created_at": asked["created_at"].to_numpy(),
        }
    )
    answered = requests[requests["status"].isin(["approved", "rejected"])]
    approved = (answered["status"] == "approved").to_numpy()
    answers = pd.DataFrame(
        {
            "recipient_type": "client",
            "user_id": pd.NA,
            "client_id": answered["requested_by_id"].to_numpy(),
            "type": np.where(approved, "success", "warning"),
            "title": np.where(approved, "Appointment Approved", "Appointment Request Declined"),
            "message": [
                f"Your appointment request for {d} at {h} has been approved"
                if ok
                else f"Your appointment request for {d} at {h} was not approved. Reason: {why}"
                for ok, d, h, why in zip(
                    approved,
                    answered["day"],
                    answered["hour"],
                    answered["response_notes"],
                    strict=True,
                )
            ],
            "link": "/vip-portal/appointments",
            "created_at": answered["responded_at"].to_numpy(),
        }
    )
    return pd.concat([new, answers], ignore_index=True)


def _time_off(world: World) -> pd.DataFrame:
    requests = world.tables["time_off_requests"]
    users = world.staff
    admins = users.index[users["role"] == "admin"] if "role" in users else users.index[:0]
    asked = requests.merge(pd.DataFrame({"admin": admins}), how="cross")
    asked = asked[asked["admin"] != asked["user_id"]]
    names = dict(zip(users.index, users["name"], strict=True))
    new = pd.DataFrame(
        {
            "recipient_type": "user",
            "user_id": asked["admin"].to_numpy(),
            "client_id": pd.NA,
            "type": "info",
            "title": "Time Off Request",
            "message": [
                f"{names.get(u, 'A user')} has requested {kind} time off from {a} to {b}"
                for u, kind, a, b in zip(
                    asked["user_id"],
                    asked["time_off_type"],
                    asked["start_date"],
                    asked["end_date"],
                    strict=True,
                )
            ],
            "link": [f"/calendar?tab=timeoff&requestId={i}" for i in asked["id"]],
            "created_at": asked["created_at"].to_numpy(),
        }
    )
    answered = requests[requests["status"].isin(["approved", "rejected"])]
    approved = (answered["status"] == "approved").to_numpy()
    answers = pd.DataFrame(
        {
            "recipient_type": "user",
            "user_id": answered["user_id"].to_numpy(),
            "client_id": pd.NA,
            "type": np.where(approved, "success", "warning"),
            "title": np.where(approved, "Time Off Approved", "Time Off Request Declined"),
            "message": [
                f"Your {kind} request from {a} to {b} has been approved"
                if ok
                else f"Your {kind} request was not approved. Reason: {why}"
                for ok, kind, a, b, why in zip(
                    approved,
                    answered["time_off_type"],
                    answered["start_date"],
                    answered["end_date"],
                    answered["response_notes"],
                    strict=True,
                )
            ],
            "link": "/calendar",
            "created_at": answered["responded_at"].to_numpy(),
        }
    )
    return pd.concat([new, answers], ignore_index=True)


def _invitations(world: World) -> pd.DataFrame:
    events = world.tables["calendar_events"].set_index("id")
    added = world.tables["calendar_event_participants"]
    added = added[(added["notify_on_creation"] == 1) & (added["user_id"] != added["added_by"])]
    starts = pd.to_datetime(added["event_id"].map(events["start_date"]).astype(str))
    titles = added["event_id"].map(events["title"])
    return pd.DataFrame(
        {
            "recipient_type": "user",
            "user_id": added["user_id"].to_numpy(),
            "client_id": pd.NA,
            "type": "info",
            "title": "Calendar Invitation",
            "message": [
                f'You\'ve been invited to "{title}" on {s.month}/{s.day}/{s.year}'
                for title, s in zip(titles, starts, strict=True)
            ],
            "link": None,
            "metadata": to_json(
                {
                    "eventId": int(e),
                    "type": "calendar_invitation",
                    "startTime": f"{s:%Y-%m-%dT%H:%M:%S.000Z}",
                    "role": role,
                }
                for e, s, role in zip(added["event_id"], starts, added["role"], strict=True)
            ),
            "created_at": added["added_at"].to_numpy(),
        }
    )


def build_notifications(world: World) -> pd.DataFrame:
    """In-app notifications for calendar requests and invitations, read once a few days old."""
    needed = ("appointment_requests", "time_off_requests", "calendar_event_participants")
    if any(world.tables.get(t) is None for t in needed):
        return pd.DataFrame(columns=["id", "recipient_type", "type", "title", "created_at"])
    sent = pd.concat(
        [_appointment_requests(world), _time_off(world), _invitations(world)], ignore_index=True
    )
    sent["created_at"] = pd.to_datetime(sent["created_at"])
    sent = sent[sent["created_at"] <= world.cutoff].copy()
    sent["user_id"] = sent["user_id"].astype("Int64")
    sent["client_id"] = sent["client_id"].astype("Int64")
    sent["channel"] = "in_app"
    sent["read"] = (
        sent["created_at"] + pd.Timedelta(days=READ_WITHIN_DAYS) <= world.cutoff
    ).astype("int64")
    sent["is_deleted"] = 0
    sent["updated_at"] = sent["created_at"]
    return numbered(sent, ["created_at", "title", "user_id"])
