"""Back office: the stock alerts open at as-of, each desk's dashboards, views and alert rules.

Stock alerts are what TERP's alert job would have left open on the seeded stock. Dashboards
follow the app's own presets per role (`users.role`). Three tables stay empty: office supplies
need products that are office supplies, and every product of this catalogue is cannabis;
`dashboard_widget_configs` is created by a schema push but no server code reads it.
"""

import pandas as pd

from terp_seed.generate.backoffice.alerts import build_alert_configurations, build_inventory_alerts
from terp_seed.generate.backoffice.desk import (
    build_dashboard_kpi_configs,
    build_dashboard_widget_layouts,
    build_inventory_views,
    build_notification_preferences,
    build_user_dashboard_preferences,
)
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.schema import table_spec
from terp_seed.terp.backoffice import BACKOFFICE_TABLES

TABLES = BACKOFFICE_TABLES


def empty(table: str) -> pd.DataFrame:
    """A table with its schema's columns and no rows."""
    return pd.DataFrame({column.name: [] for column in table_spec(table).columns})


def build(params: SeedParams, tables: Tables) -> Frames:
    """The back-office tables over the seeded staff and the stock as it stands at as-of."""
    users = tables["users"]
    opened = pd.Timestamp(users["createdAt"].min())
    categories = tables["categories"]
    flower = int(categories.loc[categories["name"] == "Flower", "id"].min())
    return {
        "inventoryAlerts": build_inventory_alerts(tables, pd.Timestamp(params.end)),
        "inventoryViews": build_inventory_views(tables),
        "alert_configurations": build_alert_configurations(users, flower),
        "dashboard_kpi_configs": build_dashboard_kpi_configs(opened),
        "dashboard_widget_layouts": build_dashboard_widget_layouts(opened),
        "userDashboardPreferences": build_user_dashboard_preferences(users),
        "notification_preferences": build_notification_preferences(users),
        # Never read by TERP's server; no office-supply products (see the module docstring).
        "dashboard_widget_configs": empty("dashboard_widget_configs"),
        "office_supply_items": empty("office_supply_items"),
        "office_supply_needs": empty("office_supply_needs"),
    }


FAMILY = Family(
    name="backoffice",
    description="Stock alerts open at as-of; dashboards, saved views and alert rules per desk.",
    upstream=("reference", "batches", "orders"),
    creates=TABLES,
    amends=(),
    build=build,
)
