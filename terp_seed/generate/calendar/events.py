"""The calendar's events, planned from what the business did: one frame, one row per event.

- client meetings: a buyer's account manager meets the buyer in the office a few days before
  one of its orders (the buyer asked for the slot through an appointment request); a few were
  cancelled, some moved; a handful are booked for the weeks after as-of;
- deliveries: the van run of a sale, on the day it shipped, between the order and its due
  date; orders still on their way have theirs scheduled after as-of;
- vendor appointments: a supplier's drop-off at the receiving bay, the intake of a PO;
- internal: the month-end close, the monthly cycle count, the quarterly business and
  compliance reviews, and the weekly sales huddle (one recurring event);
- time off: the all-day event TERP writes when a time-off request is approved.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import (
    DAY,
    MINUTE,
    STREAMS,
    Staff,
    Window,
    earlier,
    later,
    minutes,
    working_day_on_or_after,
    working_day_on_or_before,
)
from terp_seed.generate.family import Tables
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp import calendar as vocab

# DATA-001's full-profile minimums over its 22 months, as monthly rates.
CLIENT_MEETINGS_PER_MONTH = 100 / 22
DELIVERIES_PER_MONTH = 80 / 22
VENDOR_APPOINTMENTS_PER_MONTH = 40 / 22
CANCELLED_SHARE = 0.06
RESCHEDULED_SHARE = 0.10
FUTURE_MEETING_SHARE = 0.06
# Internal events are held up to this far past as-of (next month's close and count).
HORIZON = pd.Timedelta(days=35)
MEETING_SLOTS = ("10:00:00", "11:00:00", "13:30:00", "14:00:00", "15:00:00")
MEETING_TOPICS = (
    "Menu walkthrough and upcoming availability",
    "Account review: volumes, pricing and terms",
    "New strains: tasting and samples",
    "Reorder planning for the coming weeks",
    "Payment schedule and credit terms",
)
KINDS = ("client_meeting", "delivery", "vendor_appointment", "internal", "time_off")

PLAN_COLUMNS = (
    "kind",
    "title",
    "description",
    "location",
    "start",
    "end",
    "all_day",
    "module",
    "event_type",
    "priority",
    "visibility",
    "entity_type",
    "entity_id",
    "client_id",
    "vendor_id",
    "calendar",
    "created_by",
    "assigned_to",
    "created_at",
    "cancelled",
    "recurring",
    "auto_rule",
    "staff",
    "room",
    "rescheduled_from",
    "referral_id",
)


def _names(frame: pd.DataFrame, column: str = "name") -> pd.Series:
    return frame.set_index("id")[column]


def account_managers(orders: pd.DataFrame, staff: Staff) -> pd.Series:
    """Who looks after each buyer: the staff member who placed most of its orders."""
    counts = orders.groupby(["client_id", "created_by"]).size().reset_index(name="n")
    counts = counts.sort_values(["client_id", "n", "created_by"], ascending=[True, False, True])
    return counts.drop_duplicates("client_id").set_index("client_id")["created_by"].astype(int)


def sales_of(orders: pd.DataFrame) -> pd.DataFrame:
    """The sales that went ahead: non-draft SALE orders not cancelled."""
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    return sales[sales["fulfillmentStatus"] != "CANCELLED"]


def plan_frame(rows: dict[str, object], length: int) -> pd.DataFrame:
    """A plan frame with every plan column (missing ones empty)."""
    frame = pd.DataFrame({key: rows[key] for key in rows}, index=range(length))
    for column in PLAN_COLUMNS:
        if column not in frame:
            frame[column] = None
    return frame[list(PLAN_COLUMNS)]


def plan_client_meetings(
    params: SeedParams, tables: Tables, window: Window, staff: Staff, closed: pd.Series
) -> pd.DataFrame:
    """Meetings with buyers before their orders, and a few booked after as-of."""
    rng = stream(params.seed, STREAMS, "client_meetings")
    orders, clients = tables["orders"], tables["clients"]
    managers = account_managers(sales_of(orders), staff)
    sales = sales_of(orders)
    wanted = round(CLIENT_MEETINGS_PER_MONTH * params.months)
    picks = sales.iloc[np.sort(rng.choice(len(sales), min(wanted, len(sales)), replace=False))]
    count = len(picks)
    lead = pd.to_timedelta(rng.integers(1, 11, count), unit="D")
    day = working_day_on_or_before(
        pd.Series(pd.to_datetime(picks["created_at"]).dt.normalize().to_numpy() - lead), closed
    )
    client_ids = picks["client_id"].astype(int).to_numpy()
    joined = pd.Series(pd.to_datetime(created_at_of(clients, client_ids)))
    keep = (day >= window.start) & (day >= joined.dt.normalize() + DAY)
    past = pd.DataFrame({"client_id": client_ids, "day": day})[keep.to_numpy()]
    past = past.drop_duplicates(["client_id", "day"]).reset_index(drop=True)
    future = _future_meeting_days(params, sales, window, closed, rng, len(past))
    intros = _intro_meeting_days(tables, closed)
    meetings = pd.concat(
        [intros.assign(future=False), past.assign(future=False), future.assign(future=True)],
        ignore_index=True,
    ).drop_duplicates(["client_id", "day"])
    meetings = meetings.sort_values(["day", "client_id"], kind="stable").reset_index(drop=True)
    return _meeting_rows(rng, meetings, clients, managers, staff, window)


def _intro_meeting_days(tables: Tables, closed: pd.Series) -> pd.DataFrame:
    """A referred buyer's introduction, two working days before its first order.

    Only referrals that converted (their first order is known) had one, and only when the
    buyer was already on the books the day before.
    """
    empty = pd.DataFrame(
        {
            "client_id": pd.Series(dtype=int),
            "day": pd.Series(dtype="M8[ns]"),
            "referral_id": pd.Series(dtype=int),
        }
    )
    referrals = tables.get("referral_tracking")
    if referrals is None or not len(referrals):
        return empty
    converted = referrals[referrals["first_order_id"].notna()].reset_index(drop=True)
    orders = tables["orders"].set_index("id")
    first_order = pd.to_datetime(
        orders["created_at"].reindex(converted["first_order_id"].astype(int)).to_numpy()
    )
    day = working_day_on_or_before(pd.Series(first_order).dt.normalize() - 2 * DAY, closed)
    referred = converted["referred_client_id"].astype(int).to_numpy()
    joined = pd.Series(pd.to_datetime(created_at_of(tables["clients"], referred)))
    fits = (day >= joined.dt.normalize() + DAY) & (
        day >= pd.to_datetime(converted["created_at"]).dt.normalize() + DAY
    )
    intros = pd.DataFrame(
        {"client_id": referred, "day": day, "referral_id": converted["id"].astype(int)}
    )
    return intros[fits.to_numpy()].reset_index(drop=True) if len(intros) else empty


def created_at_of(clients: pd.DataFrame, client_ids: np.ndarray) -> np.ndarray:
    """Each buyer's created_at, in the order of `client_ids`."""
    return clients.set_index("id")["created_at"].reindex(client_ids).to_numpy()


