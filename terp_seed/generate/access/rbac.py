"""TERP's roles, permissions and grants as its start-up reconciles them; who holds which role."""

import numpy as np
import pandas as pd

from terp_seed.terp.access import SUPER_ADMIN, grants, permissions, roles


def build_roles(created: pd.Timestamp) -> pd.DataFrame:
    """TERP's 10 system roles, in definition order, as set up with the system."""
    defined = roles()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(defined) + 1),
            "name": [role["name"] for role in defined],
            "description": [role["description"] for role in defined],
            "is_system_role": [int(role["is_system_role"]) for role in defined],
            "created_at": created,
            "updated_at": created,
        }
    )


def build_permissions(created: pd.Timestamp) -> pd.DataFrame:
    """TERP's 331 permissions, in definition order."""
    defined = permissions()
    return pd.DataFrame(
        {
            "id": np.arange(1, len(defined) + 1),
            "name": [permission["name"] for permission in defined],
            "description": [permission["description"] for permission in defined],
            "module": [permission["module"] for permission in defined],
            "created_at": created,
        }
    )


def build_role_permissions(
    roles_frame: pd.DataFrame, permissions_frame: pd.DataFrame, created: pd.Timestamp
) -> pd.DataFrame:
    """Every grant of every role, once, by the ids of the two frames."""
    role_id = dict(zip(roles_frame["name"], roles_frame["id"], strict=True))
    permission_id = dict(zip(permissions_frame["name"], permissions_frame["id"], strict=True))
    pairs = [
        (role_id[role], permission_id[name])
        for role in roles_frame["name"]
        for name in dict.fromkeys(grants()[role])
    ]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(pairs) + 1),
            "role_id": [pair[0] for pair in pairs],
            "permission_id": [pair[1] for pair in pairs],
            "created_at": created,
        }
    )


def build_user_roles(
    held: list[tuple[int, str, str]], users: pd.DataFrame, roles_frame: pd.DataFrame
) -> pd.DataFrame:
    """One row per role a user holds, keyed by the user's openId as TERP looks it up.

    Roles are granted when the person joined: by the first owner for the floor staff, by
    the seed itself for the owners and the staging team's declared people.
    """
    role_id = dict(zip(roles_frame["name"], roles_frame["id"], strict=True))
    by_id = users.set_index("id")
    first_owner = str(by_id["openId"].iloc[0])
    assigned_by = [
        "terp-seed" if why == "declared" or (why == "job" and role == SUPER_ADMIN) else first_owner
        for _, role, why in held
    ]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(held) + 1),
            "user_id": [by_id.at[user, "openId"] for user, _, _ in held],
            "role_id": [role_id[role] for _, role, _ in held],
            "assigned_at": [by_id.at[user, "createdAt"] for user, _, _ in held],
            "assigned_by": assigned_by,
            "deleted_at": None,
        }
    )
