"""The users table as the staging team logs into it: every login verifies, declared people added."""

import numpy as np
import pandas as pd

from terp_seed.generate.access.logins import login_hash
from terp_seed.generate.access.staff_file import StaffFile
from terp_seed.params import SeedParams
from terp_seed.terp.access import SUPER_ADMIN


def build_users(
    params: SeedParams, users: pd.DataFrame, declared: StaffFile, password: str
) -> pd.DataFrame:
    """The seeded staff with bcrypt logins, then the staff file's people.

    Declared people are created on the as-of date; their openId is their email, as TERP's
    own account creation sets it. Those declared as Super Admin are admins, like the owners.
    """
    seeded = users.copy()
    seeded["loginMethod"] = [login_hash(password, params.seed, email) for email in users["email"]]
    if not declared.staff:
        return seeded
    joined = pd.Timestamp(params.end) + pd.Timedelta(hours=8)
    emails = [person.email for person in declared.staff]
    extra = pd.DataFrame(
        {
            "id": np.arange(1, len(emails) + 1) + int(users["id"].max()),
            "openId": emails,
            "name": [person.name for person in declared.staff],
            "email": emails,
            "loginMethod": [login_hash(password, params.seed, email) for email in emails],
            "role": ["admin" if p.role == SUPER_ADMIN else "user" for p in declared.staff],
            "createdAt": joined,
            "updatedAt": joined,
            "lastSignedIn": joined,
        }
    )
    # Users read back from a database carry every column (deleted_at, ...); keep them all.
    return pd.concat([seeded, extra.reindex(columns=seeded.columns)], ignore_index=True)
