"""The HR and time tables in TERP's columns, from the staff plan (shifts, clocked time, leave)."""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import DAY, Staff, Window, clock, optional_ids
from terp_seed.terp import calendar as vocab


def build_shift_templates(window: Window) -> pd.DataFrame:
    """The scheduling module's nine shift templates, set up before the history starts."""
    rows = pd.DataFrame(
        vocab.SHIFT_TEMPLATES,
        columns=[
            "name",
            "description",
            "start_time",
            "end_time",
            "break_start",
            "break_end",
            "color",
        ],
    )
    setup = window.start - 30 * DAY + pd.Timedelta(hours=9)
    return rows.assign(
        id=np.arange(1, len(rows) + 1), is_active=1, created_at=setup, updated_at=setup
    )[
        [
            "id",
            "name",
            "description",
            "start_time",
            "end_time",
            "break_start",
            "break_end",
            "color",
            "is_active",
            "created_at",
            "updated_at",
        ]
    ]


def build_overtime_rules(window: Window) -> pd.DataFrame:
    """California, Federal and exempt overtime rules; California is the default clock-outs use."""
    rows = pd.DataFrame(
        vocab.OVERTIME_RULES,
        columns=[
            "name",
            "description",
            "daily_threshold_minutes",
            "weekly_threshold_minutes",
            "overtime_multiplier",
            "double_overtime_multiplier",
            "daily_double_threshold_minutes",
            "is_default",
        ],
    )
    setup = window.start - 30 * DAY + pd.Timedelta(hours=9)
    for column in (
        "daily_threshold_minutes",
        "weekly_threshold_minutes",
        "double_overtime_multiplier",
        "daily_double_threshold_minutes",
    ):
        rows[column] = rows[column].astype("Int64")
    return rows.assign(
        id=np.arange(1, len(rows) + 1),
        weekly_double_threshold_minutes=pd.array([pd.NA] * len(rows), dtype="Int64"),
        is_active=1,
        is_default=rows["is_default"].astype(int),
        created_at=setup,
        updated_at=setup,
    )


def build_employee_shifts(
    shifts: pd.DataFrame, entries: pd.DataFrame, staff: Staff
) -> pd.DataFrame:
    """Each shift as scheduled; a worked one carries its actual clock-in and clock-out."""
    actual = entries.set_index("shift_id")
    ids = shifts["id"]
    actual_start = ids.map(actual["clock_in"])
    actual_end = ids.map(actual["clock_out"])
    notes = np.where(
        shifts["shift_type"] == vocab.SHIFT_OVERTIME,
        "Early start: orders to place before nine",
        None,
    )
    return pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "user_id": shifts["user"].astype(int).to_numpy(),
            "shift_date": shifts["day"].dt.date.to_numpy(),
            "start_time": clock(shifts["start_at"]).to_numpy(),
            "end_time": clock(shifts["end_at"]).to_numpy(),
            "break_start": shifts["break_start"].to_numpy(),
            "break_end": shifts["break_end"].to_numpy(),
            "shift_type": shifts["shift_type"].to_numpy(),
            "status": shifts["status"].to_numpy(),
            "actual_start_time": actual_start.to_numpy(),
            "actual_end_time": actual_end.to_numpy(),
            "notes": notes,
            "created_by_id": staff.owners[0],
            "created_at": shifts["created_at"].to_numpy(),
            "updated_at": actual_end.fillna(shifts["created_at"]).to_numpy(),
        }
    )


