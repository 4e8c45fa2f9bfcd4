"""How orders came in: live shopping sessions, portal interest lists and sales sheets.

Each converted session, list or sheet is drawn from a real order: its items are that order's
lines (batches the order really drew on, so in stock at the time) at the order's prices (which
the pricing rules kept within list). Open interest reaches only batches in stock at as-of.
"""

import json
import uuid

import numpy as np
import pandas as pd

from terp_seed.generate.customer.plan import CustomerPlan, rng
from terp_seed.generate.customer.portal import in_stock
from terp_seed.terp.customer import LIVE_SESSION_TIMEOUT_SECONDS, PRICE_ALERT_DAYS

# Share of a portal buyer's orders closed in a live session, and placed from a portal list.
LIVE_SHARE = 0.12
INTEREST_SHARE = 0.15
# Share of the other buyers' orders that followed a sales sheet.
SHEET_SHARE = 0.2
# Portal buyers who signed in lately and sent a list that nobody has reviewed yet.
NEW_LIST_DAYS = 3
NEW_LIST_CHANCE = 0.5
SHEET_COLUMNS = {"price": True, "quantity": True, "category": True, "grade": True, "vendor": False}


def origins(plan: CustomerPlan) -> pd.DataFrame:
    """Which orders came from a live session, a portal interest list or a sales sheet."""
    draws = rng(plan.params, "order_origins")
    sales = plan.sales.merge(plan.invited[["client_id", "invited_at"]], how="left")
    portal = sales["invited_at"].notna() & (
        sales["created_at"] > sales["invited_at"] + pd.Timedelta(days=3)
    )
    roll = draws.random(len(sales))
    origin = np.where(
        portal & (roll < LIVE_SHARE),
        "live",
        np.where(
            portal & (roll < LIVE_SHARE + INTEREST_SHARE),
            "interest",
            np.where(sales["invited_at"].isna() & (roll < SHEET_SHARE), "sheet", ""),
        ),
    )
    return sales.assign(origin=origin)[origin != ""].reset_index(drop=True)


def build_live_sessions(plan: CustomerPlan, live: pd.DataFrame) -> pd.DataFrame:
    """A converted session before each live order, hosted by the salesperson who placed it."""
    draws = rng(plan.params, "live_sessions")
    ended = live["created_at"] - pd.to_timedelta(draws.integers(2, 15, len(live)), unit="min")
    started = ended - pd.to_timedelta(draws.integers(25, 100, len(live)), unit="min")
    scheduled = started.dt.floor("h") - pd.to_timedelta(draws.integers(1, 4, len(live)), unit="D")
    created = scheduled - pd.Timedelta(hours=2)
    created = created.where(created > live["invited_at"], live["invited_at"])
    rooms = [str(uuid.UUID(bytes=draws.bytes(16), version=4)) for _ in range(len(live))]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(live) + 1),
            "hostUserId": live["created_by"],
            "clientId": live["client_id"],
            "status": "CONVERTED",
            "roomCode": rooms,
            "scheduledAt": scheduled.where(scheduled > created, created),
            "startedAt": started,
            "endedAt": ended,
            "title": "Live menu walkthrough",
            "timeoutSeconds": LIVE_SESSION_TIMEOUT_SECONDS,
            "expiresAt": started + pd.Timedelta(seconds=LIVE_SESSION_TIMEOUT_SECONDS),
            "autoReleaseEnabled": 1,
            "lastActivityAt": ended,
            "extensionCount": 0,
            "createdAt": created,
            "updatedAt": ended,
        }
    )


