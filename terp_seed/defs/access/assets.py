from collections.abc import Mapping

import dagster as dg

from terp_seed.defs.family import family_asset, table
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    """Who can log in and as what; never the password."""
    users = frames["users"].set_index("openId")
    roles = frames["roles"].set_index("id")["name"]
    held = frames["user_roles"].assign(role=lambda f: f["role_id"].map(roles))
    logins = [
        {"email": users.at[open_id, "email"], "roles": ", ".join(group["role"])}
        for open_id, group in held.groupby("user_id", sort=False)
    ]
    flags = frames["feature_flags"]
    return {
        "logins": table(logins),
        "staff": len(users),
        "role grants": len(frames["role_permissions"]),
        "flags enabled": f"{int(flags['default_enabled'].sum())} of {len(flags)}",
        "as-of": dg.MetadataValue.text(params.end.isoformat()),
    }


access = family_asset("access", _figures)
