"""The client relationship: calls, emails, credit reviews, notes and activity, from real events.

Every row here answers a business event upstream: a confirmed order is emailed, an invoice
is sent, a buyer late on an invoice is called, a buyer close to its credit limit is reviewed
and the review is written up as a note linked to the client; the activity feed lists them all.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.receivables import invoice_settlements, open_at
from terp_seed.generate.people.world import World, minutes, numbered, to_json
from terp_seed.terp import people as vocab

# Shares of orders confirmed by email and of invoices announced by email (the rest by text).
ORDER_EMAIL_SHARE = 0.12
INVOICE_EMAIL_SHARE = 0.08
# A late buyer is called on the week's calling day with this chance, once a week at most.
COLLECTION_CALL_CHANCE = 0.55
# Calls start once an invoice is this many days late (a day or two is a slow bank transfer).
CALL_AFTER_DAYS_LATE = 7


def buyers(world: World) -> pd.DataFrame:
    """The buyers (clients with is_buyer), by id."""
    clients = world.tables["clients"]
    return clients[clients["is_buyer"] == 1].set_index("id")


def account_owner(world: World) -> pd.Series:
    """Each buyer's account owner: the staff member who entered most of its orders."""
    orders = world.tables["orders"]
    counts = orders.groupby(["client_id", "created_by"]).size().rename("n").reset_index()
    counts = counts.sort_values(["client_id", "n", "created_by"], ascending=[True, False, True])
    owner = counts.drop_duplicates("client_id").set_index("client_id")["created_by"]
    first_staff = int(world.staff.index.min())
    return buyers(world).index.to_series().map(owner).fillna(first_staff).astype("int64")


def credit_officer(world: World) -> int:
    """Who opens accounts and sets and reviews credit limits: the first admin (the owner)."""
    users = world.staff
    admins = users.index[users["role"] == "admin"] if "role" in users else users.index
    return int(admins.min() if len(admins) else users.index.min())


def collector_of(world: World) -> pd.Series:
    """Who chases each buyer's invoices: the staff member who issued most of them."""
    invoices = world.tables["invoices"]
    counts = invoices.groupby(["customerId", "createdBy"]).size().rename("n").reset_index()
    counts = counts.sort_values(["customerId", "n", "createdBy"], ascending=[True, False, True])
    collector = counts.drop_duplicates("customerId").set_index("customerId")["createdBy"]
    return account_owner(world).combine(collector, lambda own, col: own if pd.isna(col) else col)


def weekly_moments(world: World, purpose: str, weekday: int) -> pd.DataFrame:
    """Each buyer on one weekday of every week of the window, at a working-hours minute."""
    days = pd.date_range(world.params.start, world.params.end, freq="D")
    days = days[days.weekday == weekday]
    ids = buyers(world).index.to_numpy()
    grid = pd.DataFrame({"client_id": np.repeat(ids, len(days)), "day": np.tile(days, len(ids))})
    rng = world.rng(purpose)
    grid["at"] = grid["day"] + pd.Timedelta(hours=9) + minutes(rng, 0, 7 * 60, len(grid))
    return grid[grid["at"] <= world.cutoff].drop(columns="day")


def plan_collection_calls(world: World) -> pd.DataFrame:
    """Weekly calls to buyers with an invoice at least a week late at that moment.

    Returns:
        One row per call: client_id, at, the oldest late invoice, its days late, the late
        total and how many invoices were late.
    """
    steps = invoice_settlements(world.tables)
    moments = weekly_moments(world, "collection_call_times", weekday=1)
    rng = world.rng("collection_call_chance")
    moments = moments[rng.random(len(moments)) < COLLECTION_CALL_CHANCE]
    late = open_at(steps, moments)
    late = late[late["days_late"] >= CALL_AFTER_DAYS_LATE]
    late = late.sort_values(["client_id", "at", "days_late"], ascending=[True, True, False])
    grouped = late.groupby(["client_id", "at"], sort=False)
    calls = grouped.first()[["invoice_number", "days_late"]]
    calls["late_total"] = grouped["open_amount"].sum().round(2)
    calls["late_invoices"] = grouped.size()
    return calls.reset_index()


