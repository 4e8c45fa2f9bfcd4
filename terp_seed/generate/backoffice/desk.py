"""Each staff member's desk: dashboards per role, saved inventory views, notification settings."""

import json

import numpy as np
import pandas as pd

from terp_seed.terp.backoffice import (
    HIDDEN_KPIS_OF_ROLE,
    KPI_TYPES,
    LAYOUT_OF_ROLE,
    LAYOUT_PRESETS,
    WIDGET_WIDTH,
)

ROLES = ("admin", "user")


def settled_in(users: pd.DataFrame) -> pd.Series:
    """When each user arranged their desk: the morning after their account was created."""
    return users.set_index("id")["createdAt"] + pd.Timedelta(days=1)


def build_dashboard_kpi_configs(opened: pd.Timestamp) -> pd.DataFrame:
    """`dashboard_kpi_configs`: the KPI row per role; revenue is for the owners' eyes."""
    rows = [
        (role, kpi, position, int(kpi not in HIDDEN_KPIS_OF_ROLE[role]))
        for role in ROLES
        for position, kpi in enumerate(KPI_TYPES)
    ]
    frame = pd.DataFrame(rows, columns=["role", "kpiType", "position", "isVisible"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["createdAt"] = opened
    frame["updatedAt"] = opened
    return frame


def build_dashboard_widget_layouts(opened: pd.Timestamp) -> pd.DataFrame:
    """`dashboard_widget_layouts`: each role's default layout, from the app's presets."""
    rows = [
        (role, widget, position, WIDGET_WIDTH[size], int(visible))
        for role in ROLES
        for position, (widget, visible, size) in enumerate(LAYOUT_PRESETS[LAYOUT_OF_ROLE[role]])
    ]
    frame = pd.DataFrame(rows, columns=["role", "widgetType", "position", "width", "isVisible"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame.insert(1, "userId", pd.array([pd.NA] * len(frame), dtype="Int64"))
    frame["height"] = 1
    frame["createdAt"] = opened
    frame["updatedAt"] = opened
    return frame


def widget_config(layout: str) -> str:
    """The JSON the preferences screen saves: `[{id, isVisible, order}]`."""
    return json.dumps(
        [
            {"id": widget, "isVisible": visible, "order": order}
            for order, (widget, visible, _) in enumerate(LAYOUT_PRESETS[layout], start=1)
        ]
    )


def build_user_dashboard_preferences(users: pd.DataFrame) -> pd.DataFrame:
    """`userDashboardPreferences`: each user on their role's preset."""
    ordered = users.sort_values("id")
    layouts = ordered["role"].map(LAYOUT_OF_ROLE)
    saved = settled_in(ordered).reindex(ordered["id"]).to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(ordered) + 1),
            "userId": ordered["id"].to_numpy(),
            "activeLayout": layouts.to_numpy(),
            "widgetConfig": [widget_config(layout) for layout in layouts],
            "createdAt": saved,
            "updatedAt": saved,
        }
    )


def build_notification_preferences(users: pd.DataFrame) -> pd.DataFrame:
    """`notification_preferences`: every staff member in-app; owners by email as well."""
    ordered = users.sort_values("id")
    owner = (ordered["role"] == "admin").astype(int).to_numpy()
    saved = settled_in(ordered).reindex(ordered["id"]).to_numpy()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(ordered) + 1),
            "recipient_type": "user",
            "user_id": ordered["id"].to_numpy(),
            "in_app_enabled": 1,
            "email_enabled": owner,
            "sms_enabled": 0,
            "appointment_reminders": 1,
            "order_updates": 1,
            "system_alerts": owner,
            "is_deleted": 0,
            "created_at": saved,
            "updated_at": saved,
        }
    )


def _filters(**chosen: object) -> str:
    """A saved inventory view's filters in the shape the sales inventory browser stores."""
    base = {
        "search": "",
        "categories": [],
        "brands": [],
        "grades": [],
        "priceMin": None,
        "priceMax": None,
        "strainFamilies": [],
        "vendors": [],
        "inStockOnly": True,
        "includeUnavailable": False,
    }
    return json.dumps({**base, **chosen})


def build_inventory_views(tables) -> pd.DataFrame:
    """`inventoryViews`: the owners' shared views, and each floor member's own supplier view."""
    users = tables["users"].sort_values("id")
    owner = int(users.loc[users["role"] == "admin", "id"].min())
    others = [c for c in tables["categories"].sort_values("id")["name"] if c != "Flower"]
    rows = [
        ("Top shelf flower", owner, 1, _filters(categories=["Flower"], grades=["AAA", "AA"])),
        ("Outdoor value", owner, 1, _filters(categories=["Flower"], search="Outdoor")),
        ("Everything but flower", owner, 1, _filters(categories=others)),
    ]
    vendors = tables["vendors"].sort_values("id")["name"].tolist()
    floor = users[users["role"] != "admin"]
    for i, user in enumerate(floor.itertuples(index=False)):
        vendor = vendors[i % len(vendors)]
        rows.append((f"{vendor} in stock", user.id, 0, _filters(vendors=[vendor])))
    frame = pd.DataFrame(rows, columns=["name", "createdBy", "isShared", "filters"])
    saved = settled_in(users).reindex(frame["createdBy"]).to_numpy()
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["createdAt"] = saved
    frame["updatedAt"] = saved
    return frame