def _future_meeting_days(
    params: SeedParams,
    sales: pd.DataFrame,
    window: Window,
    closed: pd.Series,
    rng: np.random.Generator,
    past_count: int,
) -> pd.DataFrame:
    recent = sales[pd.to_datetime(sales["created_at"]) >= window.as_of - 60 * DAY]
    buyers = np.sort(recent["client_id"].astype(int).unique())
    count = min(len(buyers), max(1, round(past_count * FUTURE_MEETING_SHARE)))
    chosen = np.sort(rng.choice(buyers, count, replace=False)) if count else buyers[:0]
    day = pd.Series(window.as_of + pd.to_timedelta(rng.integers(1, 22, count), unit="D"))
    return pd.DataFrame({"client_id": chosen, "day": working_day_on_or_after(day, closed)})


def _meeting_rows(
    rng: np.random.Generator,
    meetings: pd.DataFrame,
    clients: pd.DataFrame,
    managers: pd.Series,
    staff: Staff,
    window: Window,
) -> pd.DataFrame:
    count = len(meetings)
    start = meetings["day"] + pd.to_timedelta(rng.choice(MEETING_SLOTS, count))
    manager = meetings["client_id"].map(managers).fillna(staff.owners[0]).astype(int).to_numpy()
    owner = staff.owners[rng.integers(0, len(staff.owners), count)]
    with_owner = (rng.random(count) < 0.4) & (owner != manager)
    team = [[m, o] if w else [m] for m, o, w in zip(manager, owner, with_owner, strict=True)]
    client_created = pd.Series(created_at_of(clients, meetings["client_id"].to_numpy()))
    booked = start.dt.normalize() - pd.to_timedelta(rng.integers(2, 15, count), unit="D")
    booked = booked + pd.Timedelta(hours=9) + minutes(rng, 0, 420, count)
    booked = booked.clip(lower=pd.to_datetime(client_created) + pd.Timedelta(hours=1))
    # Nor before the account manager who books it joined (a large crew joins over a month).
    manager_joined = pd.Series(staff.joined.reindex(manager).to_numpy(), index=booked.index)
    booked = booked.clip(lower=manager_joined + pd.Timedelta(hours=1))
    booked = booked.where(
        ~meetings["future"],
        window.as_of
        - pd.to_timedelta(rng.integers(0, 8, count), unit="D")
        + pd.Timedelta(hours=10)
        + minutes(rng, 0, 300, count),
    )
    introduced = meetings["referral_id"].notna().to_numpy()
    cancelled = ~meetings["future"] & (rng.random(count) < CANCELLED_SHARE) & ~introduced
    moved = ~meetings["future"] & ~cancelled & (rng.random(count) < RESCHEDULED_SHARE)
    was = (start + pd.to_timedelta(rng.integers(1, 4, count), unit="D")).where(moved)
    names = _names(clients)
    whale = clients.set_index("id")["tags"].fillna("").str.contains("whale")
    return plan_frame(
        {
            "kind": "client_meeting",
            "title": (vocab.CLIENT_MEETING_TYPE + " - " + meetings["client_id"].map(names)),
            "description": np.where(
                meetings["referral_id"].notna() if "referral_id" in meetings else False,
                "Introduction: referred by an existing buyer",
                rng.choice(MEETING_TOPICS, count),
            ),
            "location": "Office",
            "start": start,
            "end": start + pd.Timedelta(minutes=60),
            "all_day": False,
            "module": vocab.MODULE_CLIENTS,
            "event_type": vocab.TYPE_MEETING,
            "priority": np.where(meetings["client_id"].map(whale).fillna(False), "HIGH", "MEDIUM"),
            "visibility": vocab.VISIBILITY_COMPANY,
            "entity_type": "client",
            "entity_id": meetings["client_id"].to_numpy(),
            "client_id": meetings["client_id"].to_numpy(),
            "calendar": vocab.OFFICE,
            "created_by": manager,
            "assigned_to": manager,
            "created_at": booked.dt.floor("min"),
            "cancelled": cancelled.to_numpy(),
            "recurring": False,
            "staff": team,
            "room": vocab.ROOM_MEETING,
            "rescheduled_from": was,
            "referral_id": meetings["referral_id"] if "referral_id" in meetings else None,
        },
        count,
    )


