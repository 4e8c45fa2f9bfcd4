"""Who attends each event, the invitations they answered, and the reminders they were sent.

Participants are staff: the organizer (the event's creator) and the people the business
would bring (the buyer's account manager, an owner, the driver and packer, the receiver). The
buyer of a client meeting and the supplier's contact at an intake are invited as a client and
an external guest. Past invitations were answered before the event; some of those for the
weeks ahead are still open. Reminders fire before their events, and only those due by as-of
have been sent.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.calendar.common import MINUTE, STREAMS, Staff, Window, minutes, optional_ids
from terp_seed.generate.calendar.workspace import auto_accept_modules
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp import calendar as vocab

REMINDER_MINUTES = {"client_meeting": 15, "internal": 30, "delivery": 60, "vendor_appointment": 60}
_MAY_DECLINE = ("client_meeting", "internal")


def plan_participants(
    params: SeedParams, events: pd.DataFrame, staff: Staff, window: Window
) -> pd.DataFrame:
    """One row per (event, staff member) with role, answer and when they answered."""
    rows = events[
        [
            "id",
            "kind",
            "module",
            "staff",
            "created_by",
            "created_at",
            "start",
            "status",
            "cancelled_at",
        ]
    ].explode("staff", ignore_index=True)
    rows = rows.rename(columns={"id": "event_id", "staff": "user"})
    rows["user"] = rows["user"].astype(int)
    rows["position"] = rows.groupby("event_id").cumcount()
    organizer = rows["position"] == 0
    rows["role"] = np.select(
        [organizer, rows["kind"] == "client_meeting"],
        [vocab.ORGANIZER, vocab.OPTIONAL],
        vocab.REQUIRED,
    )
    rng = stream(params.seed, STREAMS, "participants")
    count = len(rows)
    draw = rng.random(count)
    future = rows["start"].dt.normalize() > window.as_of
    may_decline = rows["kind"].isin(_MAY_DECLINE)
    answer = np.select(
        [
            future & (draw < 0.4),
            may_decline & ~future & (draw < 0.07),
            may_decline & ~future & (draw < 0.12),
        ],
        [vocab.PENDING, vocab.DECLINED, vocab.TENTATIVE],
        vocab.ACCEPTED,
    )
    rules = auto_accept_modules(staff)
    auto = (
        np.array(
            [
                module in rules.get(user, ())
                for user, module in zip(rows["user"], rows["module"], strict=True)
            ],
            dtype=bool,
        )
        & ~organizer.to_numpy()
    )
    rows["answer"] = np.where(organizer | auto, vocab.ACCEPTED, answer)
    rows["auto"] = auto
    lead = (rows["start"] - rows["created_at"]).clip(lower=pd.Timedelta(minutes=2))
    delay = (lead * rng.uniform(0.05, 0.5, count)).clip(upper=pd.Timedelta(days=2))
    answered = (rows["created_at"] + delay).dt.floor("s").clip(upper=window.now)
    instant = organizer | rows["auto"]
    rows["responded_at"] = answered.where(~instant, rows["created_at"]).where(
        rows["answer"] != vocab.PENDING
    )
    rows = rows.sort_values(["event_id", "position"], kind="stable").reset_index(drop=True)
    return rows.assign(id=np.arange(1, len(rows) + 1))


def build_calendar_event_participants(participants: pd.DataFrame, staff: Staff) -> pd.DataFrame:
    """Staff on each event: organizer, required and optional, with their answers."""
    user = participants["user"].to_numpy()
    return pd.DataFrame(
        {
            "id": participants["id"].to_numpy(),
            "event_id": participants["event_id"].to_numpy(),
            "user_id": user,
            "role": participants["role"].to_numpy(),
            "response_status": participants["answer"].to_numpy(),
            "responded_at": participants["responded_at"].to_numpy(),
            "notify_on_creation": 1,
            "notify_on_update": 1,
            "added_by": participants["created_by"].astype(int).to_numpy(),
            "added_at": participants["created_at"].to_numpy(),
        }
    )


def plan_invitations(
    params: SeedParams,
    events: pd.DataFrame,
    participants: pd.DataFrame,
    tables: dict,
    window: Window,
) -> pd.DataFrame:
    """Invitations: every staff participant but the organizer, the buyer, the supplier's contact."""
    invited = participants[participants["role"] != vocab.ORGANIZER]
    staff_status = np.select(
        [
            invited["auto"].astype(bool),
            invited["answer"] == vocab.ACCEPTED,
            invited["answer"] == vocab.DECLINED,
        ],
        [vocab.AUTO_ACCEPTED, vocab.ACCEPTED, vocab.DECLINED],
        vocab.PENDING,  # a tentative answer leaves the invitation open
    )
    staff_invites = pd.DataFrame(
        {
            "event_id": invited["event_id"].to_numpy(),
            "invitee_type": vocab.INVITEE_USER,
            "user_id": invited["user"].to_numpy(),
            "answer": staff_status,
            "responded_at": invited["responded_at"]
            .where(invited["answer"] != vocab.TENTATIVE)
            .to_numpy(),
            "participant_id": invited["id"].where(invited["answer"] == vocab.ACCEPTED).to_numpy(),
            "role": invited["role"].to_numpy(),
        }
    )
    guests = _guest_invitations(params, events, tables, window)
    invites = pd.concat([staff_invites, guests], ignore_index=True)
    event = events.set_index("id")
    invites["created_by"] = invites["event_id"].map(event["created_by"]).astype(int)
    invites["sent_at"] = invites["event_id"].map(event["created_at"])
    invites["cancelled_at"] = invites["event_id"].map(event["cancelled_at"])
    invites["auto_reason"] = np.where(
        invites["answer"] == vocab.AUTO_ACCEPTED,
        "Auto-accept by module: " + invites["event_id"].map(event["module"]),
        None,
    )
    invites = invites.sort_values(["event_id", "invitee_type"], kind="stable").reset_index(
        drop=True
    )
    return invites.assign(id=np.arange(1, len(invites) + 1))


