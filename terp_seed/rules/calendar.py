"""R19 for the calendar and R21 for staff time: the diary and the clock agree with the business.

R19 (blocking): events refer to real records (the buyer, the order, the PO, the time-off
request) and agree with them; nothing is dated before what it refers to, nor after as-of unless
it is a scheduled event; an event ahead of as-of has no completion and a completed one lies in
the past; reminders fire before their events, to people on them; participants are staff, and
the only guests are the meeting's buyer or the supplier's contact; no room is held twice.
R21 (blocking): the cash audit's shifts follow the register; every time entry lies within
its shift and is computed as TERP's clock-out computes it; each staff member's desk actions
fall inside one of their time entries; approved leave never covers a day the person worked or
attended an event. WARN: the volumes DATA-001 asks for (about 100 client meetings, 80
deliveries, 40 vendor appointments and 60 internal events over 22 months), scaled by window.
"""

import math
from collections.abc import Callable

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp import calendar as vocab

TABLES = vocab.CALENDAR_TABLES
# DATA-001's full-profile minimums over 22 months; a run must hold 80% of them pro rata.
FULL_MONTHS = 22
MINIMUMS = {"client meeting": 100, "delivery": 80, "vendor appointment": 40, "internal": 60}
PLURALS = {
    "client meeting": "client_meetings",
    "delivery": "deliveries",
    "vendor appointment": "vendor_appointments",
    "internal": "internal_events",
}
MINIMUM_SHARE = 0.8
CENT_EPSILON = 0.005


def _now(context: RuleContext) -> str:
    return f"'{context.params.end.isoformat()} 23:59:59'"


def _as_of(context: RuleContext) -> str:
    return f"'{context.params.end.isoformat()}'"


def _at(day: str, time: str, dialect: str) -> str:
    """SQL for a field-based date and 'HH:MM:SS' time as one timestamp (midnight if no time)."""
    if dialect == "sqlite":
        return f"datetime({day} || ' ' || COALESCE({time}, '00:00:00'))"
    return f"TIMESTAMP({day}, COALESCE({time}, '00:00:00'))"


def _plus_minutes(moment: str, minutes: int, dialect: str) -> str:
    if dialect == "sqlite":
        return f"datetime({moment}, '{minutes:+d} minutes')"
    return f"({moment} + INTERVAL {minutes} MINUTE)"


