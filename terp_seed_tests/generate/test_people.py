"""Property tests of the people family: every row answers a real event, in time, and agrees."""

import hashlib
import json

import pandas as pd
import pytest

from terp_seed.generate import people, registry
from terp_seed.generate.people.receivables import invoice_settlements, open_at
from terp_seed.terp import people as vocab
from terp_seed_tests.generate.frame_checks import assert_matches_schema, cutoff_of
from terp_seed_tests.seeded import seeded_run

PROFILES = ["light", "full"]
# Scheduled future dates a need may carry at as-of: when it is needed, when it lapses.
SCHEDULED = {"client_needs": ("needed_by", "expires_at"), "todo_tasks": ("due_date",)}


def _frames(profile: str) -> tuple:
    """The run, the people frames, and the tables as the families before people left them."""
    run = seeded_run(profile)
    names = [family.name for family in registry.FAMILIES]
    before = names[names.index("people") - 1]
    return run, run.people, run.tables(before)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_frame_matches_the_schema(profile):
    run, frames, _ = _frames(profile)
    for table, frame in frames.items():
        checked = frame.drop(columns=list(SCHEDULED.get(table, ())))
        assert_matches_schema(table, checked, cutoff_of(run.params))


def _digest(frames) -> str:
    return hashlib.sha256(
        b"".join(frames[t].to_csv(index=False).encode() for t in sorted(frames))
    ).hexdigest()


def test_same_inputs_give_byte_identical_frames():
    run, frames, upstream = _frames("light")
    again = people.FAMILY.generate(run.params, upstream)
    assert _digest(again) == _digest(frames), "the people family drew differently on a rerun"


@pytest.mark.parametrize("profile", PROFILES)
def test_orders_change_only_by_the_needs_they_fill(profile):
    _, frames, upstream = _frames(profile)
    amended = frames["orders"]
    assert amended.drop(columns="client_need_id").equals(upstream["orders"]), (
        "people changed an orders column other than client_need_id"
    )
    needs = frames["client_needs"].set_index("id")
    filled = amended.dropna(subset=["client_need_id"])
    need = needs.loc[filled["client_need_id"].astype(int)]
    off = (need["client_id"].to_numpy() != filled["client_id"].to_numpy()) | (
        need["created_at"].to_numpy() > filled["created_at"].to_numpy()
    )
    assert not off.any(), f"order {filled['id'].to_numpy()[off][:1]} fills another buyer's need"


@pytest.mark.parametrize("profile", PROFILES)
def test_collection_calls_reach_buyers_late_at_that_moment(profile):
    _, frames, upstream = _frames(profile)
    log = frames["client_communications"]
    calls = log[log["subject"].str.startswith(vocab.COLLECTION_CALL_PREFIX)]
    moments = calls.rename(columns={"communicated_at": "at"})[["id", "client_id", "at"]]
    late = open_at(invoice_settlements(upstream), moments)
    late_calls = set(late.loc[late["days_late"] > 0, "id"])
    not_late = sorted(set(calls["id"]) - late_calls)
    assert not not_late, f"collection call {not_late[:1]} went to a buyer with nothing late"


@pytest.mark.parametrize("profile", PROFILES)
def test_audit_trails_mirror_the_status_histories(profile):
    _, frames, upstream = _frames(profile)
    trail = frames["order_audit_log"]
    changes = trail[trail["action"] == vocab.ORDER_AUDIT_STATUS_CHANGE]
    history = upstream["order_status_history"]
    key = ["order_id", "changed_at", "changed_by"]
    left = history[key].sort_values(key).reset_index(drop=True)
    right = (
        changes[["order_id", "timestamp", "user_id"]]
        .set_axis(key, axis=1)
        .astype({"changed_by": "int64"})
        .sort_values(key)
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    batches = frames["auditLogs"]
    assert len(batches) == len(upstream["batch_status_history"]), "a batch change is unaudited"
    assert set(batches["entity"]) == {vocab.AUDIT_BATCH_ENTITY}


@pytest.mark.parametrize("profile", PROFILES)
def test_mentions_name_the_colleague_and_raise_one_inbox_item(profile):
    _, frames, _ = _frames(profile)
    comments = frames["comments"].set_index("id")
    for mention in frames["comment_mentions"].itertuples():
        tag = vocab.mention("", mention.mentioned_user_id).split("]")[1]
        assert tag in comments.at[mention.comment_id, "content"], (
            f"comment {mention.comment_id} does not mention user {mention.mentioned_user_id}"
        )
        assert mention.mentioned_user_id != mention.mentioned_by_user_id
    inbox = frames["inbox_items"]
    raised = inbox[inbox["source_type"] == vocab.INBOX_MENTION]
    assert len(raised) == len(frames["comment_mentions"]), "a mention raised no inbox item"


@pytest.mark.parametrize("profile", PROFILES)
def test_tasks_are_open_exactly_while_their_work_is(profile):
    run, frames, upstream = _frames(profile)
    tasks = frames["todo_tasks"]
    done = tasks["is_completed"] == 1
    assert (tasks.loc[done, "completed_at"] <= cutoff_of(run.params)).all()
    orders = upstream["orders"].set_index("order_number")
    fulfil = tasks[tasks["title"].str.startswith("Pack and ship ")]
    numbers = fulfil["title"].str.split(" ").str[3]
    shipped = orders.loc[numbers, "shipped_at"].notna().to_numpy()
    wrong = fulfil[shipped != (fulfil["is_completed"] == 1).to_numpy()]
    assert wrong.empty, f"task {wrong['id'].iloc[:1].tolist()} is done iff its order shipped"


@pytest.mark.parametrize("profile", PROFILES)
def test_invitations_go_to_the_colleagues_added_to_the_event(profile):
    run, frames, upstream = _frames(profile)
    sent = frames["notifications"]
    invited = sent[sent["title"] == "Calendar Invitation"]
    events = invited["metadata"].map(lambda m: json.loads(m)["eventId"])
    pairs = set(
        zip(
            upstream["calendar_event_participants"]["event_id"],
            upstream["calendar_event_participants"]["user_id"],
            strict=True,
        )
    )
    stray = [
        (e, u) for e, u in zip(events, invited["user_id"], strict=True) if (e, int(u)) not in pairs
    ]
    assert not stray, f"invitation {stray[:1]} went to someone not on that event"
    assert (sent["created_at"] <= cutoff_of(run.params)).all(), "a notification after as-of"


def test_full_profile_meets_the_issue_minimums():
    _, frames, _ = _frames("full")
    minimums = {
        "client_activity": 500,
        "client_communications": 300,
        "client_notes": 200,
        "comments": 500,
        "todo_lists": 50,
        "todo_tasks": 200,
    }
    short = {t: len(frames[t]) for t, n in minimums.items() if len(frames[t]) < n}
    assert not short, f"below the issue's minimums on full: {short}"