def _guest_invitations(
    params: SeedParams, events: pd.DataFrame, tables: dict, window: Window
) -> pd.DataFrame:
    """The buyer asked for its meeting (accepted at once); the supplier's contact accepted."""
    rng = stream(params.seed, STREAMS, "guest_invitations")
    meetings = events[events["kind"] == "client_meeting"]
    buyers = pd.DataFrame(
        {
            "event_id": meetings["id"].to_numpy(),
            "invitee_type": vocab.INVITEE_CLIENT,
            "client_id": meetings["client_id"].astype(int).to_numpy(),
            "answer": vocab.ACCEPTED,
            "responded_at": (meetings["created_at"] + minutes(rng, 1, 30, len(meetings)))
            .clip(upper=window.now)
            .to_numpy(),
            "role": vocab.REQUIRED,
        }
    )
    intakes = events[events["kind"] == "vendor_appointment"]
    vendors = tables["vendors"].set_index("id")
    vendor = intakes["vendor_id"].astype(int)
    suppliers = pd.DataFrame(
        {
            "event_id": intakes["id"].to_numpy(),
            "invitee_type": vocab.INVITEE_EXTERNAL,
            "external_email": vendor.map(vendors["contactEmail"]).to_numpy(),
            "external_name": vendor.map(vendors["contactName"]).to_numpy(),
            "answer": vocab.ACCEPTED,
            "responded_at": (intakes["created_at"] + minutes(rng, 30, 240, len(intakes)))
            .clip(upper=intakes["start"] - MINUTE)
            .to_numpy(),
            "role": vocab.REQUIRED,
        }
    )
    return pd.concat([buyers, suppliers], ignore_index=True)


def build_calendar_event_invitations(invites: pd.DataFrame) -> pd.DataFrame:
    """Invitations with their final status; those of cancelled events were cancelled."""
    cancelled = invites["cancelled_at"].notna()
    status = np.where(cancelled, vocab.CANCELLED, invites["answer"])
    user = invites["user_id"] if "user_id" in invites else pd.Series(np.nan, index=invites.index)
    client = invites["client_id"] if "client_id" in invites else user * np.nan
    participant = invites["participant_id"]
    return pd.DataFrame(
        {
            "id": invites["id"].to_numpy(),
            "event_id": invites["event_id"].to_numpy(),
            "invitee_type": invites["invitee_type"].to_numpy(),
            "user_id": optional_ids(user.fillna(0), user.notna()),
            "client_id": optional_ids(client.fillna(0), client.notna()),
            "external_email": invites.get("external_email"),
            "external_name": invites.get("external_name"),
            "role": invites["role"].to_numpy(),
            "status": status,
            "auto_accept": (invites["answer"] == vocab.AUTO_ACCEPTED).astype(int).to_numpy(),
            "auto_accept_reason": invites["auto_reason"].to_numpy(),
            "admin_override": 0,
            "sent_at": invites["sent_at"].to_numpy(),
            "responded_at": invites["responded_at"].to_numpy(),
            "created_by": invites["created_by"].to_numpy(),
            "created_at": invites["sent_at"].to_numpy(),
            "updated_at": invites["cancelled_at"]
            .fillna(invites["responded_at"])
            .fillna(invites["sent_at"])
            .to_numpy(),
            "participant_id": optional_ids(participant.fillna(0), participant.notna()),
        }
    )


