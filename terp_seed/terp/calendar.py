"""TERP's vocabulary for the calendar, appointments, rooms, shifts and time tracking.

Read from TERP @ b2e16915: drizzle/schema.ts and drizzle/schema-scheduling.ts (the enums),
drizzle/migrations/0024_calendar_foundation.sql (the Office and Accounting calendars, their
availability and appointment types), scripts/seed/seeders/seed-scheduling-defaults.ts (rooms,
shift templates, overtime rules), server/routers/appointmentRequests.ts, timeOffRequests.ts,
scheduling.ts (check-ins and their status history) and hourTracking.ts (how a clock-out splits
worked minutes into regular and overtime). Both the calendar generator and the R19/R21 rules
read these names, so a seeded row and its check always agree on them.
"""

# calendar_events enums.
MODULE_CLIENTS = "CLIENTS"
MODULE_ORDERS = "ORDERS"
MODULE_VENDORS = "VENDORS"
MODULE_GENERAL = "GENERAL"
MODULE_ACCOUNTING = "ACCOUNTING"
MODULE_INVENTORY = "INVENTORY"
MODULE_COMPLIANCE = "COMPLIANCE"

TYPE_MEETING = "MEETING"
TYPE_DELIVERY = "DELIVERY"
TYPE_INTAKE = "INTAKE"
TYPE_AUDIT = "AUDIT"
TYPE_OTHER = "OTHER"

SCHEDULED = "SCHEDULED"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"

VISIBILITY_COMPANY = "COMPANY"
VISIBILITY_TEAM = "TEAM"

# The calendar's own time zone: the app writes field-based dates and times in it.
TIMEZONE = "America/Los_Angeles"

# What an event is about, in calendar_events.entity_type, and the table that holds it.
ENTITY_TABLES = {
    "client": ("clients", "id"),
    "order": ("orders", "id"),
    "purchase_order": ("purchaseOrders", "id"),
    "time_off_request": ("time_off_requests", "id"),
}

# The four kinds of event DATA-001 asks for, as the calendar shows them (module, event type).
CLIENT_MEETING = (MODULE_CLIENTS, TYPE_MEETING)
DELIVERY = (MODULE_ORDERS, TYPE_DELIVERY)
VENDOR_APPOINTMENT = (MODULE_VENDORS, TYPE_INTAKE)
# Internal events: everything staff hold among themselves (closes, counts, reviews, huddles).
INTERNAL_MODULES = (MODULE_GENERAL, MODULE_ACCOUNTING, MODULE_INVENTORY, MODULE_COMPLIANCE)

# Time off, as timeOffRequests.approve writes its event.
TIME_OFF_RULE_PREFIX = "time_off_request:"
TIME_OFF_TYPES = ("vacation", "sick", "personal")
REQUEST_PENDING, REQUEST_APPROVED, REQUEST_REJECTED = "pending", "approved", "rejected"

# Participants and invitations.
ORGANIZER, REQUIRED, OPTIONAL = "ORGANIZER", "REQUIRED", "OPTIONAL"
PENDING, ACCEPTED, DECLINED, TENTATIVE = "PENDING", "ACCEPTED", "DECLINED", "TENTATIVE"
AUTO_ACCEPTED = "AUTO_ACCEPTED"
INVITEE_USER, INVITEE_CLIENT, INVITEE_EXTERNAL = "USER", "CLIENT", "EXTERNAL"

# Reminders.
REMINDER_PENDING, REMINDER_SENT, REMINDER_CANCELLED = "PENDING", "SENT", "CANCELLED"

# calendars.type, the migration's two workspace calendars, and who may book what.
CALENDAR_WORKSPACE = "workspace"
OFFICE = "Office"
ACCOUNTING = "Accounting"
CALENDARS = (
    (
        OFFICE,
        "General office and sales calendar for meetings, appointments, and tasks",
        "#3B82F6",
        True,
    ),
    (
        ACCOUNTING,
        "Accounting department calendar for payment pickups and financial meetings",
        "#10B981",
        False,
    ),
)
# calendar_availability: (calendar, first weekday, last weekday, opens, closes); 0 = Sunday.
AVAILABILITY = ((OFFICE, 1, 5, "09:00:00", "17:00:00"), (ACCOUNTING, 1, 5, "10:00:00", "16:00:00"))
ACCESS_ADMIN, ACCESS_EDIT, ACCESS_VIEW = "admin", "edit", "view"

