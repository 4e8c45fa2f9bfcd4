"""Who may do what in TERP: roles, permissions, grants, feature flags, logins.

Read from pinned copies of the facts extracted from TERP's code (data/rbac.json from
server/services/rbacDefinitions.ts, data/feature_flags.json from
server/services/seedFeatureFlags.ts). TERP's start-up reconciles roles, permissions and grants
by name and inserts whatever is missing, so a seeded database must hold exactly these names.
Users link to roles by `users.openId` (in `user_roles.user_id`); they log in with
`users.email` and a bcrypt hash (cost 10) kept in `users.loginMethod`.
"""

import functools
import json
from importlib import resources
from typing import Any

SUPER_ADMIN = "Super Admin"

# Where the staging password and the staff file come from (never the run config or logs).
STAFF_PASSWORD_ENV = "TERP_SEED_STAFF_PASSWORD"
STAFF_FILE_ENV = "TERP_SEED_STAFF_FILE"
# The documented password for a local seed when none is given; staging should set its own.
DEFAULT_STAFF_PASSWORD = "terp-staging-2026"
BCRYPT_COST = 10
BCRYPT_PREFIX = f"$2b${BCRYPT_COST:02d}$"

# A staff member's job and the TERP role it needs.
JOB_ROLES = {
    "owner": SUPER_ADMIN,
    "sales": "Sales Manager",
    "inventory": "Inventory Manager",
    "warehouse": "Warehouse Staff",
    "accounting": "Accountant",
    "purchasing": "Buyer/Procurement",
    "operations": "Operations Manager",
    "service": "Customer Service",
}

# Every column that names the staff member who did a business event, and the permission
# TERP's procedure for that event requires (server/routers/*.ts at the pinned commit).
ACTOR_PERMISSIONS: tuple[tuple[str, str, str], ...] = (
    ("purchaseOrders", "createdBy", "purchase_orders:create"),
    ("intake_sessions", "received_by", "inventory:create"),
    ("batch_status_history", "changedBy", "inventory:update"),
    ("inventoryMovements", "performedBy", "inventory:update"),
    ("bills", "createdBy", "accounting:create"),
    ("orders", "created_by", "orders:create"),
    ("orders", "packed_by", "orders:fulfill"),
    ("orders", "shipped_by", "orders:fulfill"),
    ("order_status_history", "changed_by", "orders:update"),
    ("returns", "processed_by", "orders:update"),
    ("credits", "createdBy", "credits:create"),
    ("vendor_payables", "created_by", "accounting:create"),
    ("invoices", "createdBy", "accounting:create"),
    ("payments", "createdBy", "accounting:create"),
    ("invoice_payments", "allocated_by", "accounting:create"),
    ("ledgerEntries", "createdBy", "accounting:create"),
    ("ledgerEntries", "postedBy", "accounting:create"),
    ("paymentHistory", "recordedBy", "accounting:create"),
    ("expenses", "createdBy", "accounting:create"),
    ("fiscalPeriods", "closedBy", "accounting:close_period"),
)

# The job whose work a permission is: the role a staff member holds when covering that desk.
STATION_OF_PERMISSION = {
    "orders:create": "sales",
    "orders:update": "sales",
    "orders:fulfill": "warehouse",
    "inventory:create": "inventory",
    "inventory:update": "inventory",
    "purchase_orders:create": "purchasing",
    "accounting:create": "accounting",
    "credits:create": "accounting",
    "accounting:close_period": "accounting",
}


@functools.cache
def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("terp_seed.terp").joinpath("data", name).read_text())


def roles() -> tuple[dict[str, Any], ...]:
    """TERP's 10 system roles, in definition order: name, description, is_system_role."""
    return tuple(_data("rbac.json")["roles"])


def role_names() -> tuple[str, ...]:
    """The names of TERP's roles, in definition order."""
    return tuple(role["name"] for role in roles())


def permissions() -> tuple[dict[str, Any], ...]:
    """TERP's 331 permissions, in definition order: name, module, description."""
    return tuple(_data("rbac.json")["permissions"])


@functools.cache
def grants() -> dict[str, tuple[str, ...]]:
    """Each role's permission names; Super Admin holds every permission."""
    every = tuple(permission["name"] for permission in permissions())
    return {
        role: every if spec["permissions"] == "ALL" else tuple(spec["permissions"])
        for role, spec in _data("rbac.json")["role_permissions"].items()
    }


def roles_allowed(permission: str) -> tuple[str, ...]:
    """The roles that grant `permission`, Super Admin included."""
    return tuple(role for role, names in grants().items() if permission in names)


def feature_flags() -> tuple[dict[str, Any], ...]:
    """TERP's server flag list (featureFlags.seedDefaults), the one consistent with evaluation."""
    return tuple(_data("feature_flags.json")["flags_server_seed_list"])


def flag_keys() -> tuple[str, ...]:
    """Every flag key of the server list."""
    return tuple(flag["key"] for flag in feature_flags())


# Settings TERP reads from organization_settings (server/routers/organizationSettings.ts and
# the FEAT-009/015 migration), as an admin would save them for a distributor that grades its
# flower, shows COGS to admins and notifies staff in the app: (key, JSON value, type, scope).
ORGANIZATION_SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("grade_field_enabled", "true", "BOOLEAN", "SYSTEM"),
    ("grade_field_required", "false", "BOOLEAN", "SYSTEM"),
    ("expected_delivery_enabled", "true", "BOOLEAN", "SYSTEM"),
    ("cogs_display_mode", '"VISIBLE"', "STRING", "SYSTEM"),
    ("default_unit_of_measure", '"LB"', "STRING", "SYSTEM"),
    ("packaged_unit_enabled", "true", "BOOLEAN", "SYSTEM"),
    ("notification_email_enabled", "false", "BOOLEAN", "SYSTEM"),
    ("notification_in_app_enabled", "true", "BOOLEAN", "SYSTEM"),
    ("notification_sms_enabled", "false", "BOOLEAN", "SYSTEM"),
    ("notification_quiet_hours_enabled", "false", "BOOLEAN", "SYSTEM"),
    ("notification_order_updates_default", "true", "BOOLEAN", "SYSTEM"),
    ("notification_appointment_reminders_default", "true", "BOOLEAN", "SYSTEM"),
    ("notification_allow_user_overrides", "true", "BOOLEAN", "SYSTEM"),
    ("notification_system_alerts_forced", "true", "BOOLEAN", "SYSTEM"),
    ("team_show_cogs_in_orders", "true", "BOOLEAN", "TEAM"),
    ("team_show_margin_in_orders", "true", "BOOLEAN", "TEAM"),
    ("team_show_grade_field", "true", "BOOLEAN", "TEAM"),
    ("team_hide_expected_delivery", "false", "BOOLEAN", "TEAM"),
)

# TERP's tables of this area: what the access family fills and its rules audit.
ACCESS_TABLES = (
    "roles",
    "permissions",
    "role_permissions",
    "user_roles",
    "feature_flags",
    "organization_settings",
    "user_preferences",
)