def build_calendar_invitation_history(invites: pd.DataFrame) -> pd.DataFrame:
    """Created and sent with the event, then the answer, then any cancellation."""
    staff_answer = invites["invitee_type"] == vocab.INVITEE_USER
    answered = invites[invites["responded_at"].notna()]
    parts = [
        pd.DataFrame(
            {
                "invitation_id": invites["id"],
                "action": "CREATED",
                "performed_by": invites["created_by"],
                "performed_at": invites["sent_at"],
            }
        ),
        pd.DataFrame(
            {
                "invitation_id": invites["id"],
                "action": "SENT",
                "performed_by": invites["created_by"],
                "performed_at": invites["sent_at"],
            }
        ),
        pd.DataFrame(
            {
                "invitation_id": answered["id"],
                "action": answered["answer"],
                # A buyer or a supplier answers from outside: no staff user performs it.
                "performed_by": answered["user_id"].where(staff_answer[answered.index]),
                "performed_at": answered["responded_at"],
            }
        ),
        pd.DataFrame(
            {
                "invitation_id": invites.loc[invites["cancelled_at"].notna(), "id"],
                "action": "CANCELLED",
                "performed_by": invites.loc[invites["cancelled_at"].notna(), "created_by"],
                "performed_at": invites.loc[invites["cancelled_at"].notna(), "cancelled_at"],
            }
        ),
    ]
    history = pd.concat([p for p in parts if len(p)], ignore_index=True)
    order = {"CREATED": 0, "SENT": 1, "CANCELLED": 3}
    history["step"] = history["action"].map(order).fillna(2)
    history = history.sort_values(["invitation_id", "step"], kind="stable").reset_index(drop=True)
    performer = history["performed_by"]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(history) + 1),
            "invitation_id": history["invitation_id"].astype(int).to_numpy(),
            "action": history["action"].to_numpy(),
            "performed_by": optional_ids(performer.fillna(0), performer.notna()),
            "performed_at": history["performed_at"].to_numpy(),
        }
    )


def build_calendar_reminders(
    participants: pd.DataFrame, events: pd.DataFrame, staff: Staff, window: Window
) -> pd.DataFrame:
    """A reminder per attending participant before the event; sent if due by as-of."""
    event = events.set_index("id")
    rows = participants[participants["answer"] != vocab.DECLINED].copy()
    rows["relative"] = rows["kind"].map(REMINDER_MINUTES)
    rows = rows[rows["relative"].notna() & ~rows["event_id"].map(event["recurring"]).astype(bool)]
    rows["reminder_time"] = rows["start"] - pd.to_timedelta(rows["relative"], unit="min")
    rows = rows[rows["reminder_time"] >= rows["created_at"]].reset_index(drop=True)
    stop = rows["cancelled_at"].fillna(window.now).clip(upper=window.now)
    sent = rows["reminder_time"] <= stop
    cancelled = ~sent & rows["cancelled_at"].notna()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "event_id": rows["event_id"].to_numpy(),
            "user_id": rows["user"].to_numpy(),
            "reminder_time": rows["reminder_time"].to_numpy(),
            "relative_minutes": rows["relative"].astype(int).to_numpy(),
            "method": np.where(rows["user"].isin(staff.owners), "BOTH", "IN_APP"),
            "status": np.select(
                [sent, cancelled],
                [vocab.REMINDER_SENT, vocab.REMINDER_CANCELLED],
                vocab.REMINDER_PENDING,
            ),
            "sent_at": rows["reminder_time"].where(sent).to_numpy(),
            "created_at": rows["created_at"].to_numpy(),
        }
    )
