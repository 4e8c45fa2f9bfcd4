"""Stock alerts open at as-of, as TERP's alert job leaves them, and the staff's alert rules."""

import numpy as np
import pandas as pd

from terp_seed.terp.backoffice import (
    LOW_STOCK_THRESHOLD,
    SLOW_MOVING_DAYS,
    low_stock_severity,
    quantity_text,
)

# The alert job runs early each morning.
ALERT_RUN_HOUR = 6


def fell_low_at(movements: pd.DataFrame, batch_ids: pd.Series) -> pd.Series:
    """When each batch's stock last came down to the low-stock threshold (or was received so)."""
    moves = movements[movements["batchId"].isin(batch_ids)]
    crossing = moves[
        (moves["quantityAfter"] <= LOW_STOCK_THRESHOLD)
        & (moves["quantityBefore"] > LOW_STOCK_THRESHOLD)
    ]
    crossed = crossing.groupby("batchId")["createdAt"].max()
    received = (
        moves[moves["inventoryMovementType"] == "INTAKE"].groupby("batchId")["createdAt"].min()
    )
    return crossed.reindex(batch_ids).fillna(received.reindex(batch_ids)).set_axis(batch_ids.index)


def low_stock_alerts(tables) -> pd.DataFrame:
    """An ACTIVE LOW_STOCK alert for every LIVE batch with 0 < on hand <= the threshold."""
    batches = tables["batches"]
    low = batches[
        (batches["batchStatus"] == "LIVE")
        & (batches["onHandQty"] > 0)
        & (batches["onHandQty"] <= LOW_STOCK_THRESHOLD)
    ]
    since = fell_low_at(tables["inventoryMovements"], low["id"])
    return pd.DataFrame(
        {
            "inventoryAlertType": "LOW_STOCK",
            "batchId": low["id"].to_numpy(),
            "threshold": LOW_STOCK_THRESHOLD,
            "currentValue": low["onHandQty"].round(2).to_numpy(),
            "alertSeverity": [low_stock_severity(q) for q in low["onHandQty"]],
            "message": [
                f"Batch {code} is low on stock ({quantity_text(q)} units remaining)"
                for code, q in zip(low["code"], low["onHandQty"])
            ],
            "createdAt": since.to_numpy(),
        }
    )


def slow_moving_alerts(tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """An ACTIVE SLOW_MOVING alert for every LIVE batch with stock and no sale in 90 days.

    The job notices a batch the first morning 90 days after its last sale (or its intake).
    """
    batches = tables["batches"]
    live = batches[(batches["batchStatus"] == "LIVE") & (batches["onHandQty"] > 0)]
    shipped = tables["orders"].set_index("id")["shipped_at"].dropna()
    lines = tables["order_line_items"]
    sold_at = shipped.reindex(lines["order_id"]).to_numpy()
    last_sale = pd.Series(sold_at, index=lines["batch_id"].to_numpy()).dropna()
    last_sale = last_sale.groupby(level=0).max()
    moved = last_sale.reindex(live["id"]).fillna(live.set_index("id")["createdAt"])
    noticed = (moved + pd.Timedelta(days=SLOW_MOVING_DAYS + 1)).dt.normalize() + pd.Timedelta(
        hours=ALERT_RUN_HOUR
    )
    quiet = noticed <= as_of + pd.Timedelta(hours=ALERT_RUN_HOUR)
    slow = live.set_index("id").loc[quiet[quiet].index]
    return pd.DataFrame(
        {
            "inventoryAlertType": "SLOW_MOVING",
            "batchId": slow.index.to_numpy(),
            "threshold": float(SLOW_MOVING_DAYS),
            "currentValue": 0.0,
            "alertSeverity": "MEDIUM",
            "message": [f"Batch {code} has no sales in 90 days" for code in slow["code"]],
            "createdAt": noticed[quiet].to_numpy(),
        }
    )


def build_inventory_alerts(tables, as_of: pd.Timestamp) -> pd.DataFrame:
    """`inventoryAlerts`: the low-stock and slow-moving alerts open at as-of, oldest first."""
    frame = pd.concat([low_stock_alerts(tables), slow_moving_alerts(tables, as_of)])
    frame = frame.sort_values(["createdAt", "batchId"], kind="stable").reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["alertStatus"] = "ACTIVE"
    frame["updatedAt"] = frame["createdAt"]
    return frame


def build_alert_configurations(users: pd.DataFrame, flower_category: int) -> pd.DataFrame:
    """`alert_configurations`: the alert rules each staff member set up on their first day.

    Owners watch stock, overdue buyers and big orders, by email too; floor staff watch flower
    stock on the dashboard.
    """
    rows = []
    for user in users.sort_values("id").itertuples(index=False):
        if user.role == "admin":
            rows += [
                (user.id, "LOW_STOCK", "GLOBAL", None, LOW_STOCK_THRESHOLD, "LESS_THAN", "BOTH"),
                (user.id, "OVERDUE_PAYMENT", "GLOBAL", None, 30.0, "GREATER_THAN", "BOTH"),
                (user.id, "HIGH_VALUE_ORDER", "GLOBAL", None, 100000.0, "GREATER_THAN", "EMAIL"),
            ]
        else:
            rows.append(
                (
                    user.id,
                    "LOW_STOCK",
                    "CATEGORY",
                    flower_category,
                    LOW_STOCK_THRESHOLD,
                    "LESS_THAN",
                    "DASHBOARD",
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "user_id",
            "alert_type",
            "target_type",
            "target_id",
            "threshold_value",
            "threshold_operator",
            "delivery_method",
        ],
    )
    by_user = users.set_index("id")
    emailed = frame["delivery_method"] != "DASHBOARD"
    frame["email_address"] = np.where(emailed, by_user["email"].reindex(frame["user_id"]), None)
    frame["target_id"] = frame["target_id"].astype("Int64")
    frame["is_active"] = 1
    set_up = by_user["createdAt"].reindex(frame["user_id"]).to_numpy() + np.timedelta64(1, "D")
    frame["created_at"] = set_up
    frame["updated_at"] = set_up
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame
