"""Audit trails: what TERP logs beside every order and batch status change.

The order audit tab reads `order_audit_log`; the batch drawer reads `auditLogs` rows with entity
'Batch'. Each row mirrors one status history row (same actor, same second), so the trails and
the histories can never disagree.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.world import World, numbered, to_json
from terp_seed.terp import people as vocab


def build_order_audit_log(world: World) -> pd.DataFrame:
    """One CREATE_DRAFT per order when it was created, one STATUS_CHANGE per history row."""
    orders = world.tables["orders"]
    history = world.tables["order_status_history"].sort_values(["order_id", "changed_at", "id"])
    line_counts = world.tables["order_line_items"].groupby("order_id").size()
    created = pd.DataFrame(
        {
            "order_id": orders["id"],
            "action": vocab.ORDER_AUDIT_CREATED,
            "changes": to_json(
                {
                    "orderType": kind,
                    "clientId": int(client),
                    "lineItemCount": int(line_counts.get(order, 0)),
                    "total": round(float(total), 2),
                }
                for order, kind, client, total in zip(
                    orders["id"],
                    orders["orderType"],
                    orders["client_id"],
                    orders["total"],
                    strict=True,
                )
            ),
            "user_id": orders["created_by"],
            "reason": None,
            "timestamp": orders["created_at"],
            "_order": 0,
        }
    )
    previous = history.groupby("order_id")["fulfillmentStatus"].shift(1)
    changed = pd.DataFrame(
        {
            "order_id": history["order_id"].to_numpy(),
            "action": vocab.ORDER_AUDIT_STATUS_CHANGE,
            "changes": to_json(
                {"fulfillmentStatus": {"from": None if pd.isna(old) else old, "to": new}}
                for old, new in zip(previous, history["fulfillmentStatus"], strict=True)
            ),
            "user_id": history["changed_by"].to_numpy(),
            "reason": history["notes"].to_numpy(),
            "timestamp": history["changed_at"].to_numpy(),
            "_order": 1,
        }
    )
    trail = pd.concat([created, changed], ignore_index=True)
    trail["user_id"] = trail["user_id"].astype("Int64")
    return numbered(trail, ["timestamp", "order_id", "_order"]).drop(columns="_order")


def build_auditLogs(world: World) -> pd.DataFrame:
    """One auditLogs row per batch status change: CREATED at intake, STATUS_CHANGE after."""
    history = world.tables["batch_status_history"]
    status_names = world.tables["workflow_statuses"].set_index("id")["name"]
    codes = world.tables["batches"].set_index("id")["code"]
    intake = history["fromStatusId"].isna().to_numpy()

    def snapshot(batch: int, status: object) -> dict[str, object] | None:
        if pd.isna(status):
            return None
        return {
            "id": int(batch),
            "code": codes.get(batch),
            "statusId": int(status),
            "status": status_names.get(int(status)),
        }

    before = [
        None if first else snapshot(batch, status)
        for first, batch, status in zip(
            intake, history["batchId"], history["fromStatusId"], strict=True
        )
    ]
    after = [snapshot(b, s) for b, s in zip(history["batchId"], history["toStatusId"], strict=True)]
    logs = pd.DataFrame(
        {
            "actorId": history["changedBy"].astype("int64").to_numpy(),
            "entity": vocab.AUDIT_BATCH_ENTITY,
            "entityId": history["batchId"].astype("int64").to_numpy(),
            "action": np.where(intake, vocab.AUDIT_BATCH_CREATED, vocab.AUDIT_BATCH_STATUS_CHANGE),
            "before": to_json(before),
            "after": to_json(after),
            "reason": np.where(intake, vocab.AUDIT_INTAKE_REASON, history["notes"].to_numpy()),
            "createdAt": history["createdAt"].to_numpy(),
            "_history": history["id"].to_numpy(),
        }
    )
    return numbered(logs, ["createdAt", "_history"]).drop(columns="_history")
