"""The events themselves in TERP's columns, their recurrence, their history and who may see them."""

import json

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import DAY, Window, clock, later, optional_ids
from terp_seed.generate.calendar.workspace import calendar_ids
from terp_seed.terp import calendar as vocab

_INSTANCE_HORIZON = pd.Timedelta(days=28)


def _nullable_int(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    present = values.notna()
    return optional_ids(values.where(present, 0), present)


def build_calendar_events(events: pd.DataFrame) -> pd.DataFrame:
    """Each planned event as the calendar stores it (field-based dates and times)."""
    all_day = events["all_day"].astype(bool)
    changes = (
        events["changed_at"].notna().astype(int)
        + events["cancelled_at"].notna().astype(int)
        + events["completed_at"].notna().astype(int)
    )
    return pd.DataFrame(
        {
            "id": events["id"].to_numpy(),
            "title": events["title"].to_numpy(),
            "description": events["description"].to_numpy(),
            "location": events["location"].to_numpy(),
            "start_date": events["start"].dt.date.to_numpy(),
            "end_date": events["end"].dt.date.to_numpy(),
            "start_time": clock(events["start"]).where(~all_day).to_numpy(),
            "end_time": clock(events["end"]).where(~all_day).to_numpy(),
            "timezone": vocab.TIMEZONE,
            "is_floating_time": all_day.astype(int).to_numpy(),
            "module": events["module"].to_numpy(),
            "event_type": events["event_type"].to_numpy(),
            "status": events["status"].to_numpy(),
            "priority": events["priority"].to_numpy(),
            "is_recurring": events["recurring"].astype(int).to_numpy(),
            "entity_type": events["entity_type"].to_numpy(),
            "entity_id": _nullable_int(events["entity_id"]),
            "client_id": _nullable_int(events["client_id"]),
            "vendor_id": _nullable_int(events["vendor_id"]),
            "calendar_id": events["calendar"].map(calendar_ids()).astype(int).to_numpy(),
            "created_by": events["created_by"].astype(int).to_numpy(),
            "assigned_to": events["assigned_to"].astype(int).to_numpy(),
            "visibility": events["visibility"].to_numpy(),
            "is_auto_generated": events["auto_rule"].notna().astype(int).to_numpy(),
            "auto_generation_rule": events["auto_rule"].to_numpy(),
            "version": (1 + changes).to_numpy(),
            "created_at": events["created_at"].to_numpy(),
            "updated_at": events["updated_at"].to_numpy(),
        }
    )


def huddle_instances(events: pd.DataFrame, window: Window, closed: pd.Series) -> pd.DataFrame:
    """Each Monday of the recurring series through four weeks after as-of; holidays cancelled."""
    series = events[events["recurring"].astype(bool)]
    rows = []
    for event in series.itertuples(index=False):
        days = pd.Series(
            pd.date_range(event.start.normalize(), window.as_of + _INSTANCE_HORIZON, freq="7D")
        )
        generated = later(days - _INSTANCE_HORIZON, event.created_at)
        rows.append(
            pd.DataFrame(
                {
                    "parent_event_id": event.id,
                    "day": days,
                    "start": days + (event.start - event.start.normalize()),
                    "end": days + (event.end - event.end.normalize()),
                    "holiday": days.isin(closed),
                    "generated_at": generated,
                    "organizer": int(event.created_by),
                }
            )
        )
    if not rows:
        return pd.DataFrame(
            columns=[
                "parent_event_id",
                "day",
                "start",
                "end",
                "holiday",
                "generated_at",
                "organizer",
            ]
        )
    return pd.concat(rows, ignore_index=True)


def build_calendar_recurrence_rules(events: pd.DataFrame, instances: pd.DataFrame) -> pd.DataFrame:
    """The weekly rule of each recurring event, its holiday Mondays listed as exceptions."""
    series = events[events["recurring"].astype(bool)].reset_index(drop=True)
    holidays = instances[instances["holiday"].astype(bool)]
    skipped = {
        parent: json.dumps([day.date().isoformat() for day in days["day"]])
        for parent, days in holidays.groupby("parent_event_id")
    }
    return pd.DataFrame(
        {
            "id": np.arange(1, len(series) + 1),
            "event_id": series["id"].to_numpy(),
            "frequency": "WEEKLY",
            "interval": 1,
            "by_day": [json.dumps([int(start.dayofweek + 1) % 7]) for start in series["start"]],
            "start_date": series["start"].dt.date.to_numpy(),
            "exception_dates": [skipped.get(event, "[]") for event in series["id"]],
            "created_at": series["created_at"].to_numpy(),
            "updated_at": series["created_at"].to_numpy(),
        }
    )


def build_calendar_recurrence_instances(instances: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Each generated occurrence; those on a holiday were cancelled a week before."""
    holiday = instances["holiday"].astype(bool)
    cancelled_at = (instances["day"] - 7 * DAY + pd.Timedelta(hours=9)).clip(upper=window.now)
    cancelled_at = later(cancelled_at, instances["generated_at"]).where(holiday)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(instances) + 1),
            "parent_event_id": instances["parent_event_id"].astype(int).to_numpy(),
            "instance_date": instances["day"].dt.date.to_numpy(),
            "start_time": clock(instances["start"]).to_numpy(),
            "end_time": clock(instances["end"]).to_numpy(),
            "timezone": vocab.TIMEZONE,
            "status": np.where(holiday, "CANCELLED", "GENERATED"),
            "generated_at": instances["generated_at"].to_numpy(),
            "modified_at": cancelled_at.to_numpy(),
            "modified_by": optional_ids(instances["organizer"], holiday),
        }
    )


def build_calendar_event_history(events: pd.DataFrame) -> pd.DataFrame:
    """Created, moved, cancelled, completed: each change with who made it and when."""
    created = pd.DataFrame(
        {
            "event_id": events["id"],
            "change_type": "CREATED",
            "changed_by": events["created_by"].astype(int),
            "changed_at": events["created_at"],
            "field_changed": None,
            "previous_value": None,
            "new_value": events["title"],
            "change_reason": None,
            "full_snapshot": [
                json.dumps({"title": t, "startDate": s.date().isoformat(), "status": "SCHEDULED"})
                for t, s in zip(events["title"], events["start"], strict=True)
            ],
        }
    )
    moved = events[events["changed_at"].notna()]
    rescheduled = pd.DataFrame(
        {
            "event_id": moved["id"],
            "change_type": "RESCHEDULED",
            "changed_by": moved["created_by"].astype(int),
            "changed_at": moved["changed_at"],
            "field_changed": "startDate",
            "previous_value": pd.to_datetime(moved["rescheduled_from"]).dt.date.astype(str),
            "new_value": moved["start"].dt.date.astype(str),
            "change_reason": "The buyer asked to move the meeting",
        }
    )
    gone = events[events["cancelled_at"].notna()]
    cancelled = pd.DataFrame(
        {
            "event_id": gone["id"],
            "change_type": "CANCELLED",
            "changed_by": gone["created_by"].astype(int),
            "changed_at": gone["cancelled_at"],
            "field_changed": "status",
            "previous_value": vocab.SCHEDULED,
            "new_value": vocab.CANCELLED,
            "change_reason": "The buyer cancelled",
        }
    )
    done = events[events["completed_at"].notna()]
    completed = pd.DataFrame(
        {
            "event_id": done["id"],
            "change_type": "COMPLETED",
            "changed_by": done["assigned_to"].astype(int),
            "changed_at": done["completed_at"],
            "field_changed": "status",
            "previous_value": vocab.SCHEDULED,
            "new_value": vocab.COMPLETED,
        }
    )
    history = pd.concat(
        [frame for frame in (created, rescheduled, cancelled, completed) if len(frame)],
        ignore_index=True,
    )
    history = history.sort_values(["changed_at", "event_id"], kind="stable").reset_index(drop=True)
    return history.assign(id=np.arange(1, len(history) + 1))


def build_calendar_event_permissions(events: pd.DataFrame, owners: np.ndarray) -> pd.DataFrame:
    """TEAM events are seen only through grants: their participants, and the owners for time off."""
    team = events[events["visibility"] == vocab.VISIBILITY_TEAM]
    rows = []
    for event in team.itertuples(index=False):
        viewers = list(event.staff)
        if event.kind == "time_off":
            viewers += [int(owner) for owner in owners]
        for viewer in dict.fromkeys(viewers):
            if viewer != int(event.created_by):
                rows.append((event.id, viewer, int(event.created_by), event.created_at))
    frame = pd.DataFrame(rows, columns=["event_id", "grantee_id", "granted_by", "granted_at"])
    return frame.assign(id=np.arange(1, len(frame) + 1), grant_type="USER", permission="VIEW")
