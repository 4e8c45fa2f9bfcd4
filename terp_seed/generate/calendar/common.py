"""What every step of the calendar family shares: the as-of instant, staff, holidays, clock times.

Times on the calendar are field-based (a DATE plus an 'HH:MM:SS' string in the office's time
zone), as TERP stores them; the upstream families' timestamps are the same local wall clock.
"""

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from terp_seed.generate.family import Tables
from terp_seed.params import SeedParams

STREAMS = "calendar"  # the family key of this package's random streams
MINUTE = pd.Timedelta(minutes=1)
DAY = pd.Timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Window:
    """The seeded history's bounds: its first day, the as-of day and the last second of it."""

    start: pd.Timestamp
    as_of: pd.Timestamp
    now: pd.Timestamp

    @classmethod
    def of(cls, params: SeedParams) -> "Window":
        """The window of a run: nothing may be dated after `now` unless it is scheduled."""
        as_of = pd.Timestamp(params.end)
        return cls(pd.Timestamp(params.start), as_of, as_of + DAY - pd.Timedelta(seconds=1))


@dataclasses.dataclass(frozen=True)
class Staff:
    """The seeded staff: owners (the two admins who run the business) and the floor team."""

    ids: np.ndarray
    owners: np.ndarray
    floor: np.ndarray
    joined: pd.Series  # users.createdAt by id

    @classmethod
    def of(cls, users: pd.DataFrame) -> "Staff":
        """Staff from the users table; the first two users are the owners, as upstream has it."""
        ordered = users.sort_values("id")
        ids = ordered["id"].astype(int).to_numpy()
        floor = ids[2:] if len(ids) > 2 else ids
        joined = pd.Series(pd.to_datetime(ordered["createdAt"]).to_numpy(), index=ids)
        return cls(ids, ids[:2], floor, joined)

    def approver_for(self, user_ids: np.ndarray) -> np.ndarray:
        """The owner who signs off a person's time: the first owner, or the second for them."""
        return np.where(user_ids == self.owners[0], self.owners[-1], self.owners[0])


def clock(times: pd.Series) -> pd.Series:
    """'HH:MM:SS' of timestamps, as the calendar's time columns hold them."""
    return times.dt.strftime("%H:%M:%S")


def at_time(days: pd.Series, text: str) -> pd.Series:
    """Timestamps at wall-clock `text` ('HH:MM:SS') on each day."""
    return days.dt.normalize() + pd.Timedelta(text)


def holidays(first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The office's closed days between two dates: (date, name), US holidays it observes."""
    rows = []
    for year in range(first.year, last.year + 1):
        rows += [
            (dt.date(year, 1, 1), "New Year's Day"),
            (_last_weekday(year, 5, 0), "Memorial Day"),
            (dt.date(year, 7, 4), "Independence Day"),
            (_nth_weekday(year, 9, 0, 1), "Labor Day"),
            (_nth_weekday(year, 11, 3, 4), "Thanksgiving Day"),
            (dt.date(year, 12, 25), "Christmas Day"),
        ]
    frame = pd.DataFrame(rows, columns=["date", "name"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame[(frame["date"] >= first) & (frame["date"] <= last)].reset_index(drop=True)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def working_day_on_or_before(days: pd.Series, closed: pd.Series) -> pd.Series:
    """Each day moved back to the nearest weekday the office is open."""
    moved = days.copy()
    for _ in range(7):  # a holiday next to a weekend needs at most a few steps
        shut = (moved.dt.dayofweek >= 5) | moved.isin(closed)
        if not shut.any():
            break
        moved = moved.where(~shut, moved - DAY)
    return moved


def working_day_on_or_after(days: pd.Series, closed: pd.Series) -> pd.Series:
    """Each day moved forward to the nearest weekday the office is open."""
    moved = days.copy()
    for _ in range(7):
        shut = (moved.dt.dayofweek >= 5) | moved.isin(closed)
        if not shut.any():
            break
        moved = moved.where(~shut, moved + DAY)
    return moved


def minutes(rng: np.random.Generator, low: int, high: int, size: int) -> pd.TimedeltaIndex:
    """Whole minutes drawn uniformly in [low, high]."""
    return pd.to_timedelta(rng.integers(low, high + 1, size), unit="min")


def actions(tables: Tables, sources: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    """Every recorded staff action of the given (table, user column, time column): user, at."""
    parts = []
    for table, user_column, time_column in sources:
        frame = tables.get(table)
        if frame is None or not len(frame):
            continue
        part = frame[[user_column, time_column]].dropna()
        parts.append(
            pd.DataFrame(
                {
                    "user": part[user_column].astype(int).to_numpy(),
                    "at": pd.to_datetime(part[time_column]).to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame({"user": pd.Series(dtype=int), "at": pd.Series(dtype="datetime64[ns]")})
    return pd.concat(parts, ignore_index=True)


def optional_ids(values: object, present: object) -> pd.api.extensions.ExtensionArray:
    """Ids where `present` holds and NULL elsewhere, as a nullable integer column."""
    mask = np.asarray(present, dtype=bool)
    filled = pd.Series(np.asarray(values, dtype=object)).where(mask, 0).astype("int64")
    return pd.Series(filled.to_numpy(), dtype="Int64").where(mask).array


def later(first: pd.Series, second: object) -> pd.Series:
    """The later of two times, row by row (`second` a Series or one instant)."""
    if isinstance(second, pd.Series):
        return first.where(first >= second, second)
    return first.clip(lower=second)


def earlier(first: pd.Series, second: object) -> pd.Series:
    """The earlier of two times, row by row (`second` a Series or one instant)."""
    if isinstance(second, pd.Series):
        return first.where(first <= second, second)
    return first.clip(upper=second)
