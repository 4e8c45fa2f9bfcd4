"""R17 access: TERP's people can log in and do their jobs on the seeded database.

Roles, permissions and grants equal TERP's definitions (its start-up would insert nothing);
every staff user holds a role (user_roles by openId) and a bcrypt login that verifies against
the staging password; every actor named on a business row holds a role allowed to act;
feature flags are seeded; an OPEN fiscal period covers the as-of date.
"""

import os

import bcrypt
import pandas as pd

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.access import (
    ACCESS_TABLES,
    ACTOR_PERMISSIONS,
    BCRYPT_PREFIX,
    STAFF_PASSWORD_ENV,
    SUPER_ADMIN,
    flag_keys,
    grants,
    permissions,
    role_names,
)

# The tables TERP's access control, flags and settings live in.
TABLES = ACCESS_TABLES

ACTOR_RULE_TABLES = (
    "users",
    "user_roles",
    "role_permissions",
    "permissions",
    *dict.fromkeys(table for table, _, _ in ACTOR_PERMISSIONS),
)


def _literals(values: object) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _missing_names(table: str, names: tuple[str, ...]) -> str:
    # One SELECT per name (331 at most: within SQLite's 500-term compound limit).
    return " UNION ALL ".join(
        f"SELECT '{name}' AS name FROM (SELECT 1 AS one) x "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.name = '{name}')"
        for name in names
    )


def _grant_differences(_: RuleContext) -> str:
    parts = []
    for role, names in grants().items():
        listed = _literals(sorted(set(names)))
        held = (
            "SELECT rp.permission_id FROM role_permissions rp JOIN roles r ON r.id = rp.role_id "
            f"WHERE r.name = '{role}'"
        )
        parts.append(
            f"SELECT '{role}' AS role, p.name AS permission, 'missing' AS difference "
            f"FROM permissions p WHERE p.name IN ({listed}) AND p.id NOT IN ({held})"
        )
        parts.append(
            f"SELECT '{role}' AS role, p.name AS permission, 'extra' AS difference "
            f"FROM permissions p WHERE p.id IN ({held}) AND p.name NOT IN ({listed})"
        )
    return " UNION ALL ".join(parts)


def _actors_without_permission(_: RuleContext) -> str:
    # users.role = 'admin' makes TERP treat a user as Super Admin even without user_roles.
    parts = []
    for table, column, permission in ACTOR_PERMISSIONS:
        parts.append(
            f"SELECT DISTINCT '{table}.{column}' AS acted, '{permission}' AS needs, "
            f"u.id AS user_id, u.email FROM {table} c JOIN users u ON u.id = c.{column} "
            "WHERE u.role <> 'admin' AND NOT EXISTS (SELECT 1 FROM user_roles ur "
            "JOIN role_permissions rp ON rp.role_id = ur.role_id "
            "JOIN permissions p ON p.id = rp.permission_id "
            f"WHERE ur.user_id = u.openId AND ur.deleted_at IS NULL AND p.name = '{permission}')"
        )
    return " UNION ALL ".join(parts)


def _missing_flags(context: RuleContext) -> str:
    key = "`key`" if context.dialect == "mysql" else '"key"'
    return " UNION ALL ".join(
        f"SELECT '{flag}' AS flag FROM (SELECT 1 AS one) x WHERE NOT EXISTS "
        f"(SELECT 1 FROM feature_flags f WHERE f.{key} = '{flag}' AND f.deleted_at IS NULL)"
        for flag in flag_keys()
    )


def _no_open_period(context: RuleContext) -> str:
    as_of = context.params.as_of.isoformat()
    return (
        f"SELECT 'no OPEN period covers {as_of}' AS problem FROM (SELECT 1 AS one) x "
        "WHERE NOT EXISTS (SELECT 1 FROM fiscalPeriods WHERE status = 'OPEN' "
        f"AND deleted_at IS NULL AND startDate <= '{as_of}' AND endDate >= '{as_of}') "
        "UNION ALL SELECT 'no fiscal period 1 (TERP falls back to it)' FROM (SELECT 1 AS one) y "
        "WHERE NOT EXISTS (SELECT 1 FROM fiscalPeriods WHERE id = 1)"
    )