def build_session_cart_items(
    plan: CustomerPlan, live: pd.DataFrame, sessions: pd.DataFrame
) -> pd.DataFrame:
    """The cart of each session: the lines of the order it became, at the order's prices."""
    draws = rng(plan.params, "cart_items")
    session_of = pd.Series(sessions["id"].to_numpy(), index=live["id"].to_numpy())
    lines = plan.lines[plan.lines["order_id"].isin(live["id"])].copy()
    lines["sessionId"] = lines["order_id"].map(session_of)
    window = sessions.set_index("id")
    # reindex, not map: with no session (a short window) map cannot keep the datetime type.
    start, end = (
        pd.Series(window["startedAt"].reindex(lines["sessionId"]).to_numpy(), index=lines.index),
        pd.Series(window["endedAt"].reindex(lines["sessionId"]).to_numpy(), index=lines.index),
    )
    added = start + (end - start) * draws.uniform(0.05, 0.9, len(lines))
    return pd.DataFrame(
        {
            "id": np.arange(1, len(lines) + 1),
            "sessionId": lines["sessionId"].to_numpy(),
            "batchId": lines["batch_id"].to_numpy(),
            "productId": lines["productId"].to_numpy(),
            "quantity": lines["quantity"].to_numpy(),
            "unitPrice": lines["unit_price"].to_numpy(),
            "addedByRole": np.where(draws.random(len(lines)) < 0.7, "HOST", "CLIENT"),
            "isSample": lines["is_sample"].to_numpy(),
            "isHighlighted": 0,
            "itemStatus": np.where(lines["is_sample"] == 1, "SAMPLE_REQUEST", "TO_PURCHASE"),
            "createdAt": added.dt.floor("s").to_numpy(),
            "updatedAt": added.dt.floor("s").to_numpy(),
        }
    )


