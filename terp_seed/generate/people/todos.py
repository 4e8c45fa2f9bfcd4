"""Todo lists as the team keeps them: fulfilment, collections and QC / lab work, month by month.

A task exists because work arose: a large or still-open order to pack and ship, a buyer to
call about late invoices, a batch waiting in quality check or lab testing. It is done when the
work was done (the order shipped, the call logged, the batch moved on), and open at as-of
otherwise. Assigning a task to someone else raises their inbox item, as TERP does.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.crm import buyers, collector_of
from terp_seed.generate.people.world import World, minutes, numbered
from terp_seed.terp import people as vocab

# Orders above this quantile of order value get an explicit pack-and-ship task.
BIG_ORDER_QUANTILE = 0.85
# Share of QC / lab steps tracked as tasks (every batch still waiting at as-of is).
QC_TASK_SHARE = 0.25
QC_STATUSES = {2: "Quality check", 3: "Lab test"}
LIST_KINDS = ("Fulfilment", "Collections", "QC and lab testing")


def _fulfilment_tasks(world: World) -> pd.DataFrame:
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    sales = sales[sales["fulfillmentStatus"] != "CANCELLED"]
    open_now = sales["shipped_at"].isna()
    big = sales["total"] >= sales["total"].quantile(BIG_ORDER_QUANTILE)
    chosen = sales[big | open_now]
    names = world.tables["clients"].set_index("id")["name"]
    shipped = chosen["shipped_at"].notna()
    return pd.DataFrame(
        {
            "kind": LIST_KINDS[0],
            "title": [
                f"Pack and ship {n} for {names.at[c]}"
                for n, c in zip(chosen["order_number"], chosen["client_id"], strict=True)
            ],
            "created_by": chosen["created_by"].to_numpy(),
            "created_at": chosen["created_at"].to_numpy(),
            "assigned_to": chosen["packed_by"].fillna(chosen["created_by"]).to_numpy(),
            "due_date": (chosen["created_at"].dt.normalize() + pd.Timedelta(days=2, hours=17)),
            "completed_at": chosen["shipped_at"].where(shipped).to_numpy(),
            "completed_by": chosen["shipped_by"].where(shipped).to_numpy(),
            "started": chosen["packed_at"].notna().to_numpy(),
            "priority": np.where(big[big | open_now], "high", "medium"),
        }
    )


def _collection_tasks(world: World, calls: pd.DataFrame) -> pd.DataFrame:
    """A task per buyer and month with calls, created on the day, done by the first call."""
    first = calls.assign(month=calls["at"].dt.to_period("M")).sort_values("at")
    first = first.drop_duplicates(["client_id", "month"])
    rng = world.rng("collection_task_minutes")
    created = first["at"] - minutes(rng, 30, 150, len(first))
    collectors = collector_of(world)
    names = buyers(world)["name"]
    return pd.DataFrame(
        {
            "kind": LIST_KINDS[1],
            "title": [f"Call {names.at[c]} about past-due invoices" for c in first["client_id"]],
            "created_by": first["client_id"].map(collectors).to_numpy(),
            "created_at": created.to_numpy(),
            "assigned_to": first["client_id"].map(collectors).to_numpy(),
            "due_date": (created.dt.normalize() + pd.Timedelta(days=2, hours=17)).to_numpy(),
            "completed_at": first["at"].to_numpy(),
            "completed_by": first["client_id"].map(collectors).to_numpy(),
            "started": True,
            "priority": np.where(first["days_late"] > 60, "urgent", "high"),
        }
    )


def _qc_tasks(world: World) -> pd.DataFrame:
    history = world.tables["batch_status_history"].sort_values(["batchId", "createdAt", "id"])
    following = history.groupby("batchId")[["createdAt", "changedBy"]].shift(-1)
    steps = history.assign(left_at=following["createdAt"], moved_by=following["changedBy"])
    steps = steps[steps["toStatusId"].isin(list(QC_STATUSES))]
    rng = world.rng("qc_tasks")
    waiting = steps["left_at"].isna()
    steps = steps[waiting | (rng.random(len(steps)) < QC_TASK_SHARE)]
    codes = world.tables["batches"].set_index("id")["code"]
    done = steps["left_at"].notna()
    return pd.DataFrame(
        {
            "kind": LIST_KINDS[2],
            "title": [
                f"{QC_STATUSES[int(s)]} {codes.at[b]}"
                for s, b in zip(steps["toStatusId"], steps["batchId"], strict=True)
            ],
            "created_by": steps["changedBy"].to_numpy(),
            "created_at": steps["createdAt"].to_numpy(),
            "assigned_to": steps["moved_by"].fillna(steps["changedBy"]).to_numpy(),
            "due_date": (steps["createdAt"].dt.normalize() + pd.Timedelta(days=3, hours=17)),
            "completed_at": steps["left_at"].where(done).to_numpy(),
            "completed_by": steps["moved_by"].where(done).to_numpy(),
            "started": done.to_numpy(),
            "priority": "medium",
        }
    )


def plan_tasks(world: World, calls: pd.DataFrame) -> pd.DataFrame:
    """Every task with its list (kind and month), in the order tasks were created."""
    tasks = pd.concat(
        [_fulfilment_tasks(world), _collection_tasks(world, calls), _qc_tasks(world)],
        ignore_index=True,
    )
    tasks = tasks[tasks["created_at"] <= world.cutoff].copy()
    # Work finished after as-of is still open at as-of.
    late = tasks["completed_at"] > world.cutoff
    tasks.loc[late, ["completed_at", "completed_by"]] = [pd.NaT, np.nan]
    for column in ("created_by", "assigned_to"):
        tasks[column] = tasks[column].astype("int64")
    tasks["completed_by"] = tasks["completed_by"].astype("Int64")
    tasks["month"] = tasks["created_at"].dt.to_period("M")
    return tasks.sort_values(["created_at", "title"], kind="stable").reset_index(drop=True)


def build_todo_lists(tasks: pd.DataFrame) -> pd.DataFrame:
    """One shared list per kind and month, owned by whoever was assigned most of its tasks."""
    keys = tasks.groupby(["kind", "month"], sort=False)
    owner = tasks.groupby(["kind", "month", "assigned_to"]).size().rename("n").reset_index()
    owner = owner.sort_values(["n", "assigned_to"], ascending=[False, True])
    owner = owner.drop_duplicates(["kind", "month"]).set_index(["kind", "month"])["assigned_to"]
    lists = keys["created_at"].min().rename("created_at").reset_index()
    lists["updated_at"] = keys["created_at"].max().to_numpy()
    lists["owner_id"] = owner.reindex(pd.MultiIndex.from_frame(lists[["kind", "month"]])).to_numpy()
    lists["name"] = [
        f"{k} - {m.strftime('%b %Y')}" for k, m in zip(lists["kind"], lists["month"], strict=True)
    ]
    lists["description"] = [
        f"{k} work that arose in {m.strftime('%B %Y')}."
        for k, m in zip(lists["kind"], lists["month"], strict=True)
    ]
    lists["is_shared"] = 1
    return numbered(lists, ["created_at", "kind"])


def build_todo_tasks(tasks: pd.DataFrame, lists: pd.DataFrame) -> pd.DataFrame:
    """Tasks in their lists: status and completion true to as-of."""
    list_of = lists.set_index(["kind", "month"])["id"]
    done = tasks["completed_at"].notna()
    status = np.where(
        done, vocab.TASK_DONE, np.where(tasks["started"], vocab.TASK_IN_PROGRESS, vocab.TASK_TODO)
    )
    frame = pd.DataFrame(
        {
            "id": np.arange(1, len(tasks) + 1, dtype="int64"),
            "list_id": list_of.reindex(
                pd.MultiIndex.from_frame(tasks[["kind", "month"]])
            ).to_numpy(),
            "title": tasks["title"].to_numpy(),
            "status": status,
            "priority": tasks["priority"].to_numpy(),
            "due_date": pd.to_datetime(tasks["due_date"]).to_numpy(),
            "assigned_to": tasks["assigned_to"].to_numpy(),
            "created_by": tasks["created_by"].to_numpy(),
            "position": tasks.groupby(["kind", "month"]).cumcount().to_numpy(),
            "is_completed": done.astype("int64").to_numpy(),
            "completed_at": tasks["completed_at"].to_numpy(),
            "completed_by": tasks["completed_by"].to_numpy(),
            "created_at": tasks["created_at"].to_numpy(),
            "updated_at": tasks["completed_at"].fillna(tasks["created_at"]).to_numpy(),
        }
    )
    frame["completed_by"] = frame["completed_by"].astype("Int64")
    return frame


def build_todo_list_members(lists: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Each list's owner, and every colleague with a task on it as an editor."""
    with_list = tasks.assign(list_id=build_todo_tasks(tasks, lists)["list_id"].to_numpy())
    assignees = with_list.groupby(["list_id", "assigned_to"])["created_at"].min().reset_index()
    owners = lists[["id", "owner_id", "created_at"]].rename(
        columns={"id": "list_id", "owner_id": "user_id", "created_at": "added_at"}
    )
    editors = assignees.rename(columns={"assigned_to": "user_id", "created_at": "added_at"})
    editors = editors.merge(owners[["list_id", "user_id"]], how="left", indicator=True)
    editors = editors[editors["_merge"] == "left_only"].drop(columns="_merge")
    members = pd.concat([owners.assign(role="owner"), editors.assign(role="editor")])
    members["added_by"] = members["list_id"].map(lists.set_index("id")["owner_id"])
    return numbered(members, ["added_at", "list_id", "user_id"])


