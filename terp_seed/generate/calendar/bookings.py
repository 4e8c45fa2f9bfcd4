"""Appointment requests and check-ins, room bookings, and the delivery schedule.

A client meeting starts as the buyer's request for a slot, approved by its account manager
(TERP then writes the event); some requests were turned down and a few still wait. In the
office the buyer is checked in and out. Meetings, intakes and van runs book a room or a dock,
never two at once. Every sale on its way or delivered, and every PO, has its delivery slot.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import (
    DAY,
    MINUTE,
    STREAMS,
    Window,
    clock,
    later,
    minutes,
    optional_ids,
    working_day_on_or_after,
    working_day_on_or_before,
)
from terp_seed.generate.calendar.workspace import appointment_type_ids, calendar_ids, room_ids
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.schema import table_spec
from terp_seed.terp import calendar as vocab

REJECTED_SHARE = 0.10
PENDING_SHARE = 0.03
REQUEST_NOTES = (
    "Would like to go over the new menu",
    "Can we talk about next month's volumes?",
    "Want to taste the new drops",
    "Need to discuss our payment schedule",
)
# Meeting rooms from the smallest up: a buyer's meeting takes the first free one.
_MEETING_ROOMS = ("Huddle Room C", "Conference Room B", "Conference Room A")
_IN_TRANSIT = ("SHIPPED",)
_PREPARING = {"PACKED": "confirmed", "READY_FOR_PACKING": "pending"}


def assign_rooms(events: pd.DataFrame) -> pd.Series:
    """The room each event holds (by id), first come first served; NaN when all are taken."""
    taken: dict[tuple[int, pd.Timestamp], list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    ids = room_ids()
    rooms = []
    for event in events.itertuples(index=False):
        wanted = event.room
        if wanted is None or (isinstance(wanted, float) and np.isnan(wanted)) or event.recurring:
            rooms.append(np.nan)
            continue
        choices = _MEETING_ROOMS if wanted == vocab.ROOM_MEETING else (wanted,)
        chosen = np.nan
        for name in choices:
            key = (ids[name], event.start.normalize())
            booked = taken.setdefault(key, [])
            if all(event.end <= start or event.start >= end for start, end in booked):
                if event.status != vocab.CANCELLED:
                    booked.append((event.start, event.end))
                chosen = ids[name]
                break
        rooms.append(chosen)
    return pd.Series(rooms, index=events.index, dtype="float64")


def build_room_bookings(events: pd.DataFrame) -> pd.DataFrame:
    """The room or dock each event held; cancelled meetings released theirs."""
    booked = events[events["room_id"].notna()].reset_index(drop=True)
    status = np.select(
        [booked["status"] == vocab.COMPLETED, booked["status"] == vocab.CANCELLED],
        ["completed", "cancelled"],
        "confirmed",
    )
    client = booked["client_id"]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(booked) + 1),
            "room_id": booked["room_id"].astype(int).to_numpy(),
            "calendar_event_id": booked["id"].to_numpy(),
            "title": booked["title"].to_numpy(),
            "booking_date": booked["start"].dt.date.to_numpy(),
            "start_time": clock(booked["start"]).to_numpy(),
            "end_time": clock(booked["end"]).to_numpy(),
            "status": status,
            "booked_by_id": booked["created_by"].astype(int).to_numpy(),
            "client_id": optional_ids(client.fillna(0), client.notna()),
            "created_at": booked["created_at"].to_numpy(),
            "updated_at": booked["updated_at"].to_numpy(),
        }
    )


def plan_requests(
    params: SeedParams,
    events: pd.DataFrame,
    clients: pd.DataFrame,
    window: Window,
    closed: pd.Series,
) -> pd.DataFrame:
    """Approved requests behind the client meetings, plus turned-down and waiting ones."""
    rng = stream(params.seed, STREAMS, "appointment_requests")
    meetings = events[events["kind"] == "client_meeting"].reset_index(drop=True)
    slot = pd.to_datetime(meetings["rescheduled_from"]).fillna(meetings["start"])
    asked = meetings["created_at"] - minutes(rng, 60, 1_200, len(meetings))
    joined = pd.to_datetime(meetings["client_id"].map(clients.set_index("id")["created_at"]))
    asked = asked.clip(lower=joined + MINUTE, upper=slot - pd.Timedelta(hours=25))
    approved = pd.DataFrame(
        {
            "client_id": meetings["client_id"].astype(int),
            "slot": slot,
            "status": vocab.REQUEST_APPROVED,
            "created_at": asked.dt.floor("s"),
            "responded_at": meetings["created_at"],
            "responded_by": meetings["created_by"].astype(int),
            "event_id": meetings["id"],
            "response_notes": "See you then",
        }
    )
    others = _unmet_requests(rng, len(meetings), clients, window, closed)
    requests = pd.concat([approved, others], ignore_index=True)
    requests["notes"] = rng.choice(REQUEST_NOTES, len(requests))
    requests = requests.sort_values(["created_at", "client_id"], kind="stable")
    return requests.reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))


def _unmet_requests(
    rng: np.random.Generator,
    approved: int,
    clients: pd.DataFrame,
    window: Window,
    closed: pd.Series,
) -> pd.DataFrame:
    """Slots turned down (taken already) and requests for after as-of not yet answered."""
    buyers = clients[clients["is_buyer"] == 1]
    rejected = round(approved * REJECTED_SHARE)
    picks = buyers.iloc[rng.integers(0, len(buyers), rejected)]
    joined = pd.to_datetime(picks["created_at"]).dt.normalize().reset_index(drop=True)
    first = later(joined + 3 * DAY, window.start)
    span = (window.as_of - first).clip(lower=pd.Timedelta(0))
    slot = working_day_on_or_before(
        (first + span * rng.random(rejected)).dt.normalize(), closed
    ) + pd.Timedelta(hours=14)
    asked = (slot - pd.to_timedelta(rng.integers(2, 8, rejected), unit="D")).clip(
        lower=pd.to_datetime(picks["created_at"]).reset_index(drop=True) + MINUTE
    )
    turned_down = pd.DataFrame(
        {
            "client_id": picks["id"].astype(int).to_numpy(),
            "slot": slot,
            "status": vocab.REQUEST_REJECTED,
            "created_at": asked,
            "responded_at": (asked + minutes(rng, 30, 600, rejected)).clip(upper=slot - MINUTE),
            "responded_by": None,
            "response_notes": "That slot is taken; please pick another",
        }
    )
    turned_down = turned_down[turned_down["slot"] - turned_down["created_at"] >= DAY]
    waiting_count = max(1, round(approved * PENDING_SHARE)) if approved else 0
    waiters = buyers.iloc[rng.integers(0, len(buyers), waiting_count)]
    waiting = pd.DataFrame(
        {
            "client_id": waiters["id"].astype(int).to_numpy(),
            "slot": working_day_on_or_after(
                pd.Series(window.as_of + pd.to_timedelta(rng.integers(3, 15, waiting_count), "D")),
                closed,
            )
            + pd.Timedelta(hours=11),
            "status": vocab.REQUEST_PENDING,
            "created_at": window.as_of
            + pd.Timedelta(hours=8)
            + minutes(rng, 0, 480, waiting_count),
        }
    )
    return pd.concat([turned_down, waiting], ignore_index=True)


def build_appointment_requests(requests: pd.DataFrame, managers: pd.Series) -> pd.DataFrame:
    """Requests for a Client Meeting slot on the Office calendar, with the answer given."""
    responder = requests["responded_by"].fillna(requests["client_id"].map(managers))
    answered = requests["responded_at"].notna()
    event = requests.get("event_id", pd.Series(np.nan, index=requests.index))
    return pd.DataFrame(
        {
            "id": requests["id"].to_numpy(),
            "calendar_id": calendar_ids()[vocab.OFFICE],
            "appointment_type_id": appointment_type_ids()[vocab.CLIENT_MEETING_TYPE],
            "requested_by_id": requests["client_id"].astype(int).to_numpy(),
            "requested_slot": requests["slot"].to_numpy(),
            "status": requests["status"].to_numpy(),
            "notes": requests["notes"].to_numpy(),
            "response_notes": requests["response_notes"].to_numpy(),
            "created_at": requests["created_at"].to_numpy(),
            "responded_at": requests["responded_at"].to_numpy(),
            "responded_by_id": optional_ids(responder.fillna(0), answered & responder.notna()),
            "calendar_event_id": optional_ids(event.fillna(0), event.notna()),
        }
    )


def plan_check_ins(params: SeedParams, events: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Buyers checked in at the front desk for their meetings held, and out after."""
    rng = stream(params.seed, STREAMS, "check_ins")
    held = events[(events["kind"] == "client_meeting") & (events["status"] == vocab.COMPLETED)]
    held = held.reset_index(drop=True)
    count = len(held)
    check_in = held["start"] - minutes(rng, 0, 10, count)
    check_out = (held["end"] + minutes(rng, -10, 15, count)).clip(upper=window.now)
    return held.assign(check_in=check_in, check_out=check_out)