def build_interest_lists(
    plan: CustomerPlan, interest: pd.DataFrame, logins: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Portal lists converted into orders, plus lists submitted in the last days and still new."""
    draws = rng(plan.params, "interest_lists")
    submitted = interest["created_at"] - pd.to_timedelta(
        draws.integers(2, 30, len(interest)), unit="h"
    )
    submitted = submitted.where(submitted > interest["invited_at"], interest["invited_at"])
    lines = plan.lines[plan.lines["order_id"].isin(interest["id"])]
    converted = pd.DataFrame(
        {
            "client_id": interest["client_id"],
            "submitted_at": submitted,
            "status": "CONVERTED",
            "reviewed_at": submitted + (interest["created_at"] - submitted) / 2,
            "reviewed_by": interest["created_by"],
            "converted_to_order_id": interest["id"],
            "converted_at": interest["created_at"],
            "converted_by": interest["created_by"],
        }
    )
    items = pd.DataFrame(
        {
            "order_id": lines["order_id"],
            "batch_id": lines["batch_id"],
            "item_name": lines["product_display_name"].str.slice(0, 255),
            "category": lines["category"],
            "subcategory": lines["subcategory"],
            "price_at_interest": lines["unit_price"],
            "quantity_at_interest": lines["quantity"],
        }
    )
    items["list_key"] = items["order_id"].map(
        pd.Series(np.arange(len(interest)), index=interest["id"].to_numpy())
    )
    converted["list_key"] = np.arange(len(interest))
    fresh, fresh_items = _new_lists(plan, draws, len(interest), logins)
    lists = pd.concat([converted, fresh], ignore_index=True)
    lists = lists.sort_values(["submitted_at", "list_key"], kind="stable").reset_index(drop=True)
    lists["id"] = np.arange(1, len(lists) + 1)
    items = pd.concat([items.drop(columns=["order_id"]), fresh_items], ignore_index=True)
    items["interest_list_id"] = items["list_key"].map(lists.set_index("list_key")["id"])
    items["created_at"] = items["interest_list_id"].map(lists.set_index("id")["submitted_at"])
    items["value"] = (items["price_at_interest"] * items["quantity_at_interest"]).round(2)
    lists["total_items"] = lists["id"].map(items.groupby("interest_list_id").size())
    lists["total_value"] = (
        lists["id"].map(items.groupby("interest_list_id")["value"].sum()).round(2)
    )
    lists["created_at"] = lists["submitted_at"]
    lists["updated_at"] = lists["converted_at"].fillna(lists["submitted_at"])
    items = items.sort_values(["interest_list_id", "batch_id"], kind="stable").reset_index(
        drop=True
    )
    items.insert(0, "id", np.arange(1, len(items) + 1))
    people = ["reviewed_by", "converted_to_order_id", "converted_by"]
    lists = lists.drop(columns=["list_key"]).astype(dict.fromkeys(people, "Int64"))
    lists = lists[["id", *[c for c in lists.columns if c != "id"]]]
    return lists, items.drop(columns=["list_key", "value"])


def _new_lists(
    plan: CustomerPlan, draws: np.random.Generator, first_key: int, logins: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lists portal buyers sent at their last sign-in in the last days, over today's stock."""
    stock = in_stock(plan)
    recent = logins[logins["last"] >= plan.as_of_end - pd.Timedelta(days=NEW_LIST_DAYS)]
    senders = recent[draws.random(len(recent)) < NEW_LIST_CHANCE]
    lists, items = [], []
    for key, (client, last) in enumerate(
        zip(senders["client_id"], senders["last"], strict=True), start=first_key
    ):
        at = min(last + pd.Timedelta(minutes=int(draws.integers(5, 60))), plan.as_of_end)
        choice = stock[stock["createdAt"] < at]
        if choice.empty:
            continue
        picked = choice.iloc[draws.choice(len(choice), min(3, len(choice)), replace=False)]
        lists.append({"client_id": client, "submitted_at": at, "status": "NEW", "list_key": key})
        for _, batch in picked.iterrows():
            items.append(
                {
                    "batch_id": batch["id"],
                    "item_name": batch["nameCanonical"][:255],
                    "category": batch["category"],
                    "subcategory": batch["subcategory"],
                    "price_at_interest": batch["list_price"],
                    "quantity_at_interest": float(min(batch["onHandQty"], 5.0)),
                    "list_key": key,
                }
            )
    item_columns = [
        "batch_id",
        "item_name",
        "category",
        "subcategory",
        "price_at_interest",
        "quantity_at_interest",
        "list_key",
    ]
    return (
        pd.DataFrame(lists, columns=["client_id", "submitted_at", "status", "list_key"]),
        pd.DataFrame(items, columns=item_columns),
    )


def build_client_price_alerts(plan: CustomerPlan) -> pd.DataFrame:
    """Portal buyers watching in-stock batches for a price below today's list."""
    draws = rng(plan.params, "price_alerts")
    stock = in_stock(plan)
    rows = []
    for client, invited_at in zip(
        plan.invited["client_id"], plan.invited["invited_at"], strict=True
    ):
        at = plan.as_of_end - pd.Timedelta(hours=int(draws.integers(2, 20 * 24)))
        choice = stock[stock["createdAt"] < at]
        if draws.random() >= 0.4 or at <= invited_at or choice.empty:
            continue
        batch = choice.iloc[int(draws.integers(len(choice)))]
        target = round(float(batch["list_price"]) * float(draws.uniform(0.8, 0.95)), 2)
        rows.append(
            {
                "client_id": client,
                "batch_id": int(batch["id"]),
                "target_price": target,
                "active": 1,
                "created_at": at,
                "expires_at": at + pd.Timedelta(days=PRICE_ALERT_DAYS),
            }
        )
    alerts = pd.DataFrame(
        rows,
        columns=["client_id", "batch_id", "target_price", "active", "created_at", "expires_at"],
    )
    alerts = alerts.sort_values("created_at").reset_index(drop=True)
    alerts.insert(0, "id", np.arange(1, len(alerts) + 1))
    return alerts


def build_client_catalog_views(plan: CustomerPlan) -> pd.DataFrame:
    """The catalogue filter each portal buyer saved on its first visit, by what it buys most."""
    bought = plan.lines.merge(plan.sales[["id", "client_id"]], left_on="order_id", right_on="id")
    favourite = (
        bought.groupby(["client_id", "category", "subcategory"])
        .size()
        .reset_index(name="lines")
        .sort_values(["client_id", "lines"], ascending=[True, False])
        .groupby("client_id")
        .head(1)
    )
    views = plan.invited.merge(favourite, on="client_id")
    saved = views["invited_at"] + pd.Timedelta(minutes=30)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(views) + 1),
            "client_id": views["client_id"],
            "name": views["subcategory"] + " " + views["category"],
            "filters": [
                json.dumps({"category": c, "subcategory": s, "inStockOnly": True})
                for c, s in zip(views["category"], views["subcategory"], strict=True)
            ],
            "created_at": saved,
            "updated_at": saved,
        }
    )