def build_time_entries(
    entries: pd.DataFrame, periods: pd.DataFrame, period_ids: np.ndarray, staff: Staff
) -> pd.DataFrame:
    """Clocked time per worked shift; entries of a closed pay period are approved."""
    period = periods.set_index("id").loc[period_ids]
    closed = period["closed"].to_numpy(dtype=bool)
    users = entries["user"].astype(int).to_numpy()
    approved_at = pd.Series(period["approved_at"].to_numpy()).where(closed)
    return pd.DataFrame(
        {
            "id": entries["id"].to_numpy(),
            "user_id": users,
            "entry_date": entries["day"].dt.date.to_numpy(),
            "clock_in": entries["clock_in"].to_numpy(),
            "clock_out": entries["clock_out"].to_numpy(),
            "break_start": entries["break_from"].to_numpy(),
            "break_end": entries["break_to"].to_numpy(),
            "total_break_minutes": entries["break_minutes"].to_numpy(),
            "regular_hours_minutes": entries["regular_minutes"].to_numpy(),
            "overtime_hours_minutes": entries["overtime_minutes"].to_numpy(),
            "total_hours_minutes": entries["total_minutes"].to_numpy(),
            "entry_type": np.where(
                entries["shift_type"] == vocab.SHIFT_OVERTIME,
                vocab.ENTRY_OVERTIME,
                vocab.ENTRY_REGULAR,
            ),
            "status": np.where(closed, vocab.ENTRY_APPROVED, vocab.ENTRY_COMPLETED),
            "shift_id": entries["shift_id"].to_numpy(),
            "approved_by_id": optional_ids(staff.approver_for(users), closed),
            "approved_at": approved_at.to_numpy(),
            "created_at": entries["clock_in"].to_numpy(),
            "updated_at": approved_at.fillna(pd.Series(entries["clock_out"].to_numpy())).to_numpy(),
        }
    )


def build_time_off_requests(requests: pd.DataFrame, event_ids: pd.Series) -> pd.DataFrame:
    """Every request with its answer; an approved one links the calendar event it created."""
    updated = requests["responded_at"].fillna(requests["created_at"])
    return pd.DataFrame(
        {
            "id": requests["id"].to_numpy(),
            "user_id": requests["user"].astype(int).to_numpy(),
            "time_off_type": requests["time_off_type"].to_numpy(),
            "start_date": requests["first_day"].dt.date.to_numpy(),
            "end_date": requests["last_day"].dt.date.to_numpy(),
            "is_full_day": 1,
            "status": requests["status"].to_numpy(),
            "notes": requests["time_off_type"].map(_REQUEST_NOTES).to_numpy(),
            "response_notes": requests["response_notes"].to_numpy(),
            "calendar_event_id": requests["id"].map(event_ids).astype("Int64").to_numpy(),
            "created_at": requests["created_at"].to_numpy(),
            "updated_at": updated.to_numpy(),
            "responded_at": requests["responded_at"].to_numpy(),
            "responded_by_id": optional_ids(
                requests["responded_by"].fillna(0), requests["responded_by"].notna()
            ),
        }
    )


_REQUEST_NOTES = {
    "vacation": "Family trip",
    "sick": "Unwell, staying home",
    "personal": "Personal appointment",
}


def build_timesheet_periods(periods: pd.DataFrame) -> pd.DataFrame:
    """Biweekly pay periods: closed by the owner three days after they end, the last one open."""
    closed = periods["closed"].to_numpy(dtype=bool)
    opened = periods["period_start"] - 3 * DAY + pd.Timedelta(hours=9)
    return pd.DataFrame(
        {
            "id": periods["id"].to_numpy(),
            "period_start": periods["period_start"].dt.date.to_numpy(),
            "period_end": periods["period_end"].dt.date.to_numpy(),
            "period_type": vocab.PERIOD_BIWEEKLY,
            "status": np.where(closed, vocab.PERIOD_CLOSED, vocab.PERIOD_OPEN),
            "closed_by_id": optional_ids(periods["closed_by"], closed),
            "closed_at": periods["closed_at"].to_numpy(),
            "created_at": opened.to_numpy(),
            "updated_at": periods["closed_at"].fillna(opened).to_numpy(),
        }
    )


