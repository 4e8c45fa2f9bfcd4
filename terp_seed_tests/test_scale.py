"""What large crews need that the pinned full profile never showed.

The large profile has 30 staff and stress 60. Hired one a day from the month before the
history, the later ones joined after the setup work and bookings they take part in (on large,
R19 "event before its creator joined" and people_rows_name_real_staff failed). The first eight
are hired a day apart as before; a larger crew's rest joins on the eighth day.
"""

import pandas as pd
import pytest

from terp_seed.generate.reference.staff import build_users
from terp_seed.params import resolve_params


@pytest.mark.parametrize("profile", ["light", "full", "large", "stress"])
def test_every_staff_member_joined_in_the_first_week(profile: str) -> None:
    params = resolve_params(profile, {"end": "2025-10-31"})
    users = build_users(params)
    first = pd.to_datetime(users["createdAt"]).min()
    late = users[pd.to_datetime(users["createdAt"]) > first + pd.Timedelta(days=7)]
    assert late.empty, f"{profile}: user {late['id'].iloc[0]} joined {late['createdAt'].iloc[0]}"


def test_full_crew_keeps_its_hiring_days() -> None:
    users = build_users(resolve_params("full", {"end": "2025-10-31"}))
    days = pd.to_datetime(users["createdAt"]).diff().dropna().dt.days
    assert (days == 1).all(), "the full crew was hired one a day; that must not move"