def plan_credit_reviews(world: World) -> pd.DataFrame:
    """Month-end reviews of buyers whose open invoices reached 80% of their credit limit."""
    ends = pd.date_range(world.params.start, world.params.end, freq="BME")
    ends = ends.append(pd.DatetimeIndex([pd.Timestamp(world.params.end)])).unique()
    limits = buyers(world)["credit_limit"]
    limits = limits[limits > 0]
    grid = pd.DataFrame(
        {
            "client_id": np.repeat(limits.index.to_numpy(), len(ends)),
            "at": np.tile(ends + pd.Timedelta(hours=16), len(limits)),
        }
    )
    # The review's own minute: what was owed is read at the moment of the review.
    rng = world.rng("credit_review_minutes")
    grid["at"] = grid["at"] + minutes(rng, 0, 59, len(grid))
    grid = grid[grid["at"] <= world.cutoff]
    exposure = open_at(invoice_settlements(world.tables), grid)
    owed = exposure.groupby(["client_id", "at"])["open_amount"].sum().rename("owed").reset_index()
    owed["credit_limit"] = owed["client_id"].map(limits)
    owed["used"] = owed["owed"] / owed["credit_limit"]
    return owed[owed["used"] >= vocab.NEAR_LIMIT_SHARE].reset_index(drop=True)


def _money(amount: float) -> str:
    return f"${amount:,.2f}"


def _emails(world: World) -> pd.DataFrame:
    """Order confirmations and invoices sent by email (a share of each)."""
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    sales = sales[sales["confirmed_at"].notna()]
    rng = world.rng("communication_samples")
    emailed = sales[rng.random(len(sales)) < ORDER_EMAIL_SHARE]
    order_mails = pd.DataFrame(
        {
            "client_id": emailed["client_id"].to_numpy(),
            "communicationType": vocab.EMAIL,
            "subject": "Order " + emailed["order_number"] + " confirmed",
            "notes": [f"Sent the order confirmation, total {_money(t)}." for t in emailed["total"]],
            "communicated_at": emailed["confirmed_at"] + minutes(rng, 2, 40, len(emailed)),
            "logged_by": emailed["created_by"].to_numpy(),
        }
    )
    invoices = world.tables["invoices"]
    invoices = invoices[invoices["status"] != "VOID"]
    sent = invoices[rng.random(len(invoices)) < INVOICE_EMAIL_SHARE]
    invoice_mails = pd.DataFrame(
        {
            "client_id": sent["customerId"].to_numpy(),
            "communicationType": vocab.EMAIL,
            "subject": "Invoice " + sent["invoiceNumber"] + " sent",
            "notes": [
                f"Emailed the invoice for {_money(t)}, due {pd.Timestamp(d):%b %d, %Y}."
                for t, d in zip(sent["totalAmount"], sent["dueDate"], strict=True)
            ],
            "communicated_at": sent["createdAt"] + minutes(rng, 5, 90, len(sent)),
            "logged_by": sent["createdBy"].to_numpy(),
        }
    )
    return pd.concat([order_mails, invoice_mails], ignore_index=True)


def _call_log(world: World, calls: pd.DataFrame) -> pd.DataFrame:
    collectors = collector_of(world)
    return pd.DataFrame(
        {
            "client_id": calls["client_id"].to_numpy(),
            "communicationType": vocab.CALL,
            "subject": [
                f"{vocab.COLLECTION_CALL_PREFIX}: {number} {days} days past due"
                for number, days in zip(calls["invoice_number"], calls["days_late"], strict=True)
            ],
            "notes": [
                f"Called about {_money(total)} past due on {n} invoice{'s' if n > 1 else ''}; "
                "asked for a payment date."
                for total, n in zip(calls["late_total"], calls["late_invoices"], strict=True)
            ],
            "communicated_at": calls["at"].to_numpy(),
            "logged_by": calls["client_id"].map(collectors).to_numpy(),
        }
    )


def _review_log(reviews: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_id": reviews["client_id"].to_numpy(),
            "communicationType": vocab.NOTE,
            "subject": [
                f"{vocab.CREDIT_NOTE_PREFIX}: {used:.0%} of {_money(limit)} used"
                for used, limit in zip(reviews["used"], reviews["credit_limit"], strict=True)
            ],
            "notes": [
                f"Open invoices {_money(owed)} against a limit of {_money(limit)}."
                for owed, limit in zip(reviews["owed"], reviews["credit_limit"], strict=True)
            ],
            "communicated_at": reviews["at"].to_numpy(),
            "logged_by": reviews["reviewer"].to_numpy(),
        }
    )


def _meeting_log(meetings: pd.DataFrame) -> pd.DataFrame:
    held = meetings[meetings["status"] == "COMPLETED"]
    return pd.DataFrame(
        {
            "client_id": held["client_id"].to_numpy(),
            "communicationType": vocab.MEETING,
            "subject": "Meeting: " + held["title"],
            "notes": "Met with the buyer; notes are on the client.",
            "communicated_at": pd.to_datetime(held["end"]).to_numpy(),
            "logged_by": held["organizer"].to_numpy(),
        }
    )


