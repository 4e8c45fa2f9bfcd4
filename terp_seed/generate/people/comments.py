"""Staff comments on the orders, clients and batches they handled, with @mentions and replies.

A comment is written by someone who touched the record (the order's creator, the client's
account owner, the batch's handler), after the record exists. Some mention a colleague in
TERP's `@[Name](id)` syntax; the mention raises an inbox item, and a mentioned colleague often
answers in the same thread, which resolves the question.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.crm import account_owner, collector_of
from terp_seed.generate.people.meetings import event_times
from terp_seed.generate.people.world import World, minutes, numbered
from terp_seed.terp import people as vocab

# Shares of records that get a comment thread (on full: ~300 orders, ~100 each of the rest).
ORDER_SHARE = 0.06
BATCH_STEP_SHARE = 0.012
EVENT_SHARE = 0.5
COMMENTS_PER_BUYER = 2
MENTION_SHARE = 0.4
REPLY_SHARE = 0.6
# An unanswered mention is read within this many hours, once it is this old.
SEEN_AFTER_HOURS = 36

ORDER_LINES = (
    "{m}please pack this one first, the buyer is picking up early.",
    "Buyer asked to split delivery; {m}can we stage half today?",
    "{m}confirm the lab results are in the bag before it leaves.",
    "Terms agreed by phone; {m}invoice on shipment as usual.",
)
CLIENT_LINES = (
    "{m}prefers deliveries before noon, dock on the side street.",
    "Buys mostly indoor; {m}let them know when new drops land.",
    "{m}pays by ACH on Fridays, chase on Monday if nothing came in.",
)
BATCH_LINES = (
    "{m}visual QC done, trim and moisture look right.",
    "Sample pulled for the lab; {m}results due in three days.",
    "{m}jar count matches the manifest.",
)
EVENT_LINES = (
    "{m}notes from this one are on the client record.",
    "{m}can you follow up on what we promised here?",
    "Went well; {m}please book the next one in a month.",
)
REPLIES = ("On it.", "Done, thanks.", "Handled; updated the record.")


def _lines(rng: np.random.Generator, choices: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(choices, dtype=object)[rng.integers(0, len(choices), n)]


def _order_threads(world: World, rng: np.random.Generator) -> pd.DataFrame:
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    picked = sales[rng.random(len(sales)) < ORDER_SHARE]
    # Written while the order is being worked: between confirmation and shipping.
    until = picked["shipped_at"].fillna(picked["created_at"] + pd.Timedelta(days=1))
    span = ((until - picked["created_at"]).dt.total_seconds() // 60).clip(lower=10)
    at = picked["created_at"] + pd.to_timedelta(
        (rng.random(len(picked)) * span).astype("int64"), unit="min"
    )
    return pd.DataFrame(
        {
            "commentable_type": vocab.COMMENT_ON_ORDER,
            "commentable_id": picked["id"].to_numpy(),
            "user_id": picked["created_by"].to_numpy(),
            "created_at": at.to_numpy(),
            "line": _lines(rng, ORDER_LINES, len(picked)),
            "handler": picked["packed_by"].fillna(picked["created_by"]).to_numpy(),
        }
    )


def _client_threads(world: World, rng: np.random.Generator) -> pd.DataFrame:
    orders = world.tables["orders"]
    owners, collectors = account_owner(world), collector_of(world)
    sales = orders[orders["client_id"].isin(owners.index)]
    # Written the day of one of the buyer's orders, when the account is on someone's mind.
    chosen = sales.groupby("client_id").sample(n=COMMENTS_PER_BUYER, replace=True, random_state=rng)
    return pd.DataFrame(
        {
            "commentable_type": vocab.COMMENT_ON_CLIENT,
            "commentable_id": chosen["client_id"].to_numpy(),
            "user_id": chosen["client_id"].map(owners).to_numpy(),
            "created_at": (chosen["created_at"] + minutes(rng, 5, 240, len(chosen))).to_numpy(),
            "line": _lines(rng, CLIENT_LINES, len(chosen)),
            "handler": chosen["client_id"].map(collectors).to_numpy(),
        }
    )


def _batch_threads(world: World, rng: np.random.Generator) -> pd.DataFrame:
    history = world.tables["batch_status_history"]
    picked = history[rng.random(len(history)) < BATCH_STEP_SHARE]
    return pd.DataFrame(
        {
            "commentable_type": vocab.COMMENT_ON_BATCH,
            "commentable_id": picked["batchId"].astype("int64").to_numpy(),
            "user_id": picked["changedBy"].to_numpy(),
            "created_at": (picked["createdAt"] + minutes(rng, 10, 180, len(picked))).to_numpy(),
            "line": _lines(rng, BATCH_LINES, len(picked)),
            "handler": picked["changedBy"].to_numpy(),
        }
    )


def _event_threads(world: World, rng: np.random.Generator) -> pd.DataFrame:
    """Comments on calendar events by the staff member running them, once they are over."""
    events = world.tables.get("calendar_events")
    if events is None or events.empty:
        return pd.DataFrame(
            columns=[
                "commentable_type",
                "commentable_id",
                "user_id",
                "created_at",
                "line",
                "handler",
            ]
        )
    _, end = event_times(events)
    over = events.assign(end=end)
    over = over[(over["status"] == "COMPLETED") & (over["end"] <= world.cutoff)]
    picked = over[rng.random(len(over)) < EVENT_SHARE]
    participants = world.tables["calendar_event_participants"].dropna(subset=["user_id"])
    others = participants.merge(
        picked[["id", "assigned_to"]], left_on="event_id", right_on="id", suffixes=("", "_event")
    )
    others = others[others["user_id"] != others["assigned_to"]]
    colleague = others.sort_values(["event_id", "id"]).drop_duplicates("event_id")
    colleague = colleague.set_index("event_id")["user_id"]
    return pd.DataFrame(
        {
            "commentable_type": vocab.COMMENT_ON_EVENT,
            "commentable_id": picked["id"].to_numpy(),
            "user_id": picked["assigned_to"].to_numpy(),
            "created_at": (picked["end"] + minutes(rng, 10, 240, len(picked))).to_numpy(),
            "line": _lines(rng, EVENT_LINES, len(picked)),
            "handler": picked["id"].map(colleague).fillna(picked["assigned_to"]).to_numpy(),
        }
    )


def _sentence(line: str, mentioned: tuple[str, int] | None) -> str:
    """A comment line, opening with the mention when there is one, capitalised when not."""
    if mentioned is None:
        text = line.format(m="")
        return text[:1].upper() + text[1:]
    return line.format(m=f"{vocab.mention(*mentioned)} ")


def plan_threads(world: World) -> pd.DataFrame:
    """Opening comments: who writes on which record when, and whom they mention."""
    rng = world.rng("comment_threads")
    threads = pd.concat(
        [
            _order_threads(world, rng),
            _client_threads(world, rng),
            _batch_threads(world, rng),
            _event_threads(world, rng),
        ],
        ignore_index=True,
    )
    threads["created_at"] = pd.to_datetime(threads["created_at"])
    threads = threads[threads["created_at"] <= world.cutoff].reset_index(drop=True)
    threads["user_id"] = threads["user_id"].astype("int64")
    handler = threads["handler"].astype("int64").to_numpy()
    other = world.other_staff(rng, threads["user_id"].to_numpy())
    mentioned = np.where(handler != threads["user_id"].to_numpy(), handler, other)
    mentions = rng.random(len(threads)) < MENTION_SHARE
    threads["mentioned"] = pd.array(np.where(mentions, mentioned, 0), dtype="Int64")
    threads.loc[~mentions, "mentioned"] = pd.NA
    names = dict(zip(world.staff.index, world.staff["name"], strict=True))
    threads["content"] = [
        _sentence(line, None if pd.isna(m) else (names[int(m)], int(m)))
        for line, m in zip(threads["line"], threads["mentioned"], strict=True)
    ]
    reply_at = threads["created_at"] + minutes(rng, 20, 300, len(threads))
    replied = mentions & (rng.random(len(threads)) < REPLY_SHARE) & (reply_at <= world.cutoff)
    threads["reply_at"] = reply_at.where(replied)
    threads["reply"] = np.where(replied, _lines(rng, REPLIES, len(threads)), None)
    return threads


def build_comments(world: World) -> dict[str, pd.DataFrame]:
    """Comments and comment_mentions: openings, replies by the mentioned, resolutions."""
    threads = plan_threads(world)
    replied = threads["reply_at"].notna()
    openings = pd.DataFrame(
        {
            "commentable_type": threads["commentable_type"],
            "commentable_id": threads["commentable_id"],
            "user_id": threads["user_id"],
            "content": threads["content"],
            "is_resolved": replied.astype("int64"),
            "resolved_at": threads["reply_at"],
            "resolved_by": threads["mentioned"].where(replied),
            "created_at": threads["created_at"],
            "updated_at": threads["reply_at"].fillna(threads["created_at"]),
            "_mentioned": threads["mentioned"],
            "_thread": threads.index,
            "_step": 0,
        }
    )
    answers = threads[replied]
    replies = pd.DataFrame(
        {
            "commentable_type": answers["commentable_type"],
            "commentable_id": answers["commentable_id"],
            "user_id": answers["mentioned"].astype("int64"),
            "content": answers["reply"],
            "is_resolved": 0,
            "resolved_at": pd.NaT,
            "resolved_by": pd.NA,
            "created_at": answers["reply_at"],
            "updated_at": answers["reply_at"],
            "_mentioned": pd.NA,
            "_thread": answers.index,
            "_step": 1,
        }
    )
    comments = numbered(
        pd.concat([openings, replies], ignore_index=True), ["created_at", "_thread", "_step"]
    )
    comments["resolved_by"] = comments["resolved_by"].astype("Int64")
    mentioning = comments[comments["_mentioned"].notna()]
    mentions = pd.DataFrame(
        {
            "id": np.arange(1, len(mentioning) + 1, dtype="int64"),
            "comment_id": mentioning["id"].to_numpy(),
            "mentioned_user_id": mentioning["_mentioned"].astype("int64").to_numpy(),
            "mentioned_by_user_id": mentioning["user_id"].to_numpy(),
            "created_at": mentioning["created_at"].to_numpy(),
        }
    )
    return {
        "comments": comments.drop(columns=["_mentioned", "_thread", "_step"]),
        "comment_mentions": mentions,
    }


def build_mention_inbox(world: World, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The inbox item each mention raises for the colleague mentioned (never for oneself)."""
    mentions = frames["comment_mentions"]
    comments = frames["comments"].set_index("id")
    mentions = mentions[mentions["mentioned_user_id"] != mentions["mentioned_by_user_id"]]
    source = comments.loc[mentions["comment_id"]]
    # A mention answered in the thread was completed when answered; others are seen in time.
    answered = (source["is_resolved"] == 1).to_numpy()
    created = mentions["created_at"].to_numpy()
    seen_at = pd.Series(created) + pd.Timedelta(hours=SEEN_AFTER_HOURS)
    seen = ~answered & (seen_at <= world.cutoff).to_numpy()
    status = np.where(answered, "completed", np.where(seen, "seen", "unread"))
    resolved_at = source["resolved_at"].to_numpy()
    return pd.DataFrame(
        {
            "user_id": mentions["mentioned_user_id"].to_numpy(),
            "source_type": vocab.INBOX_MENTION,
            "source_id": mentions["comment_id"].to_numpy(),
            "reference_type": source["commentable_type"].to_numpy(),
            "reference_id": source["commentable_id"].to_numpy(),
            "title": [
                vocab.mention_inbox_title(n)
                for n in world.name_of(mentions["mentioned_by_user_id"])
            ],
            "description": source["content"].to_numpy(),
            "status": status,
            "seen_at": np.where(answered, resolved_at, np.where(seen, seen_at, pd.NaT)),
            "completed_at": np.where(answered, resolved_at, pd.NaT),
            "is_archived": 0,
            "created_at": created,
        }
    )


def renumber_inbox(inbox: pd.DataFrame) -> pd.DataFrame:
    """Inbox items in the order they arrived, ids from 1, updated when last touched."""
    inbox = inbox.copy()
    for column in ("seen_at", "completed_at", "created_at"):
        inbox[column] = pd.to_datetime(inbox[column])
    inbox["updated_at"] = inbox[["created_at", "seen_at", "completed_at"]].max(axis=1)
    return numbered(inbox, ["created_at", "source_type", "source_id", "user_id"])
