"""The calendar family: the business's diary, appointments and rooms, and its staff's time.

Derived from what the families before it recorded: buyers' orders become client meetings
before them and van runs on their shipping days; POs become intake appointments at the
receiving bay; the month's close and count, quarterly reviews and a weekly huddle fill the
internal calendar; the hours at which staff placed orders, recorded payments and received
stock become their shifts and clocked time; days nobody saw them become their time off.

Steps: `plan` (staff days, time off, events), `simulate` (room assignment, who attends and how
they answered), then one `build_<table>` per table in the step modules:
`workspace` (setup), `event_tables`, `attendance`, `bookings`, `hr`.

A buyer another buyer referred (the customer family's referral_tracking) comes in for an
introduction two working days before its first order: that meeting carries its
appointment_referrals row. Each month-end close ends with the cash count of TERP's cash audit
(shift_audits over the ledger's cash locations and their transactions).

Left empty, with the reason: calendar_event_attachments (a file URL in staging would point at
nothing in TERP's storage, so the screen would offer broken downloads).
"""

import dataclasses

import pandas as pd

from terp_seed.generate.calendar import attendance, bookings, event_tables, hr, staff, workspace
from terp_seed.generate.calendar.common import Staff, Window
from terp_seed.generate.calendar.events import (
    account_managers,
    plan_client_meetings,
    plan_deliveries,
    plan_vendor_appointments,
    sales_of,
)
from terp_seed.generate.calendar.internal import plan_internal_events, plan_time_off_events
from terp_seed.generate.calendar.plan import plan_events
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.schema import table_spec
from terp_seed.terp.calendar import CALENDAR_TABLES

# Tables with no cause in the seeded business (see the module docstring).
LEFT_EMPTY = ("calendar_event_attachments",)
CREATES = CALENDAR_TABLES + LEFT_EMPTY
TABLES = CREATES


@dataclasses.dataclass(frozen=True)
class Plan:
    """What happened: the staff's worked days and time off, and every calendar event."""

    window: Window
    staff: Staff
    shifts: pd.DataFrame
    entries: pd.DataFrame
    periods: pd.DataFrame
    time_off: pd.DataFrame
    events: pd.DataFrame
    closed: pd.Series


def plan(params: SeedParams, tables: Tables) -> Plan:
    """Staff days, time off and events, from the upstream families' recorded actions."""
    window = Window.of(params)
    people = Staff.of(tables["users"])
    closed = workspace.closed_days(window)["date"]
    warehouse = _warehouse_staff(tables, people)
    business = [
        plan_client_meetings(params, tables, window, people, closed),
        plan_deliveries(params, tables, window, people, closed),
        plan_vendor_appointments(params, tables, window, people),
        plan_internal_events(params, window, people, closed, warehouse),
    ]
    time_off = staff.plan_time_off(params, tables, window, people, _attended_days(business))
    days = staff.desk_days(tables, window)
    shifts = staff.plan_shifts(params, days, window, people, time_off)
    entries = staff.plan_time_entries(params, shifts)
    periods = staff.plan_periods(window, people, days["day"].min())
    events = plan_events(
        params, [*business, plan_time_off_events(time_off.requests, tables["users"])], window
    )
    return Plan(window, people, shifts, entries, periods, time_off.requests, events, closed)


def _attended_days(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """(user, day) of every event each person attends (a recurring series: its first day)."""
    events = pd.concat(parts, ignore_index=True)[["staff", "start"]].explode("staff")
    return pd.DataFrame(
        {"user": events["staff"].astype(int), "day": pd.to_datetime(events["start"]).dt.normalize()}
    ).drop_duplicates()


def _warehouse_staff(tables: Tables, people: Staff) -> "pd.Index":
    """The floor staff who receive intakes, busiest first: they run the cycle counts."""
    received = tables["intake_sessions"]["received_by"].astype(int).value_counts()
    ranked = received.sort_index().sort_values(ascending=False, kind="stable").index.to_numpy()
    return ranked if len(ranked) else people.floor


def simulate(params: SeedParams, tables: Tables, planned: Plan) -> dict[str, pd.DataFrame]:
    """Rooms held, who attends, the invitations they answered, the requests behind meetings."""
    events = planned.events.copy()
    events["room_id"] = bookings.assign_rooms(events)
    # A meeting takes place in the room it holds.
    room_names = {room_id: name for name, room_id in workspace.room_ids().items()}
    held = events["room_id"].map(room_names)
    events["location"] = held.where(events["kind"] == "client_meeting").fillna(events["location"])
    participants = attendance.plan_participants(params, events, planned.staff, planned.window)
    invites = attendance.plan_invitations(params, events, participants, tables, planned.window)
    requests = bookings.plan_requests(
        params, events, tables["clients"], planned.window, planned.closed
    )
    check_ins = bookings.plan_check_ins(params, events, planned.window)
    instances = event_tables.huddle_instances(events, planned.window, planned.closed)
    return {
        "events": events,
        "participants": participants,
        "invites": invites,
        "requests": requests,
        "check_ins": check_ins,
        "instances": instances,
    }


def build(params: SeedParams, tables: Tables) -> Frames:
    """Every calendar and HR table for one run."""
    planned = plan(params, tables)
    sim = simulate(params, tables, planned)
    window, people, events = planned.window, planned.staff, sim["events"]
    period_ids = staff.period_of(planned.entries["day"], planned.periods)
    time_off_events = events[events["kind"] == "time_off"].set_index("entity_id")["id"]
    runs = events[events["kind"] == "delivery"].set_index("entity_id")["start"].dt.normalize()
    managers = account_managers(sales_of(tables["orders"]), people)
    frames: Frames = {
        "calendars": workspace.build_calendars(window, people),
        "calendar_user_access": workspace.build_calendar_user_access(window, tables["users"]),
        "calendar_views": workspace.build_calendar_views(window, people, tables["users"]),
        "calendar_events": event_tables.build_calendar_events(events),
        "calendar_event_participants": attendance.build_calendar_event_participants(
            sim["participants"], people
        ),
        "calendar_event_invitations": attendance.build_calendar_event_invitations(sim["invites"]),
        "calendar_invitation_history": attendance.build_calendar_invitation_history(sim["invites"]),
        "calendar_invitation_settings": workspace.build_calendar_invitation_settings(
            window, people
        ),
        "calendar_reminders": attendance.build_calendar_reminders(
            sim["participants"], events, people, window
        ),
        "calendar_event_history": event_tables.build_calendar_event_history(events),
        "calendar_event_permissions": event_tables.build_calendar_event_permissions(
            events, people.owners
        ),
        "calendar_recurrence_rules": event_tables.build_calendar_recurrence_rules(
            events, sim["instances"]
        ),
        "calendar_recurrence_instances": event_tables.build_calendar_recurrence_instances(
            sim["instances"], window
        ),
        "calendar_availability": workspace.build_calendar_availability(window),
        "calendar_blocked_dates": workspace.build_calendar_blocked_dates(window),
        "appointment_types": workspace.build_appointment_types(window),
        "appointment_requests": bookings.build_appointment_requests(sim["requests"], managers),
        "appointment_status_history": bookings.build_appointment_status_history(sim["check_ins"]),
        "appointment_check_ins": bookings.build_appointment_check_ins(sim["check_ins"]),
        "appointment_referrals": bookings.build_appointment_referrals(events, tables),
        "delivery_schedules": bookings.build_delivery_schedules(tables, window, runs),
        "rooms": workspace.build_rooms(window),
        "room_bookings": bookings.build_room_bookings(events),
        "time_off_requests": hr.build_time_off_requests(planned.time_off, time_off_events),
        "employee_shifts": hr.build_employee_shifts(planned.shifts, planned.entries, people),
        "shift_templates": hr.build_shift_templates(window),
        "shift_audits": hr.build_shift_audits(tables, events, window),
        "overtime_rules": hr.build_overtime_rules(window),
        "time_entries": hr.build_time_entries(planned.entries, planned.periods, period_ids, people),
        "timesheet_periods": hr.build_timesheet_periods(planned.periods),
        "employee_timesheets": hr.build_employee_timesheets(
            planned.entries, period_ids, planned.periods, people
        ),
    }
    for table in LEFT_EMPTY:
        frames[table] = pd.DataFrame(columns=list(table_spec(table).column_names))
    return frames


FAMILY = Family(
    name="calendar",
    description="The diary: client meetings, deliveries, intakes, internal events; staff time.",
    upstream=("ledger", "customer"),
    creates=CREATES,
    amends=(),
    build=build,
)