# appointment_types from the calendar migration: (calendar, name, description, minutes,
# buffer before, buffer after, min notice hours, max advance days, colour).
CLIENT_MEETING_TYPE = "Client Meeting"
PAYMENT_PICKUP_TYPE = "Payment Pickup"
APPOINTMENT_TYPES = (
    (
        ACCOUNTING,
        PAYMENT_PICKUP_TYPE,
        "Client payment collection appointment",
        30,
        5,
        5,
        24,
        30,
        "#10B981",
    ),
    (
        OFFICE,
        CLIENT_MEETING_TYPE,
        "General client meeting or consultation",
        60,
        10,
        10,
        24,
        60,
        "#3B82F6",
    ),
)

# appointment_check_ins and appointment_status_history as scheduling.checkIn writes them.
CHECK_IN_COMPLETED = "completed"
APPOINTMENT_SCHEDULED, APPOINTMENT_CHECKED_IN = "scheduled", "checked_in"
APPOINTMENT_COMPLETED = "completed"

# rooms as seed-scheduling-defaults.ts defines them: (name, description, type, capacity,
# features, colour, display order).
ROOM_MEETING, ROOM_LOADING = "meeting", "loading"
ROOMS = (
    (
        "Conference Room A",
        "Main conference room with projector and video conferencing",
        ROOM_MEETING,
        10,
        ["projector", "video_conferencing", "whiteboard", "speakerphone"],
        "#3B82F6",
        1,
    ),
    (
        "Conference Room B",
        "Medium meeting room for team discussions",
        ROOM_MEETING,
        6,
        ["tv_display", "whiteboard"],
        "#10B981",
        2,
    ),
    (
        "Huddle Room C",
        "Small room for quick meetings and 1-on-1s",
        ROOM_MEETING,
        4,
        ["tv_display"],
        "#F59E0B",
        3,
    ),
    (
        "Loading Dock 1",
        "Primary loading dock for receiving shipments",
        ROOM_LOADING,
        1,
        ["forklift_access", "pallet_jack", "scale"],
        "#EF4444",
        10,
    ),
    (
        "Loading Dock 2",
        "Secondary loading dock for outgoing shipments",
        ROOM_LOADING,
        1,
        ["forklift_access", "pallet_jack"],
        "#F97316",
        11,
    ),
    (
        "Receiving Bay",
        "Covered receiving area for supplier deliveries",
        ROOM_LOADING,
        2,
        ["covered", "pallet_jack", "inspection_area"],
        "#8B5CF6",
        12,
    ),
)

# shift_templates: (name, description, start, end, break start, break end, colour).
DAY_SHIFT = "Day Shift"
FLEX_MORNING = "Flex Morning"
FLEX_AFTERNOON = "Flex Afternoon"
SHIFT_TEMPLATES = (
    (
        DAY_SHIFT,
        "Standard day shift (9 AM - 5 PM)",
        "09:00:00",
        "17:00:00",
        "12:00:00",
        "13:00:00",
        "#3B82F6",
    ),
    (
        "Opening Shift",
        "Early morning shift (6 AM - 2 PM)",
        "06:00:00",
        "14:00:00",
        "10:00:00",
        "10:30:00",
        "#F59E0B",
    ),
    (
        "Closing Shift",
        "Afternoon to evening shift (2 PM - 10 PM)",
        "14:00:00",
        "22:00:00",
        "18:00:00",
        "18:30:00",
        "#8B5CF6",
    ),
    (
        FLEX_MORNING,
        "Flexible morning shift (7 AM - 3 PM)",
        "07:00:00",
        "15:00:00",
        "11:00:00",
        "11:45:00",
        "#10B981",
    ),
    (
        FLEX_AFTERNOON,
        "Flexible afternoon shift (11 AM - 7 PM)",
        "11:00:00",
        "19:00:00",
        "14:30:00",
        "15:15:00",
        "#06B6D4",
    ),
    (
        "Half Day (AM)",
        "Morning half-day shift (9 AM - 1 PM)",
        "09:00:00",
        "13:00:00",
        None,
        None,
        "#EC4899",
    ),
    (
        "Half Day (PM)",
        "Afternoon half-day shift (1 PM - 5 PM)",
        "13:00:00",
        "17:00:00",
        None,
        None,
        "#F43F5E",
    ),
    (
        "Warehouse Early",
        "Warehouse early shift for receiving (5 AM - 1 PM)",
        "05:00:00",
        "13:00:00",
        "09:00:00",
        "09:30:00",
        "#84CC16",
    ),
    (
        "Warehouse Late",
        "Warehouse late shift for shipping (1 PM - 9 PM)",
        "13:00:00",
        "21:00:00",
        "17:00:00",
        "17:30:00",
        "#22C55E",
    ),
)

