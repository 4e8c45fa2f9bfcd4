from collections.abc import Mapping

import dagster as dg
import pandas as pd

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules.core import markdown_table

# (table, column) pairs whose values are the kinds the UI counts.
KINDS = (
    ("client_activity", "activity_type"),
    ("client_communications", "communicationType"),
    ("client_meeting_history", "outcome"),
    ("comments", "commentable_type"),
    ("todo_tasks", "status"),
    ("inbox_items", "source_type"),
    ("notifications", "title"),
    ("auditLogs", "action"),
    ("order_audit_log", "action"),
)
# Each table's event time, for events per month.
EVENT_TIMES = {
    "client_activity": "created_at",
    "client_communications": "communicated_at",
    "freeform_notes": "createdAt",
    "comments": "created_at",
    "todo_tasks": "created_at",
}


def _kinds(frames: Frames) -> list[dict[str, object]]:
    rows = []
    for table, column in KINDS:
        counts = frames[table][column].value_counts().sort_index()
        rows += [{"table": table, "kind": kind, "rows": int(n)} for kind, n in counts.items()]
    return rows


def _per_month(frames: Frames) -> list[dict[str, object]]:
    months = pd.DataFrame(
        {
            table: frames[table][column].dt.strftime("%Y-%m").value_counts()
            for table, column in EVENT_TIMES.items()
        }
    )
    months = months.fillna(0).astype(int).sort_index()
    return [{"month": month, **row} for month, row in months.to_dict("index").items()]


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    return {
        "collection calls": int(
            (frames["client_communications"]["communicationType"] == "CALL").sum()
        ),
        "comments": len(frames["comments"]),
        "open tasks": int((frames["todo_tasks"]["is_completed"] == 0).sum()),
        "rows per kind": dg.MetadataValue.md(markdown_table(_kinds(frames))),
        "events per month": dg.MetadataValue.md(markdown_table(_per_month(frames))),
    }


people = family_asset("people", _figures)