def build_sales_sheet_templates(plan: CustomerPlan) -> pd.DataFrame:
    """A universal sheet per subcategory of the catalogue, set up when the window opened."""
    kinds = (
        plan.products[["category", "subcategory"]]
        .drop_duplicates()
        .sort_values(["category", "subcategory"])
        .reset_index(drop=True)
    )
    created = plan.start + pd.Timedelta(hours=9)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(kinds) + 1),
            "name": kinds["subcategory"] + " " + kinds["category"] + " menu",
            "description": "Everything in stock in "
            + kinds["subcategory"]
            + " "
            + kinds["category"],
            "filters": [
                json.dumps({"category": c, "subcategory": s})
                for c, s in zip(kinds["category"], kinds["subcategory"], strict=True)
            ],
            "selected_items": "[]",
            "column_visibility": json.dumps(SHEET_COLUMNS),
            "created_by": plan.admin_id,
            "created_at": created,
            "is_active": 1,
            "current_version": 1,
        }
    )


def build_sales_sheet_versions(templates: pd.DataFrame) -> pd.DataFrame:
    """Version 1 of each template, as it was first saved."""
    return pd.DataFrame(
        {
            "id": templates["id"],
            "templateId": templates["id"],
            "versionNumber": 1,
            "name": templates["name"],
            "description": templates["description"],
            "filters": templates["filters"],
            "selected_items": templates["selected_items"],
            "column_visibility": templates["column_visibility"],
            "changes": "Initial version",
            "createdBy": templates["created_by"],
            "createdAt": templates["created_at"],
        }
    )


def build_sales_sheet_history(
    plan: CustomerPlan, sheets: pd.DataFrame, templates: pd.DataFrame
) -> pd.DataFrame:
    """The sheet a salesperson sent before each sheet-led order: its lines at its prices."""
    draws = rng(plan.params, "sales_sheets")
    sent = sheets["created_at"] - pd.to_timedelta(draws.integers(4, 72, len(sheets)), unit="h")
    lines = plan.lines[plan.lines["order_id"].isin(sheets["id"])]
    items = lines.groupby("order_id").apply(
        lambda group: json.dumps(
            [
                {"itemId": int(b), "price": float(p), "quantity": float(q)}
                for b, p, q in zip(
                    group["batch_id"], group["unit_price"], group["quantity"], strict=True
                )
            ]
        ),
        include_groups=False,
    )
    if not len(lines):  # no sheet-led order yet: apply over no group returns a frame
        items = pd.Series(dtype=object)
    template_of = templates.assign(key=templates["name"].str.removesuffix(" menu")).set_index(
        "key"
    )["id"]
    first = lines.groupby("order_id").first()
    key = first["subcategory"] + " " + first["category"]
    viewed = sent + (sheets["created_at"] - sent) * draws.uniform(0.1, 0.9, len(sheets))
    tokens = [draws.bytes(16).hex() for _ in range(len(sheets))]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(sheets) + 1),
            "client_id": sheets["client_id"],
            "created_by": sheets["created_by"],
            "template_id": sheets["id"].map(key.map(template_of)).astype("Int64"),
            "items": sheets["id"].map(items),
            "total_value": sheets["id"]
            .map(
                lines.assign(value=lines["unit_price"] * lines["quantity"])
                .groupby("order_id")["value"]
                .sum()
            )
            .round(2),
            "item_count": sheets["id"].map(lines.groupby("order_id").size()),
            "created_at": sent,
            "share_token": tokens,
            "share_expires_at": sent + pd.Timedelta(days=7),
            "view_count": draws.integers(1, 5, len(sheets)),
            "last_viewed_at": viewed.dt.floor("s"),
            "converted_to_order_id": sheets["id"],
        }
    )