def build_employee_timesheets(
    entries: pd.DataFrame, period_ids: np.ndarray, periods: pd.DataFrame, staff: Staff
) -> pd.DataFrame:
    """Each person's minutes per pay period; closed periods are approved and paid."""
    sums = (
        entries.assign(period_id=period_ids)
        .groupby(["user", "period_id"], sort=True)
        .agg(
            regular=("regular_minutes", "sum"),
            overtime=("overtime_minutes", "sum"),
            total=("total_minutes", "sum"),
            first_in=("clock_in", "min"),
            last_out=("clock_out", "max"),
        )
        .reset_index()
    )
    period = periods.set_index("id").loc[sums["period_id"]]
    closed = period["closed"].to_numpy(dtype=bool)
    users = sums["user"].astype(int).to_numpy()
    approved_at = pd.Series(period["approved_at"].to_numpy()).where(closed)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(sums) + 1),
            "user_id": users,
            "period_id": sums["period_id"].astype(int).to_numpy(),
            "total_regular_minutes": sums["regular"].astype(int).to_numpy(),
            "total_overtime_minutes": sums["overtime"].astype(int).to_numpy(),
            "total_holiday_minutes": 0,
            "total_sick_minutes": 0,
            "total_vacation_minutes": 0,
            "total_training_minutes": 0,
            "grand_total_minutes": sums["total"].astype(int).to_numpy(),
            "status": np.where(closed, vocab.TIMESHEET_PAID, vocab.TIMESHEET_DRAFT),
            "submitted_at": pd.Series(period["submitted_at"].to_numpy()).where(closed).to_numpy(),
            "approved_by_id": optional_ids(staff.approver_for(users), closed),
            "approved_at": approved_at.to_numpy(),
            "created_at": sums["first_in"].to_numpy(),
            "updated_at": approved_at.fillna(sums["last_out"]).to_numpy(),
        }
    )


def build_shift_audits(tables: dict, events: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Cash reconciliations of each cash location, one per month-end close.

    TERP's cash audit keeps one ACTIVE shift per location; resetting it counts the cash, closes
    the shift with the expected balance (start + cash in - cash out since it began) and opens
    the next at the count. The owner who runs the month-end close resets it when the close
    meeting ends; every count matched (a variance would have its own cash transaction).
    """
    locations = tables.get("cash_locations")
    moves = tables.get("cash_location_transactions")
    closes = events[
        (events["module"] == vocab.MODULE_ACCOUNTING) & (events["status"] == vocab.COMPLETED)
    ].sort_values("completed_at")
    if locations is None or moves is None or not len(locations):
        return pd.DataFrame(columns=["id"])
    rows = [
        _location_shifts(location, moves, closes, window)
        for location in locations.sort_values("id").itertuples(index=False)
    ]
    audits = pd.concat(rows, ignore_index=True)
    return audits.assign(id=np.arange(1, len(audits) + 1))


def _location_shifts(location, moves: pd.DataFrame, closes: pd.DataFrame, window: Window):
    opened = pd.Timestamp(location.created_at)
    resets = closes[closes["completed_at"] > opened]
    starts = pd.Series([opened, *resets["completed_at"]])
    ends = pd.Series([*resets["completed_at"], pd.NaT])
    own = moves[
        (moves["location_id"] == location.id) & moves["transaction_type"].isin(["IN", "OUT"])
    ]
    own = own.sort_values("created_at", kind="stable")
    signed = np.where(own["transaction_type"] == "IN", 1, -1) * np.round(
        own["amount"].astype(float).to_numpy() * 100
    ).astype("int64")
    running = np.concatenate([[0], np.cumsum(signed)])
    times = pd.to_datetime(own["created_at"]).to_numpy()

    def balance(at: pd.Series) -> np.ndarray:
        # The app counts a transaction in the shift it was made at or after the start of.
        return running[np.searchsorted(times, at.to_numpy(), side="left")] / 100

    closed = ends.notna().to_numpy()
    starting = balance(starts)
    expected = np.where(closed, balance(ends.fillna(window.now)), starting)
    resetter = resets["created_by"].astype(int).to_numpy()
    return pd.DataFrame(
        {
            "location_id": int(location.id),
            "shift_start": starts.to_numpy(),
            "shift_end": ends.to_numpy(),
            "starting_balance": starting,
            "expected_balance": expected,
            "actual_count": np.where(closed, expected, np.nan),
            "variance": np.where(closed, 0.0, np.nan),
            "notes": np.where(closed, "Month-end count matched the register", None),
            "status": np.where(closed, "CLOSED", "ACTIVE"),
            "reset_by": optional_ids(np.append(resetter, 0), closed),
            "reset_at": ends.to_numpy(),
            "created_at": starts.to_numpy(),
        }
    )