def build_client_communications(
    world: World, calls: pd.DataFrame, reviews: pd.DataFrame, meetings: pd.DataFrame
) -> pd.DataFrame:
    """Order and invoice emails, collection calls, credit-review notes, meetings held."""
    parts = [_emails(world), _call_log(world, calls), _review_log(reviews), _meeting_log(meetings)]
    log = pd.concat(parts, ignore_index=True)
    log = log[log["communicated_at"] <= world.cutoff]
    log["logged_by"] = log["logged_by"].astype("int64")
    log["created_at"] = log["communicated_at"]
    return numbered(log, ["communicated_at", "client_id"])


# A collection call about this many late invoices is written up as a follow-up note.
FOLLOW_UP_LATE_INVOICES = 3


def plan_client_notes(
    world: World, calls: pd.DataFrame, reviews: pd.DataFrame, meetings: pd.DataFrame
) -> pd.DataFrame:
    """The notes written about clients: credit reviews, and follow-ups to serious calls.

    A call that found several invoices late is written up: what was promised, what next.

    Returns:
        One row per note: note_id, client_id, at, author, title, text, tags, pinned.
    """
    names = buyers(world)["name"]
    review_notes = pd.DataFrame(
        {
            "client_id": reviews["client_id"].to_numpy(),
            "at": reviews["at"].to_numpy(),
            "author": reviews["reviewer"].to_numpy(),
            "title": [
                f"{vocab.CREDIT_NOTE_PREFIX}: {names.at[c]} ({at:%b %Y})"
                for c, at in zip(reviews["client_id"], reviews["at"], strict=True)
            ],
            "text": [
                f"Open invoices {_money(owed)} = {used:.0%} of the {_money(limit)} limit. "
                + (
                    "Over the limit: new orders need a credit override."
                    if used >= 1
                    else "Near the limit: hold large orders until payments land."
                )
                for owed, used, limit in zip(
                    reviews["owed"], reviews["used"], reviews["credit_limit"], strict=True
                )
            ],
            "tags": [["credit", "over-limit" if u >= 1 else "near-limit"] for u in reviews["used"]],
            "pinned": (reviews["used"] >= 1).to_numpy(),
        }
    )
    serious = calls[calls["late_invoices"] >= FOLLOW_UP_LATE_INVOICES]
    rng = world.rng("follow_up_delay")
    written = serious["at"] + minutes(rng, 10, 120, len(serious))
    follow_ups = pd.DataFrame(
        {
            "client_id": serious["client_id"].to_numpy(),
            "at": written.to_numpy(),
            "author": serious["client_id"].map(collector_of(world)).to_numpy(),
            "title": [
                f"Collections follow-up: {names.at[c]} ({at:%b %d, %Y})"
                for c, at in zip(serious["client_id"], written, strict=True)
            ],
            "text": [
                f"{n} invoices late, {_money(total)} in all, oldest {number} at {days} days. "
                "Buyer asked for a week; call again next Tuesday."
                for n, total, number, days in zip(
                    serious["late_invoices"],
                    serious["late_total"],
                    serious["invoice_number"],
                    serious["days_late"],
                    strict=True,
                )
            ],
            "tags": [["collections"]] * len(serious),
            "pinned": False,
        }
    )
    parts = [_opening_notes(world), review_notes, follow_ups, _meeting_notes(world, meetings)]
    notes = pd.concat(parts, ignore_index=True)
    notes = notes[notes["at"] <= world.cutoff].sort_values(["at", "client_id"], kind="stable")
    notes = notes.reset_index(drop=True)
    notes.insert(0, "note_id", np.arange(1, len(notes) + 1, dtype="int64"))
    notes["author"] = notes["author"].astype("int64")
    return notes


def _meeting_notes(world: World, meetings: pd.DataFrame) -> pd.DataFrame:
    """The organiser's notes after a client meeting was held."""
    held = meetings[meetings["status"] == "COMPLETED"]
    names = buyers(world)["name"]
    rng = world.rng("meeting_note_delay")
    written = pd.to_datetime(held["end"]) + minutes(rng, 15, 90, len(held))
    return pd.DataFrame(
        {
            "client_id": held["client_id"].to_numpy(),
            "at": written.to_numpy(),
            "author": held["organizer"].to_numpy(),
            "title": [
                f"Meeting notes: {names.at[c]} ({at:%b %d, %Y})"
                for c, at in zip(held["client_id"], written, strict=True)
            ],
            "text": "Reviewed their sell-through and what they want next; see action items.",
            "tags": [["meeting"]] * len(held),
            "pinned": False,
        }
    )