def plan_deliveries(
    params: SeedParams, tables: Tables, window: Window, staff: Staff, closed: pd.Series
) -> pd.DataFrame:
    """The van runs of sales, on their shipping day; orders on their way get theirs ahead."""
    rng = stream(params.seed, STREAMS, "deliveries")
    sales = sales_of(tables["orders"])
    shipped = pd.to_datetime(sales["shipped_at"])
    ordered = pd.to_datetime(sales["created_at"]).dt.normalize()
    due = pd.to_datetime(sales["due_date"])
    day = shipped.dt.normalize()
    # The van goes out in office hours on open days; the run lands before the due date.
    fits = (
        sales["fulfillmentStatus"].isin(["DELIVERED", "RESTOCKED"])
        & shipped.dt.hour.between(8, 16)
        & (day.dt.dayofweek < 5)
        & ~day.isin(closed)
        & (day >= ordered)
        & (day <= due)
    )
    candidates = sales[fits.to_numpy()]
    wanted = round(DELIVERIES_PER_MONTH * params.months)
    picks = candidates.iloc[
        np.sort(rng.choice(len(candidates), min(wanted, len(candidates)), replace=False))
    ]
    start = pd.to_datetime(picks["shipped_at"]).dt.ceil("15min")
    on_the_way = sales[
        sales["fulfillmentStatus"].isin(["SHIPPED", "PACKED", "READY_FOR_PACKING"]).to_numpy()
    ]
    ahead_day = working_day_on_or_after(
        pd.Series(window.as_of + pd.to_timedelta(rng.integers(1, 3, len(on_the_way)), "D")), closed
    )
    ahead_ok = (
        ahead_day <= pd.to_datetime(on_the_way["due_date"]).reset_index(drop=True)
    ).to_numpy()
    ahead = on_the_way[ahead_ok]
    ahead_start = (ahead_day[ahead_ok] + pd.Timedelta(hours=10)).reset_index(drop=True)
    runs = pd.concat([picks, ahead], ignore_index=True)
    starts = pd.concat([start.reset_index(drop=True), ahead_start], ignore_index=True)
    return _delivery_rows(runs, starts, tables["clients"])