def build_appointment_check_ins(check_ins: pd.DataFrame) -> pd.DataFrame:
    """One completed check-in per meeting held, handled by the buyer's account manager."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(check_ins) + 1),
            "calendar_event_id": check_ins["id"].to_numpy(),
            "client_id": check_ins["client_id"].astype(int).to_numpy(),
            "check_in_time": check_ins["check_in"].to_numpy(),
            "check_out_time": check_ins["check_out"].to_numpy(),
            "status": vocab.CHECK_IN_COMPLETED,
            "handled_by_id": check_ins["assigned_to"].astype(int).to_numpy(),
            "queue_position": 1,
            "created_at": check_ins["check_in"].to_numpy(),
            "updated_at": check_ins["check_out"].to_numpy(),
        }
    )


def build_appointment_status_history(check_ins: pd.DataFrame) -> pd.DataFrame:
    """Scheduled -> checked_in at the desk, checked_in -> completed on the way out."""
    arrived = pd.DataFrame(
        {
            "calendar_event_id": check_ins["id"],
            "previous_status": vocab.APPOINTMENT_SCHEDULED,
            "new_status": vocab.APPOINTMENT_CHECKED_IN,
            "changed_at": check_ins["check_in"],
            "changed_by_id": check_ins["assigned_to"].astype(int),
            "notes": "Client checked in",
        }
    )
    left = arrived.assign(
        previous_status=vocab.APPOINTMENT_CHECKED_IN,
        new_status=vocab.APPOINTMENT_COMPLETED,
        changed_at=check_ins["check_out"],
        notes=None,
    )
    history = pd.concat([arrived, left], ignore_index=True)
    history = history.sort_values(["changed_at", "calendar_event_id"], kind="stable")
    return history.reset_index(drop=True).assign(id=lambda f: np.arange(1, len(f) + 1))


def build_delivery_schedules(tables: dict, window: Window, runs: pd.Series) -> pd.DataFrame:
    """Each sale's van slot (delivered, on the way, or planned) and each PO's drop-off.

    `runs` is the day of each order's delivery event on the calendar (by order id): an order
    still on its way is expected on the day its run is booked.
    """
    orders = tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    status = sales["fulfillmentStatus"]
    delivered = status.isin(["DELIVERED", "RESTOCKED"])
    moving = status.isin(_IN_TRANSIT)
    preparing = status.isin(list(_PREPARING))
    sales = sales[delivered | moving | preparing]
    state = np.select(
        [
            sales["fulfillmentStatus"].isin(["DELIVERED", "RESTOCKED"]),
            sales["fulfillmentStatus"].isin(_IN_TRANSIT),
        ],
        ["delivered", "in_transit"],
        sales["fulfillmentStatus"].map(_PREPARING).fillna("pending"),
    )
    shipped = pd.to_datetime(sales["shipped_at"]).dt.normalize()
    booked = pd.to_datetime(sales["id"].map(runs))
    on_the_way = ~sales["fulfillmentStatus"].isin(["DELIVERED", "RESTOCKED"])
    planned = booked.where(on_the_way).fillna(shipped).fillna(window.as_of + DAY)
    confirmed_at = pd.to_datetime(sales["confirmed_at"])
    order_rows = pd.DataFrame(
        {
            "reference_type": "order",
            "reference_id": sales["id"].astype(int).to_numpy(),
            "expected_date": planned.dt.date.to_numpy(),
            "confirmed_date": planned.where(state != "pending").dt.date.to_numpy(),
            "actual_date": shipped.where(state == "delivered").dt.date.to_numpy(),
            "status": state,
            "carrier": "In-house van",
            "created_by_id": sales["created_by"].astype(int).to_numpy(),
            "created_at": confirmed_at.to_numpy(),
            "updated_at": pd.to_datetime(sales["shipped_at"]).fillna(confirmed_at).to_numpy(),
        }
    )
    pos = tables["purchaseOrders"]
    vendors = tables["vendors"].set_index("id")["name"]
    arrived = pd.to_datetime(pos["actualDeliveryDate"])
    po_rows = pd.DataFrame(
        {
            "reference_type": "purchase_order",
            "reference_id": pos["id"].astype(int).to_numpy(),
            "expected_date": pos["expectedDeliveryDate"].to_numpy(),
            "confirmed_date": pos["expectedDeliveryDate"].to_numpy(),
            "actual_date": pos["actualDeliveryDate"].to_numpy(),
            "status": np.where(arrived.notna(), "delivered", "confirmed"),
            "carrier": (pos["vendorId"].map(vendors) + " (own transport)").to_numpy(),
            "created_by_id": pos["createdBy"].astype(int).to_numpy(),
            "created_at": pd.to_datetime(pos["confirmedAt"]).to_numpy(),
            "updated_at": pd.to_datetime(pos["updatedAt"]).to_numpy(),
        }
    )
    rows = pd.concat([po_rows, order_rows], ignore_index=True)
    rows = rows.sort_values(["created_at", "reference_type", "reference_id"], kind="stable")
    return rows.reset_index(drop=True).assign(
        id=lambda f: np.arange(1, len(f) + 1), alert_days_before=1, overdue_alert_sent=0
    )


def build_appointment_referrals(events: pd.DataFrame, tables: dict) -> pd.DataFrame:
    """The referral behind each introduction meeting: who sent the buyer, and what it bought."""
    intros = events[events["referral_id"].notna()].reset_index(drop=True)
    if not len(intros):
        return pd.DataFrame(columns=list(table_spec("appointment_referrals").column_names))
    referrals = tables["referral_tracking"].set_index("id").loc[intros["referral_id"].astype(int)]
    referrals = referrals.reset_index()
    orders = tables["orders"].set_index("id")
    first_order = referrals["first_order_id"].astype(int)
    converted_at = pd.to_datetime(referrals["converted_at"])
    names = tables["clients"].set_index("id")["name"]
    referrer = referrals["referrer_client_id"].astype(int)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(intros) + 1),
            "calendar_event_id": intros["id"].to_numpy(),
            "referral_source": "existing_client",
            "referring_client_id": referrer.to_numpy(),
            "referral_code": referrals["referral_code_used"].to_numpy(),
            "referral_notes": ("Referred by " + referrer.map(names)).to_numpy(),
            "attribution_date": intros["start"].dt.date.to_numpy(),
            # The first order the introduction led to, in cents.
            "conversion_value": np.round(first_order.map(orders["total"]).astype(float) * 100)
            .astype("int64")
            .to_numpy(),
            "created_at": intros["created_at"].to_numpy(),
            "updated_at": later(converted_at, intros["created_at"]).to_numpy(),
        }
    )