def build_todo_task_activity(todo: pd.DataFrame) -> pd.DataFrame:
    """Each task's history: created, assigned, completed."""
    created = todo[["id", "created_by", "created_at"]].assign(
        action="created", field_changed=None, old_value=None, new_value=None, _step=0
    )
    assigned = todo[["id", "created_by", "created_at"]].assign(
        action="assigned",
        field_changed="assigned_to",
        old_value=None,
        new_value=todo["assigned_to"].astype(str),
        _step=1,
    )
    done = todo[todo["is_completed"] == 1]
    completed = pd.DataFrame(
        {
            "id": done["id"],
            "created_by": done["completed_by"].astype("int64"),
            "created_at": done["completed_at"],
            "action": "completed",
            "field_changed": "status",
            "old_value": vocab.TASK_IN_PROGRESS,
            "new_value": vocab.TASK_DONE,
            "_step": 2,
        }
    )
    activity = pd.concat([created, assigned, completed], ignore_index=True).rename(
        columns={"id": "task_id", "created_by": "user_id"}
    )
    return numbered(activity, ["created_at", "task_id", "_step"]).drop(columns="_step")


def build_todos(world: World, calls: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four todo tables."""
    tasks = plan_tasks(world, calls)
    lists = build_todo_lists(tasks)
    todo = build_todo_tasks(tasks, lists)
    return {
        "todo_lists": lists.drop(columns=["kind", "month"]),
        "todo_list_members": build_todo_list_members(lists, tasks),
        "todo_tasks": todo,
        "todo_task_activity": build_todo_task_activity(todo),
    }


def build_task_inbox(world: World, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The inbox item a task assignment raises for an assignee other than its creator."""
    todo = frames["todo_tasks"]
    todo = todo[todo["assigned_to"] != todo["created_by"]]
    done = todo["is_completed"] == 1
    return pd.DataFrame(
        {
            "user_id": todo["assigned_to"].to_numpy(),
            "source_type": vocab.INBOX_TASK_ASSIGNMENT,
            "source_id": todo["id"].to_numpy(),
            "reference_type": vocab.COMMENT_ON_TASK,
            "reference_id": todo["id"].to_numpy(),
            "title": [vocab.task_inbox_title(t) for t in todo["title"]],
            "description": None,
            "status": np.where(done, "completed", "unread"),
            "seen_at": todo["completed_at"].to_numpy(),
            "completed_at": todo["completed_at"].to_numpy(),
            "is_archived": 0,
            "created_at": todo["created_at"].to_numpy(),
        }
    )