def _delivery_rows(runs: pd.DataFrame, starts: pd.Series, clients: pd.DataFrame) -> pd.DataFrame:
    count = len(runs)
    creator = runs["created_by"].astype(int).to_numpy()
    driver = runs["shipped_by"].fillna(runs["packed_by"]).fillna(runs["created_by"])
    packer = runs["packed_by"].fillna(runs["created_by"])
    team = [
        list(dict.fromkeys([int(c), int(d), int(p)]))
        for c, d, p in zip(creator, driver, packer, strict=True)
    ]
    names = _names(clients)
    return plan_frame(
        {
            "kind": "delivery",
            "title": "Delivery - " + runs["order_number"] + " - " + runs["client_id"].map(names),
            "description": "Van delivery of the order to the buyer",
            "start": starts,
            "end": starts + pd.Timedelta(minutes=60),
            "all_day": False,
            "module": vocab.MODULE_ORDERS,
            "event_type": vocab.TYPE_DELIVERY,
            "priority": "MEDIUM",
            "visibility": vocab.VISIBILITY_COMPANY,
            "entity_type": "order",
            "entity_id": runs["id"].astype(int).to_numpy(),
            "client_id": runs["client_id"].astype(int).to_numpy(),
            "calendar": vocab.OFFICE,
            "created_by": creator,
            "assigned_to": driver.astype(int).to_numpy(),
            "created_at": earlier(
                pd.to_datetime(runs["confirmed_at"]).reset_index(drop=True), starts - MINUTE
            ).to_numpy(),
            "cancelled": False,
            "recurring": False,
            "staff": team,
            "room": "Loading Dock 2",
        },
        count,
    )


def plan_vendor_appointments(
    params: SeedParams, tables: Tables, window: Window, staff: Staff
) -> pd.DataFrame:
    """Suppliers' drop-offs at the receiving bay: the intake sessions of their POs."""
    rng = stream(params.seed, STREAMS, "vendor_appointments")
    pos = tables["purchaseOrders"]
    sessions = tables["intake_sessions"].set_index("id")
    received = pos[pos["intakeSessionId"].isin(sessions.index)]
    wanted = round(VENDOR_APPOINTMENTS_PER_MONTH * params.months)
    picks = received.iloc[
        np.sort(rng.choice(len(received), min(wanted, len(received)), replace=False))
    ].reset_index(drop=True)
    intake = sessions.loc[picks["intakeSessionId"]].reset_index(drop=True)
    start = pd.to_datetime(intake["created_at"]).dt.floor("15min")
    end = later(pd.to_datetime(intake["completed_at"]).dt.ceil("15min"), start + 30 * MINUTE)
    vendors = _names(tables["vendors"])
    creator = picks["createdBy"].astype(int).to_numpy()
    receiver = intake["received_by"].astype(int).to_numpy()
    return plan_frame(
        {
            "kind": "vendor_appointment",
            "title": "Intake - " + picks["vendorId"].map(vendors) + " - " + picks["poNumber"],
            "description": "Supplier drop-off: count, inspect and receive the PO",
            "location": "Receiving Bay",
            "start": start,
            "end": end,
            "all_day": False,
            "module": vocab.MODULE_VENDORS,
            "event_type": vocab.TYPE_INTAKE,
            "priority": "MEDIUM",
            "visibility": vocab.VISIBILITY_COMPANY,
            "entity_type": "purchase_order",
            "entity_id": picks["id"].astype(int).to_numpy(),
            "vendor_id": picks["vendorId"].astype(int).to_numpy(),
            "calendar": vocab.OFFICE,
            "created_by": creator,
            "assigned_to": receiver,
            "created_at": earlier(pd.to_datetime(picks["confirmedAt"]), start - MINUTE),
            "cancelled": False,
            "recurring": False,
            "staff": [
                list(dict.fromkeys([int(c), int(r)]))
                for c, r in zip(creator, receiver, strict=True)
            ],
            "room": "Receiving Bay",
        },
        len(picks),
    )
