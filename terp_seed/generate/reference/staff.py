"""The staff: who creates, ships and posts everything the later families write."""

import numpy as np
import pandas as pd

from terp_seed.generate.names import person_names
from terp_seed.generate.reference.calendar import records_epoch
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "reference"  # the family key of this package's random streams
COMPANY_DOMAIN = "terp-distribution.example"
STAFF_ROLES = ("admin", "admin", "user")


def staff_email(name: str) -> str:
    """A staff member's work email: `first.last@` the company domain."""
    return f"{name.split()[0].lower()}.{name.split()[-1].lower()}@{COMPANY_DOMAIN}"


def build_users(params: SeedParams) -> pd.DataFrame:
    """The staff accounts: the first two are the owners (admins), the rest floor staff."""
    rng = stream(params.seed, STREAMS, "users")
    names = person_names(params.seed, STREAMS, params.users)
    ids = np.arange(1, params.users + 1)
    roles = np.where(ids <= 2, "admin", "user")
    open_ids = [f"seed-{value:016x}" for value in rng.integers(0, 2**63 - 1, params.users)]
    # The first eight hired a day apart in go-live's first week, the rest of a larger crew
    # together on the eighth day: before the month's setup work (tasks, notes, the first
    # bookings) that they take part in, and before the history begins.
    created = records_epoch(params) + pd.to_timedelta(np.minimum(ids - 1, 7), unit="D")
    last_signed_in = pd.Timestamp(params.end) + pd.to_timedelta(
        rng.integers(8 * 60, 18 * 60, params.users), unit="min"
    )
    return pd.DataFrame(
        {
            "id": ids,
            "openId": open_ids,
            "name": names,
            "email": [staff_email(name) for name in names],
            "loginMethod": "email",
            "role": roles,
            "createdAt": created,
            "updatedAt": created,
            "lastSignedIn": last_signed_in,
        }
    )
