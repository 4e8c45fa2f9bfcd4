"""Every event in one plan: ids in time order, statuses true to as-of, and when each changed."""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import STREAMS, Window
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp import calendar as vocab

_KIND_ORDER = {
    "time_off": 0,
    "internal": 1,
    "vendor_appointment": 2,
    "delivery": 3,
    "client_meeting": 4,
}


def plan_events(params: SeedParams, parts: list[pd.DataFrame], window: Window) -> pd.DataFrame:
    """All planned events with ids (by start), status, and their change times.

    A past event is COMPLETED at its end, a cancelled one CANCELLED partway between booking and
    start; an event after as-of is SCHEDULED and has no completion; the recurring huddle series
    stays SCHEDULED. `changed_at` is when a moved meeting was moved.
    """
    events = pd.concat([p for p in parts if len(p)], ignore_index=True)
    events["start"] = pd.to_datetime(events["start"])
    events["end"] = pd.to_datetime(events["end"])
    events["created_at"] = pd.to_datetime(events["created_at"]).dt.floor("s")
    events["rank"] = events["kind"].map(_KIND_ORDER)
    events = events.sort_values(["start", "rank", "title"], kind="stable").reset_index(drop=True)
    events["id"] = np.arange(1, len(events) + 1)
    future = events["start"].dt.normalize() > window.as_of
    cancelled = events["cancelled"].astype(bool)
    events["status"] = np.select(
        [cancelled, future | events["recurring"].astype(bool)],
        [vocab.CANCELLED, vocab.SCHEDULED],
        vocab.COMPLETED,
    )
    rng = stream(params.seed, STREAMS, "event_changes")
    lead = events["start"] - events["created_at"]
    events["cancelled_at"] = (
        (events["created_at"] + lead * rng.uniform(0.3, 0.9, len(events)))
        .dt.floor("min")
        .where(cancelled)
    )
    moved = pd.to_datetime(events["rescheduled_from"]).notna()
    events["changed_at"] = (
        (events["created_at"] + lead * rng.uniform(0.1, 0.5, len(events)))
        .dt.floor("min")
        .where(moved)
    )
    done = events["status"] == vocab.COMPLETED
    # An all-day event is over at the end of its last day.
    finished = events["end"].where(
        ~events["all_day"].astype(bool), events["end"] + pd.Timedelta(hours=23, minutes=59)
    )
    events["completed_at"] = finished.clip(upper=window.now).where(done)
    events["updated_at"] = (
        events["completed_at"]
        .fillna(events["cancelled_at"])
        .fillna(events["changed_at"])
        .fillna(events["created_at"])
    )
    return events.drop(columns="rank")
