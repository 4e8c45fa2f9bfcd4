"""TERP's back-office vocabulary: stock alerts, dashboard presets, KPIs, saved views.

Stock alerts follow server/inventoryAlerts.ts: a LIVE batch with 0 < onHandQty <= 10 has one
ACTIVE LOW_STOCK alert (HIGH at 5 or less, MEDIUM at 8 or less, else LOW); a LIVE batch with
stock and no sale in 90 days has one ACTIVE SLOW_MOVING alert. Dashboard layouts are the app's
presets (client/src/lib/constants/dashboardPresets.ts); KPI types are the fields of its KPI
response (server/routers/dashboard.ts).
"""

LOW_STOCK_THRESHOLD = 10.0
SLOW_MOVING_DAYS = 90


def low_stock_severity(on_hand: float) -> str:
    """The severity the app gives a low-stock alert at this quantity."""
    return "HIGH" if on_hand <= 5 else "MEDIUM" if on_hand <= 8 else "LOW"


def quantity_text(value: float) -> str:
    """A quantity as JavaScript prints a parsed decimal (27, 0.25), for alert messages."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


# Widgets of each layout preset: (widget id, visible, size).
LAYOUT_PRESETS: dict[str, tuple[tuple[str, bool, str], ...]] = {
    "executive": (
        ("sales-comparison", True, "lg"),
        ("profitability", True, "lg"),
        ("cash-flow", True, "md"),
        ("available-cash", True, "md"),
        ("total-debt", True, "md"),
        ("sales-by-client", False, "md"),
        ("transaction-snapshot", False, "md"),
        ("inventory-snapshot", False, "md"),
        ("matchmaking-opportunities", False, "md"),
        ("inbox", True, "md"),
    ),
    "operations": (
        ("sales-by-client", True, "md"),
        ("cash-flow", True, "md"),
        ("available-cash", True, "md"),
        ("transaction-snapshot", True, "sm"),
        ("inventory-snapshot", True, "sm"),
        ("total-debt", True, "sm"),
        ("sales-comparison", True, "md"),
        ("profitability", True, "lg"),
        ("matchmaking-opportunities", True, "lg"),
        ("workflow-queue", True, "md"),
        ("inbox", True, "md"),
    ),
}
# Grid columns a widget of each size spans.
WIDGET_WIDTH = {"sm": 1, "md": 2, "lg": 3}
# The owners (users.role = admin) open on the executive preset, the floor on operations.
LAYOUT_OF_ROLE = {"admin": "executive", "user": "operations"}
KPI_TYPES = ("totalRevenue", "activeOrders", "inventoryValue", "lowStockCount")
# Floor staff see operational KPIs; revenue is the owners'.
HIDDEN_KPIS_OF_ROLE = {"admin": (), "user": ("totalRevenue",)}

# TERP's tables of this area: what the backoffice family fills and its rules audit.
BACKOFFICE_TABLES = (
    "inventoryAlerts",
    "inventoryViews",
    "alert_configurations",
    "dashboard_kpi_configs",
    "dashboard_widget_layouts",
    "userDashboardPreferences",
    "notification_preferences",
    "dashboard_widget_configs",
    "office_supply_items",
    "office_supply_needs",
)