def _minutes_between(later: str, earlier: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"CAST(ROUND((julianday({later}) - julianday({earlier})) * 1440) AS INTEGER)"
    return f"TIMESTAMPDIFF(MINUTE, {earlier}, {later})"


def _ts(column: str, dialect: str) -> str:
    """A stored timestamp in a form comparable to `_at` (SQLite keeps text)."""
    return f"datetime({column})" if dialect == "sqlite" else column


def _kind_case(alias: str = "e") -> str:
    module, kind = f"{alias}.module", f"{alias}.event_type"
    return (
        f"CASE WHEN {module} = '{vocab.MODULE_CLIENTS}' AND {kind} = '{vocab.TYPE_MEETING}' "
        "THEN 'client meeting' "
        f"WHEN {module} = '{vocab.MODULE_ORDERS}' AND {kind} = '{vocab.TYPE_DELIVERY}' "
        "THEN 'delivery' "
        f"WHEN {module} = '{vocab.MODULE_VENDORS}' AND {kind} = '{vocab.TYPE_INTAKE}' "
        "THEN 'vendor appointment' "
        f"WHEN SUBSTR(e.auto_generation_rule, 1, {len(vocab.TIME_OFF_RULE_PREFIX)}) "
        f"= '{vocab.TIME_OFF_RULE_PREFIX}' THEN 'time off' "
        "ELSE 'internal' END"
    )


def _records_disagree(context: RuleContext) -> str:
    known = ", ".join(f"'{kind}'" for kind in vocab.ENTITY_TABLES)
    rule_of = "'" + vocab.TIME_OFF_RULE_PREFIX + "'"
    time_off_rule = (
        f"{rule_of} || CAST(r.id AS TEXT)"
        if context.dialect == "sqlite"
        else f"CONCAT({rule_of}, r.id)"
    )
    parts = [
        "SELECT 'unknown entity type' AS problem, e.id, e.entity_type AS value "
        "FROM calendar_events e WHERE e.entity_type IS NOT NULL "
        f"AND e.entity_type NOT IN ({known})",
    ]
    for kind, (table, key) in vocab.ENTITY_TABLES.items():
        parts.append(
            f"SELECT 'missing {kind}', e.id, e.entity_id FROM calendar_events e "
            f"LEFT JOIN {table} r ON r.{key} = e.entity_id "
            f"WHERE e.entity_type = '{kind}' AND r.{key} IS NULL"
        )
    parts += [
        "SELECT 'client meeting without its buyer', e.id, e.client_id FROM calendar_events e "
        f"WHERE e.module = '{vocab.MODULE_CLIENTS}' AND (e.client_id IS NULL "
        "OR (e.entity_type = 'client' AND e.entity_id <> e.client_id))",
        "SELECT 'delivery for another buyer', e.id, e.client_id FROM calendar_events e "
        "JOIN orders o ON o.id = e.entity_id WHERE e.entity_type = 'order' "
        "AND (e.client_id IS NULL OR e.client_id <> o.client_id)",
        "SELECT 'intake of another supplier', e.id, e.vendor_id FROM calendar_events e "
        "JOIN purchaseOrders p ON p.id = e.entity_id WHERE e.entity_type = 'purchase_order' "
        "AND (e.vendor_id IS NULL OR e.vendor_id <> p.vendorId)",
        "SELECT 'time off event off its request', e.id, e.entity_id FROM calendar_events e "
        "JOIN time_off_requests r ON r.id = e.entity_id WHERE e.entity_type = 'time_off_request' "
        f"AND (r.status <> '{vocab.REQUEST_APPROVED}' OR r.calendar_event_id <> e.id "
        f"OR e.start_date <> r.start_date OR e.end_date <> r.end_date "
        f"OR e.created_by <> r.user_id OR e.auto_generation_rule <> {time_off_rule})",
        "SELECT 'approved time off without its event', r.id, r.calendar_event_id "
        "FROM time_off_requests r LEFT JOIN calendar_events e ON e.id = r.calendar_event_id "
        f"WHERE (r.status = '{vocab.REQUEST_APPROVED}') <> (e.id IS NOT NULL)",
        "SELECT 'request by no buyer', a.id, a.requested_by_id FROM appointment_requests a "
        "LEFT JOIN clients c ON c.id = a.requested_by_id WHERE c.id IS NULL",
        "SELECT 'request approved for another buyer', a.id, a.calendar_event_id "
        "FROM appointment_requests a JOIN calendar_events e ON e.id = a.calendar_event_id "
        "WHERE e.client_id IS NULL OR e.client_id <> a.requested_by_id "
        "OR a.status <> 'approved'",
        "SELECT 'delivery slot of nothing', d.id, d.reference_id FROM delivery_schedules d "
        "LEFT JOIN orders o ON d.reference_type = 'order' AND o.id = d.reference_id "
        "LEFT JOIN purchaseOrders p ON d.reference_type = 'purchase_order' "
        "AND p.id = d.reference_id WHERE o.id IS NULL AND p.id IS NULL",
        "SELECT 'check-in of another buyer', k.id, k.client_id FROM appointment_check_ins k "
        "JOIN calendar_events e ON e.id = k.calendar_event_id "
        "WHERE e.client_id IS NULL OR k.client_id <> e.client_id",
        "SELECT 'referral no buyer made', a.id, a.referring_client_id "
        "FROM appointment_referrals a JOIN calendar_events e ON e.id = a.calendar_event_id "
        "LEFT JOIN referral_tracking r ON r.referred_client_id = e.client_id "
        "AND r.referrer_client_id = a.referring_client_id "
        "AND r.referral_code_used = a.referral_code "
        "LEFT JOIN orders o ON o.id = r.first_order_id "
        "WHERE r.id IS NULL OR a.attribution_date >= DATE(o.created_at)",
    ]
    return " UNION ALL ".join(parts)


def _before_its_record(context: RuleContext) -> str:
    d = context.dialect
    start = _at("e.start_date", "e.start_time", d)
    return " UNION ALL ".join(
        [
            "SELECT 'event before its creator joined' AS problem, e.id, e.created_at AS dated "
            "FROM calendar_events e JOIN users u ON u.id = e.created_by "
            "WHERE e.created_at < u.createdAt",
            "SELECT 'event starts before it was booked', e.id, e.start_date "
            f"FROM calendar_events e WHERE e.start_date < DATE(e.created_at) OR (e.start_time "
            f"IS NOT NULL AND {start} < {_ts('e.created_at', d)}) OR e.end_date < e.start_date",
            "SELECT 'delivery outside its order and due date', e.id, e.start_date "
            "FROM calendar_events e JOIN orders o ON o.id = e.entity_id "
            "WHERE e.entity_type = 'order' AND (e.start_date < DATE(o.created_at) "
            "OR e.start_date > o.due_date)",
            "SELECT 'intake before its PO', e.id, e.start_date FROM calendar_events e "
            "JOIN purchaseOrders p ON p.id = e.entity_id WHERE e.entity_type = 'purchase_order' "
            "AND e.start_date < p.orderDate",
            "SELECT 'meeting before its buyer', e.id, e.created_at FROM calendar_events e "
            "JOIN clients c ON c.id = e.client_id WHERE e.created_at < c.created_at",
            "SELECT 'participant before the event', p.id, p.added_at "
            "FROM calendar_event_participants p JOIN calendar_events e ON e.id = p.event_id "
            "WHERE p.added_at < e.created_at OR p.responded_at < p.added_at",
            "SELECT 'invitation before the event or answered before sent', i.id, i.sent_at "
            "FROM calendar_event_invitations i JOIN calendar_events e ON e.id = i.event_id "
            "WHERE i.sent_at < e.created_at OR i.responded_at < i.sent_at",
            "SELECT 'invitation step before the invitation', h.id, h.performed_at "
            "FROM calendar_invitation_history h JOIN calendar_event_invitations i "
            "ON i.id = h.invitation_id WHERE h.performed_at < i.created_at",
            "SELECT 'history before the event', h.id, h.changed_at "
            "FROM calendar_event_history h JOIN calendar_events e ON e.id = h.event_id "
            "WHERE h.changed_at < e.created_at",
            "SELECT 'request answered before asked or with too little notice', a.id, "
            "a.responded_at FROM appointment_requests a WHERE a.responded_at < a.created_at "
            f"OR {_ts('a.requested_slot', d)} < {_plus_minutes('a.created_at', 24 * 60, d)}",
            "SELECT 'time off answered before asked', r.id, r.responded_at "
            "FROM time_off_requests r WHERE r.responded_at < r.created_at "
            "OR r.end_date < r.start_date",
        ]
    )


# (table, column) of every moment that has happened, and so may not lie after as-of.
HAPPENED = (
    ("calendar_events", "created_at"),
    ("calendar_events", "updated_at"),
    ("calendar_event_participants", "added_at"),
    ("calendar_event_participants", "responded_at"),
    ("calendar_event_invitations", "sent_at"),
    ("calendar_event_invitations", "responded_at"),
    ("calendar_invitation_history", "performed_at"),
    ("calendar_reminders", "sent_at"),
    ("calendar_reminders", "created_at"),
    ("calendar_event_history", "changed_at"),
    ("appointment_requests", "created_at"),
    ("appointment_requests", "responded_at"),
    ("appointment_status_history", "changed_at"),
    ("appointment_check_ins", "check_in_time"),
    ("appointment_check_ins", "check_out_time"),
    ("room_bookings", "created_at"),
    ("time_off_requests", "created_at"),
    ("time_off_requests", "responded_at"),
    ("employee_shifts", "created_at"),
    ("employee_shifts", "actual_end_time"),
    ("time_entries", "clock_out"),
    ("time_entries", "approved_at"),
    ("timesheet_periods", "closed_at"),
    ("employee_timesheets", "approved_at"),
    ("delivery_schedules", "created_at"),
)


def _after_as_of(context: RuleContext) -> str:
    now, day = _now(context), _as_of(context)
    parts = [
        f"SELECT '{table}.{column}' AS moment, id, {column} AS dated FROM {table} "
        f"WHERE {column} > {now}"
        for table, column in HAPPENED
    ]
    parts += [
        f"SELECT 'delivered after as-of', id, actual_date FROM delivery_schedules "
        f"WHERE actual_date > {day}",
        f"SELECT 'shift ahead already worked', id, shift_date FROM employee_shifts "
        f"WHERE shift_date > {day} AND status <> '{vocab.SHIFT_SCHEDULED}'",
        f"SELECT 'time entry ahead', id, entry_date FROM time_entries WHERE entry_date > {day}",
    ]
    return " UNION ALL ".join(parts)


def _completion_out_of_time(context: RuleContext) -> str:
    d, day, now = context.dialect, _as_of(context), _now(context)
    end = _at("e.end_date", "e.end_time", d)
    ahead = f"e.start_date > {day}"
    return " UNION ALL ".join(
        [
            f"SELECT 'event ahead not scheduled' AS problem, e.id, e.status FROM calendar_events e "
            f"WHERE {ahead} AND e.status NOT IN ('{vocab.SCHEDULED}', '{vocab.CANCELLED}')",
            "SELECT 'completed event not over by as-of', e.id, e.end_date FROM calendar_events e "
            f"WHERE e.status = '{vocab.COMPLETED}' AND (e.end_date > {day} "
            f"OR (e.end_time IS NOT NULL AND {end} > {now}))",
            "SELECT 'completion recorded ahead', h.event_id, h.changed_at "
            "FROM calendar_event_history h JOIN calendar_events e ON e.id = h.event_id "
            f"WHERE h.change_type = 'COMPLETED' AND ({ahead} OR e.status <> '{vocab.COMPLETED}' "
            f"OR h.changed_at < {end})",
            "SELECT 'check-in at a meeting not held', k.id, k.check_in_time "
            "FROM appointment_check_ins k JOIN calendar_events e ON e.id = k.calendar_event_id "
            f"WHERE {ahead} OR e.status <> '{vocab.COMPLETED}' "
            "OR k.check_out_time < k.check_in_time",
            "SELECT 'room booking completed ahead', b.id, b.booking_date FROM room_bookings b "
            f"WHERE b.booking_date > {day} AND b.status IN ('completed', 'in_progress')",
            "SELECT 'reminder sent ahead', r.id, r.sent_at FROM calendar_reminders r "
            f"WHERE (r.status = '{vocab.REMINDER_SENT}') <> (r.sent_at IS NOT NULL) "
            f"OR r.reminder_time > {now} AND r.status = '{vocab.REMINDER_SENT}'",
        ]
    )


def _reminders_not_before(context: RuleContext) -> str:
    d = context.dialect
    start = _at("e.start_date", "e.start_time", d)
    return (
        "SELECT r.id, r.event_id, r.user_id, r.reminder_time, e.start_date, e.start_time "
        "FROM calendar_reminders r JOIN calendar_events e ON e.id = r.event_id "
        "LEFT JOIN calendar_event_participants p ON p.event_id = r.event_id "
        "AND p.user_id = r.user_id "
        f"WHERE {_ts('r.reminder_time', d)} >= {start} OR p.id IS NULL "
        f"OR r.reminder_time < e.created_at OR r.sent_at < r.reminder_time"
    )


def _strangers_invited(_: RuleContext) -> str:
    return " UNION ALL ".join(
        [
            "SELECT 'event without its organizer' AS problem, e.id, e.created_by AS who "
            "FROM calendar_events e LEFT JOIN calendar_event_participants p "
            f"ON p.event_id = e.id AND p.user_id = e.created_by AND p.role = '{vocab.ORGANIZER}' "
            "WHERE p.id IS NULL",
            "SELECT 'buyer invited to another buyer''s meeting', i.id, i.client_id "
            "FROM calendar_event_invitations i JOIN calendar_events e ON e.id = i.event_id "
            f"WHERE i.invitee_type = '{vocab.INVITEE_CLIENT}' "
            "AND (e.client_id IS NULL OR i.client_id <> e.client_id)",
            "SELECT 'guest who is not the supplier''s contact', i.id, i.external_email "
            "FROM calendar_event_invitations i JOIN calendar_events e ON e.id = i.event_id "
            "LEFT JOIN vendors v ON v.id = e.vendor_id "
            f"WHERE i.invitee_type = '{vocab.INVITEE_EXTERNAL}' "
            "AND (v.id IS NULL OR i.external_email <> v.contactEmail)",
            "SELECT 'staff invitation off the participants', i.id, i.user_id "
            "FROM calendar_event_invitations i LEFT JOIN calendar_event_participants p "
            "ON p.event_id = i.event_id AND p.user_id = i.user_id "
            f"WHERE i.invitee_type = '{vocab.INVITEE_USER}' AND p.id IS NULL",
            "SELECT 'invitation linked to another participant', i.id, i.participant_id "
            "FROM calendar_event_invitations i JOIN calendar_event_participants p "
            "ON p.id = i.participant_id WHERE p.event_id <> i.event_id "
            "OR p.user_id <> i.user_id",
        ]
    )


def _rooms_double_booked(_: RuleContext) -> str:
    return (
        "SELECT a.id, b.id AS other_id, a.room_id, a.booking_date, a.start_time, a.end_time "
        "FROM room_bookings a JOIN room_bookings b ON a.room_id = b.room_id "
        "AND a.booking_date = b.booking_date AND a.id < b.id "
        "AND a.start_time < b.end_time AND b.start_time < a.end_time "
        "WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"
    )


def _cash_audits_off_the_register(_: RuleContext) -> str:
    moved = (
        "(SELECT COALESCE(SUM(CASE WHEN t.transaction_type = 'IN' THEN t.amount "
        "WHEN t.transaction_type = 'OUT' THEN -t.amount ELSE 0 END), 0) "
        "FROM cash_location_transactions t WHERE t.location_id = s.location_id "
        "AND t.created_at >= s.shift_start AND t.created_at < s.shift_end)"
    )
    following = (
        "(SELECT n.id FROM shift_audits n WHERE n.location_id = s.location_id "
        "AND n.shift_start > s.shift_start ORDER BY n.shift_start LIMIT 1)"
    )
    return " UNION ALL ".join(
        [
            "SELECT 'expected is not start plus the register' AS problem, s.id, "
            "s.expected_balance AS value FROM shift_audits s WHERE s.status = 'CLOSED' AND "
            f"ABS(s.expected_balance - s.starting_balance - {moved}) > {CENT_EPSILON}",
            "SELECT 'variance is not count minus expected', s.id, s.variance FROM shift_audits s "
            "WHERE s.status = 'CLOSED' AND (s.actual_count IS NULL OR s.reset_at IS NULL "
            f"OR ABS(s.actual_count - s.expected_balance - s.variance) > {CENT_EPSILON})",
            "SELECT 'next shift does not start at the count', s.id, n.starting_balance "
            f"FROM shift_audits s JOIN shift_audits n ON n.id = {following} "
            f"WHERE ABS(n.starting_balance - s.actual_count) > {CENT_EPSILON} "
            "OR n.shift_start <> s.reset_at OR s.status <> 'CLOSED'",
            "SELECT 'more than one active shift', MIN(s.id), s.location_id FROM shift_audits s "
            "WHERE s.status = 'ACTIVE' GROUP BY s.location_id HAVING COUNT(*) > 1",
        ]
    )


def _entries_outside_shifts(context: RuleContext) -> str:
    d = context.dialect
    grace = vocab.SHIFT_GRACE_MINUTES
    shift_start = _at("s.shift_date", "s.start_time", d)
    shift_end = _at("s.shift_date", "s.end_time", d)
    worked = (
        f"{_minutes_between(_ts('t.clock_out', d), _ts('t.clock_in', d), d)} "
        "- t.total_break_minutes"
    )
    threshold = vocab.DAILY_OVERTIME_THRESHOLD_MINUTES
    return (
        "SELECT t.id, t.user_id, t.clock_in, t.clock_out, s.id AS shift_id, s.shift_date, "
        "s.start_time, s.end_time, t.total_hours_minutes FROM time_entries t "
        "LEFT JOIN employee_shifts s ON s.id = t.shift_id "
        "WHERE s.id IS NULL OR s.user_id <> t.user_id OR s.shift_date <> t.entry_date "
        f"OR {_ts('t.clock_in', d)} < {_plus_minutes(shift_start, -grace, d)} "
        f"OR {_ts('t.clock_out', d)} > {_plus_minutes(shift_end, grace, d)} "
        "OR t.clock_out <= t.clock_in "
        f"OR t.total_hours_minutes <> {worked} "
        f"OR t.regular_hours_minutes <> CASE WHEN t.total_hours_minutes < {threshold} "
        f"THEN t.total_hours_minutes ELSE {threshold} END "
        "OR t.overtime_hours_minutes <> t.total_hours_minutes - t.regular_hours_minutes "
        "OR t.break_start < t.clock_in OR t.break_end > t.clock_out"
    )


def _desk_actions_unclocked(_: RuleContext) -> str:
    return " UNION ALL ".join(
        f"SELECT '{table}' AS action_of, a.id, a.{user} AS user_id, a.{at} AS done_at "
        f"FROM {table} a WHERE a.{user} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM time_entries t "
        f"WHERE t.user_id = a.{user} AND t.entry_date = DATE(a.{at}) "
        f"AND t.clock_in <= a.{at} AND t.clock_out >= a.{at} "
        f"AND (t.break_start IS NULL OR a.{at} < t.break_start OR a.{at} >= t.break_end))"
        for table, user, at in vocab.DESK_ACTIONS
    )


def _leave_on_a_workday(_: RuleContext) -> str:
    approved = f"r.status = '{vocab.REQUEST_APPROVED}'"
    parts = [
        f"SELECT r.id, r.user_id, r.start_date, r.end_date, '{table}' AS worked_in "
        f"FROM time_off_requests r WHERE {approved} AND EXISTS (SELECT 1 FROM {table} a "
        f"WHERE a.{user} = r.user_id AND DATE(a.{at}) BETWEEN r.start_date AND r.end_date)"
        for table, user, at in vocab.ALL_ACTIONS
    ]
    parts.append(
        "SELECT r.id, r.user_id, r.start_date, r.end_date, 'calendar_events' "
        f"FROM time_off_requests r WHERE {approved} AND EXISTS (SELECT 1 "
        "FROM calendar_event_participants p JOIN calendar_events e ON e.id = p.event_id "
        "WHERE p.user_id = r.user_id AND e.is_recurring = 0 "
        f"AND p.response_status <> 'DECLINED' AND e.status <> '{vocab.CANCELLED}' "
        "AND (e.entity_type IS NULL OR e.entity_type <> 'time_off_request') "
        "AND e.start_date BETWEEN r.start_date AND r.end_date)"
    )
    return " UNION ALL ".join(parts)


def _minimum(kind: str) -> Callable[[RuleContext], tuple[float, float]]:
    def bounds(context: RuleContext) -> tuple[float, float]:
        expected = MINIMUMS[kind] * context.params.months / FULL_MONTHS
        return float(math.floor(MINIMUM_SHARE * expected)), math.inf

    return bounds


def _count_of(kind: str) -> str:
    return f"SELECT COUNT(*) AS figure FROM calendar_events e WHERE {_kind_case()} = '{kind}'"


def _events_per_kind(_: RuleContext) -> str:
    return (
        f"SELECT {_kind_case()} AS kind, e.status, COUNT(*) AS events "
        f"FROM calendar_events e GROUP BY {_kind_case()}, e.status ORDER BY kind, e.status"
    )


def _volume(kind: str) -> Rule:
    return Rule(
        "R19",
        f"calendar_holds_enough_{PLURALS[kind]}",
        f"The calendar holds DATA-001's {PLURALS[kind].replace('_', ' ')}, pro rata: "
        f"{MINIMUMS[kind]} over "
        f"{FULL_MONTHS} months.",
        "figure",
        _count_of(kind),
        ("calendar_events",),
        bounds=_minimum(kind),
        blocking=False,
        exhibits=(("events per kind", _events_per_kind),),
    )


RULES: tuple[Rule, ...] = (
    links_resolve("calendar", TABLES),
    Rule(
        "R19",
        "calendar_events_agree_with_their_records",
        "Each event names a real buyer, order, PO or time-off request and agrees with it; "
        "requests, check-ins and delivery slots belong to real buyers and orders.",
        "violations",
        _records_disagree,
        (
            "calendar_events",
            "time_off_requests",
            "appointment_requests",
            "delivery_schedules",
            "appointment_check_ins",
            "appointment_referrals",
            "referral_tracking",
            "orders",
            "purchaseOrders",
            "clients",
        ),
    ),
    Rule(
        "R19",
        "calendar_rows_never_precede_what_they_refer_to",
        "Events are booked after their buyer, PO and creator exist, deliveries fall between "
        "the order and its due date, and every answer or change follows what it answers.",
        "violations",
        _before_its_record,
        (
            "calendar_events",
            "calendar_event_participants",
            "calendar_event_invitations",
            "calendar_invitation_history",
            "calendar_event_history",
            "appointment_requests",
            "time_off_requests",
            "orders",
            "purchaseOrders",
            "clients",
            "users",
        ),
    ),
    Rule(
        "R19",
        "calendar_rows_never_after_as_of",
        "Nothing that happened is dated after as-of; only scheduled events and shifts lie ahead.",
        "violations",
        _after_as_of,
        tuple(dict.fromkeys(table for table, _ in HAPPENED)),
    ),
    Rule(
        "R19",
        "future_events_have_no_completion",
        "An event after as-of is scheduled with no completion, check-in or sent reminder; a "
        "completed event is over by as-of.",
        "violations",
        _completion_out_of_time,
        (
            "calendar_events",
            "calendar_event_history",
            "appointment_check_ins",
            "room_bookings",
            "calendar_reminders",
        ),
    ),
    Rule(
        "R19",
        "reminders_precede_their_events",
        "Every reminder fires after the event was booked and before it starts, to a participant.",
        "violations",
        _reminders_not_before,
        ("calendar_reminders", "calendar_events", "calendar_event_participants"),
    ),
    Rule(
        "R19",
        "participants_are_staff_or_the_clients_people",
        "Staff attend (the organizer always); the only guests are the meeting's own buyer or the "
        "supplier's contact at its intake.",
        "violations",
        _strangers_invited,
        ("calendar_events", "calendar_event_participants", "calendar_event_invitations", "vendors"),
    ),
    Rule(
        "R19",
        "rooms_never_double_booked",
        "No room or dock is held by two bookings at once.",
        "violations",
        _rooms_double_booked,
        ("room_bookings",),
    ),
    Rule(
        "R21",
        "cash_audits_follow_the_register",
        "Each closed cash-audit shift expects its start plus the cash in and out since, its "
        "count less that is its variance, and the next shift starts at the count.",
        "violations",
        _cash_audits_off_the_register,
        ("shift_audits", "cash_location_transactions"),
    ),
    Rule(
        "R21",
        "time_entries_lie_within_their_shifts",
        "Each time entry clocks in and out within its shift (15 minutes' grace) and splits "
        "worked minutes as TERP's clock-out does (8 hours regular, the rest overtime).",
        "violations",
        _entries_outside_shifts,
        ("time_entries", "employee_shifts"),
    ),
    Rule(
        "R21",
        "desk_actions_fall_in_clocked_time",
        "Every order placed, payment recorded or allocated, PO raised, intake received, bill, "
        "expense and payout entered falls inside a time entry of the person who did it.",
        "violations",
        _desk_actions_unclocked,
        ("time_entries", *dict.fromkeys(table for table, _, _ in vocab.DESK_ACTIONS)),
    ),
    Rule(
        "R21",
        "approved_leave_never_on_a_worked_day",
        "Approved time off covers no day the person is recorded working or attending an event.",
        "violations",
        _leave_on_a_workday,
        (
            "time_off_requests",
            "calendar_events",
            "calendar_event_participants",
            *dict.fromkeys(table for table, _, _ in vocab.ALL_ACTIONS),
        ),
    ),
    *(_volume(kind) for kind in MINIMUMS),
)