def _opening_notes(world: World) -> pd.DataFrame:
    """The note written when a buyer's account is opened: its terms, limit and contact habit."""
    clients = buyers(world)
    rng = world.rng("account_note_delay")
    return pd.DataFrame(
        {
            "client_id": clients.index.to_numpy(),
            "at": (clients["created_at"] + minutes(rng, 5, 60, len(clients))).to_numpy(),
            "author": credit_officer(world),
            "title": [f"Account opened: {name}" for name in clients["name"]],
            "text": [
                f"Opened on {terms}-day terms with a credit limit of {_money(limit)}; "
                f"prefers {str(contact).lower()} contact."
                for terms, limit, contact in zip(
                    clients["payment_terms"],
                    clients["credit_limit"].fillna(0.0),
                    clients["preferredContact"],
                    strict=True,
                )
            ],
            "tags": [["account"]] * len(clients),
            "pinned": False,
        }
    )


def build_freeform_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """Each client note in TERP's rich-text (TipTap) shape."""
    paragraph = lambda text: {  # noqa: E731
        "type": "doc",
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }
    return pd.DataFrame(
        {
            "id": notes["note_id"].to_numpy(),
            "userId": notes["author"].to_numpy(),
            "title": notes["title"].to_numpy(),
            "content": to_json(paragraph(text) for text in notes["text"]),
            "templateType": vocab.NOTE_TEMPLATE_CLIENT,
            "tags": to_json(notes["tags"]),
            "isPinned": notes["pinned"].astype("int64").to_numpy(),
            "isArchived": 0,
            "createdAt": notes["at"].to_numpy(),
            "updatedAt": notes["at"].to_numpy(),
        }
    )


def build_client_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """Each note linked to its client (clients.linkNoteToClient)."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(notes) + 1, dtype="int64"),
            "client_id": notes["client_id"].to_numpy(),
            "note_id": notes["note_id"].to_numpy(),
            "created_at": notes["at"].to_numpy(),
        }
    )


def build_client_activity(world: World, notes: pd.DataFrame) -> pd.DataFrame:
    """The client feed: account opened, each sale, each payment, each note, in date order."""
    clients = buyers(world)
    opened = pd.DataFrame(
        {
            "client_id": clients.index.to_numpy(),
            # Accounts are opened by the credit officer, who sets their terms and limit.
            "user_id": credit_officer(world),
            "activity_type": vocab.ACTIVITY_CREATED,
            "metadata": to_json({} for _ in range(len(clients))),
            "created_at": clients["created_at"].to_numpy(),
        }
    )
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    sold = pd.DataFrame(
        {
            "client_id": sales["client_id"].to_numpy(),
            "user_id": sales["created_by"].to_numpy(),
            "activity_type": vocab.ACTIVITY_TRANSACTION,
            "metadata": to_json(
                {
                    "transactionType": "SALE",
                    "orderId": int(i),
                    "orderNumber": n,
                    "amount": round(float(t), 2),
                }
                for i, n, t in zip(sales["id"], sales["order_number"], sales["total"], strict=True)
            ),
            "created_at": sales["created_at"].to_numpy(),
        }
    )
    payments = world.tables["payments"]
    received = payments[(payments["paymentType"] == "RECEIVED") & payments["customerId"].notna()]
    received = received[received["customerId"].isin(clients.index)]
    paid = pd.DataFrame(
        {
            "client_id": received["customerId"].astype("int64").to_numpy(),
            "user_id": received["createdBy"].to_numpy(),
            "activity_type": vocab.ACTIVITY_PAYMENT,
            "metadata": to_json(
                {"paymentId": int(i), "paymentNumber": n, "amount": round(float(a), 2)}
                for i, n, a in zip(
                    received["id"], received["paymentNumber"], received["amount"], strict=True
                )
            ),
            "created_at": received["createdAt"].to_numpy(),
        }
    )
    noted = pd.DataFrame(
        {
            "client_id": notes["client_id"].to_numpy(),
            "user_id": notes["author"].to_numpy(),
            "activity_type": vocab.ACTIVITY_NOTE,
            "metadata": to_json({"noteId": int(n)} for n in notes["note_id"]),
            "created_at": notes["at"].to_numpy(),
        }
    )
    feed = pd.concat([opened, sold, paid, noted], ignore_index=True)
    feed["user_id"] = feed["user_id"].astype("int64")
    return numbered(feed, ["created_at", "client_id"])