# overtime_rules: (name, description, daily, weekly, multiplier, double multiplier,
# daily double, default). None disables a threshold, as the seeder writes it.
OVERTIME_RULES = (
    (
        "California Standard",
        "California overtime rules: OT after 8hrs/day or 40hrs/week, double time after 12hrs/day",
        480,
        2400,
        150,
        200,
        720,
        True,
    ),
    (
        "Federal Standard",
        "Federal overtime rules: OT after 40hrs/week only",
        None,
        2400,
        150,
        None,
        None,
        False,
    ),
    (
        "No Overtime",
        "Exempt employees - no overtime calculations",
        None,
        None,
        100,
        None,
        None,
        False,
    ),
)
# hourTracking.clockOut: worked minutes up to the default rule's daily threshold are regular.
DAILY_OVERTIME_THRESHOLD_MINUTES = 480

SHIFT_REGULAR, SHIFT_OVERTIME = "regular", "overtime"
SHIFT_SCHEDULED, SHIFT_COMPLETED = "scheduled", "completed"
ENTRY_REGULAR, ENTRY_OVERTIME = "regular", "overtime"
ENTRY_COMPLETED, ENTRY_APPROVED = "completed", "approved"
PERIOD_BIWEEKLY = "biweekly"
PERIOD_OPEN, PERIOD_CLOSED = "open", "closed"
TIMESHEET_DRAFT, TIMESHEET_PAID = "draft", "paid"

# A clock-in or -out may fall this close outside its shift (people arrive a little early).
SHIFT_GRACE_MINUTES = 15

# The staff actions that happen at a desk, during the working day, as (table, user column,
# time column): placing an order, recording and allocating a payment, raising a PO, receiving
# an intake, entering a bill or an expense, recording a consignment payout. Each falls inside
# a time entry of the person who did it.
DESK_ACTIONS = (
    ("orders", "created_by", "created_at"),
    ("payments", "createdBy", "createdAt"),
    ("invoice_payments", "allocated_by", "allocated_at"),
    ("purchaseOrders", "createdBy", "createdAt"),
    ("intake_sessions", "received_by", "completed_at"),
    ("bills", "createdBy", "createdAt"),
    ("expenses", "createdBy", "createdAt"),
    ("paymentHistory", "recordedBy", "createdAt"),
)
# Every action a staff member is recorded doing, desk or floor: a day with any of them is a
# day the person worked, so it cannot be a day of approved time off.
ALL_ACTIONS = (
    *DESK_ACTIONS,
    ("orders", "packed_by", "packed_at"),
    ("orders", "shipped_by", "shipped_at"),
    ("order_status_history", "changed_by", "changed_at"),
    ("batch_status_history", "changedBy", "createdAt"),
    ("inventoryMovements", "performedBy", "createdAt"),
    ("invoices", "createdBy", "createdAt"),
    ("returns", "processed_by", "processed_at"),
    ("credits", "createdBy", "createdAt"),
    ("vendor_payables", "created_by", "created_at"),
)

# US holidays the office closes on: blocked on both calendars, no meetings booked.
HOLIDAY_NAMES = (
    "New Year's Day",
    "Memorial Day",
    "Independence Day",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
)

# TERP's calendar, appointment and staff-time tables the seeded business gives rows to: what
# the calendar family fills and its rules audit.
CALENDAR_TABLES = (
    "calendars",
    "calendar_user_access",
    "calendar_views",
    "calendar_events",
    "calendar_event_participants",
    "calendar_event_invitations",
    "calendar_invitation_history",
    "calendar_invitation_settings",
    "calendar_reminders",
    "calendar_event_history",
    "calendar_event_permissions",
    "calendar_recurrence_rules",
    "calendar_recurrence_instances",
    "calendar_availability",
    "calendar_blocked_dates",
    "appointment_types",
    "appointment_requests",
    "appointment_status_history",
    "appointment_check_ins",
    "appointment_referrals",
    "delivery_schedules",
    "rooms",
    "room_bookings",
    "time_off_requests",
    "employee_shifts",
    "shift_templates",
    "shift_audits",
    "overtime_rules",
    "time_entries",
    "timesheet_periods",
    "employee_timesheets",
)