def configured_password() -> str | None:
    """The staging password to verify logins with (TERP_SEED_STAFF_PASSWORD), if any."""
    return os.environ.get(STAFF_PASSWORD_ENV) or None


def _verify_logins(frame: pd.DataFrame, _: RuleContext) -> pd.DataFrame:
    password = (configured_password() or "").encode("utf-8")

    def verdict(email: object, stored: object) -> str:
        if not isinstance(email, str) or "@" not in email:
            return "no email to log in with"
        if not isinstance(stored, str) or not stored.startswith(BCRYPT_PREFIX):
            return "loginMethod is not a cost-10 bcrypt hash"
        try:
            ok = bcrypt.checkpw(password, stored.encode("ascii"))
        except ValueError:
            ok = False
        return "verifies" if ok else "password does not verify"

    login = [verdict(e, s) for e, s in zip(frame["email"], frame["loginMethod"], strict=True)]
    return frame.drop(columns=["loginMethod"]).assign(login=login)


RULES: tuple[Rule, ...] = (
    Rule(
        "R17",
        "terp_roles_all_exist",
        "Every role TERP defines exists by name: its start-up would add none.",
        "violations",
        _missing_names("roles", role_names()),
        ("roles",),
    ),
    Rule(
        "R17",
        "terp_permissions_all_exist",
        "Every permission TERP defines exists by name: its start-up would add none.",
        "violations",
        _missing_names("permissions", tuple(p["name"] for p in permissions())),
        ("permissions",),
    ),
    Rule(
        "R17",
        "role_grants_equal_terp_definitions",
        "Each role holds exactly the permissions TERP grants it, no more, no less.",
        "violations",
        _grant_differences,
        ("roles", "permissions", "role_permissions"),
    ),
    Rule(
        "R17",
        "staff_users_hold_a_role",
        "Every staff user holds a role in user_roles, keyed by openId as TERP looks it up.",
        "violations",
        "SELECT u.id, u.email FROM users u WHERE u.deleted_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM user_roles ur WHERE ur.user_id = u.openId AND ur.deleted_at IS NULL) "
        "ORDER BY u.id",
        ("users", "user_roles"),
    ),
    Rule(
        "R17",
        "user_roles_name_real_staff",
        "Every role assignment names an existing user's openId.",
        "violations",
        "SELECT ur.id, ur.user_id FROM user_roles ur LEFT JOIN users u ON u.openId = ur.user_id "
        "WHERE u.id IS NULL ORDER BY ur.id",
        ("users", "user_roles"),
    ),
    Rule(
        "R17",
        "admins_are_super_admins",
        "users.role = 'admin' (TERP's admin-only screens) only for staff holding Super Admin.",
        "violations",
        "SELECT u.id, u.email FROM users u WHERE u.role = 'admin' AND NOT EXISTS "
        "(SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
        f"WHERE ur.user_id = u.openId AND ur.deleted_at IS NULL AND r.name = '{SUPER_ADMIN}') "
        "ORDER BY u.id",
        ("users", "user_roles", "roles"),
    ),
    Rule(
        "R17",
        "staff_logins_verify",
        "Every staff user logs in with their email and the staging password (bcrypt, cost 10); "
        f"skipped when {STAFF_PASSWORD_ENV} / --staff-password is not given.",
        "regex",
        "SELECT id, email, loginMethod FROM users WHERE deleted_at IS NULL ORDER BY id",
        ("users",),
        column="login",
        regex=r"^verifies$",
        applies=lambda _: configured_password() is not None,
        derive=_verify_logins,
    ),
    Rule(
        "R17",
        "actors_hold_a_role_allowed_to_act",
        "Whoever created, shipped, received or posted a business row holds a role whose "
        "permissions allow it.",
        "violations",
        _actors_without_permission,
        ACTOR_RULE_TABLES,
    ),
    Rule(
        "R17",
        "feature_flags_are_seeded",
        "Every flag of TERP's server list is seeded (a missing flag is off: its screen hides).",
        "violations",
        _missing_flags,
        ("feature_flags",),
    ),
    Rule(
        "R17",
        "open_fiscal_period_covers_as_of",
        "An OPEN fiscal period covers the as-of date and period 1 exists (TERP posts there).",
        "violations",
        _no_open_period,
        ("fiscalPeriods",),
    ),
    links_resolve("access", TABLES),
)
