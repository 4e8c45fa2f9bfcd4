"""The access family: a staging database TERP's people can log into.

TERP's roles, permissions and grants exactly as its start-up reconciles them; every staff
member with a job, the roles it needs (and those of the desks the history shows them
covering) keyed by openId, and a bcrypt login of the staging password; the staging team's
declared people and flag settings (the staff file); feature flags so every screen shows;
the organization settings and user preferences the app reads.

It runs after every family that names an actor, so it can grant each one what they did.
The password and the staff file come from the environment inside the run
(TERP_SEED_STAFF_PASSWORD, TERP_SEED_STAFF_FILE), never from parameters, run config or logs.
"""

from terp_seed.generate.access.jobs import acts_by_actor, staff_jobs, staff_roles
from terp_seed.generate.access.rbac import (
    build_permissions,
    build_role_permissions,
    build_roles,
    build_user_roles,
)
from terp_seed.generate.access.settings import (
    build_feature_flags,
    build_organization_settings,
    build_user_preferences,
)
from terp_seed.generate.access.staff import build_users
from terp_seed.generate.access.staff_file import (
    StaffFile,
    staff_file_from_environment,
    staff_password,
)
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.generate.reference import records_epoch
from terp_seed.params import SeedParams
from terp_seed.terp.access import ACCESS_TABLES

TABLES = ACCESS_TABLES


def generate(
    params: SeedParams,
    tables: Tables,
    declared: StaffFile | None = None,
    password: str | None = None,
) -> Frames:
    """Access tables for a run, and the users table with logins and declared people.

    Args:
        params: The run's parameters.
        tables: Every table the earlier families wrote (users and the actor columns).
        declared: The staff file's content; default: the file TERP_SEED_STAFF_FILE names.
        password: The staging password; default: TERP_SEED_STAFF_PASSWORD or the local one.

    Returns:
        Frames for the access tables and the amended users table.
    """
    seeded_users = tables["users"]
    if declared is None:
        declared = staff_file_from_environment(set(seeded_users["email"].str.lower()))
    users = build_users(params, seeded_users, declared, password or staff_password())
    jobs = staff_jobs(seeded_users)
    held = staff_roles(jobs, acts_by_actor(tables))
    offset = int(seeded_users["id"].max()) + 1
    held += [(offset + i, person.role, "declared") for i, person in enumerate(declared.staff)]
    created = records_epoch(params)
    roles = build_roles(created)
    permissions = build_permissions(created)
    return {
        "roles": roles,
        "permissions": permissions,
        "role_permissions": build_role_permissions(roles, permissions, created),
        "user_roles": build_user_roles(held, users, roles),
        "feature_flags": build_feature_flags(created, declared.flags),
        "organization_settings": build_organization_settings(created),
        "user_preferences": build_user_preferences(users, jobs, tables["locations"]),
        "users": users,
    }


FAMILY = Family(
    name="access",
    description="Roles, grants and logins for every staff member; flags, settings, preferences.",
    # Every family before it: it runs last, after every business event has named its actor.
    upstream=(
        "reference",
        "clients",
        "batches",
        "pricing",
        "orders",
        "warehouse",
        "invoices",
        "ledger",
        "collections",
        "customer",
        "calendar",
        "people",
        "merchandising",
        "procurement",
        "backoffice",
    ),
    creates=TABLES,
    amends=("users",),
    build=lambda params, tables: generate(params, tables),
)
