"""Each staff member's job, and the TERP roles that let them do what the history says they did.

The first two staff own the business (Super Admin, `users.role = 'admin'`); the floor staff
take the desks in turn: sales, inventory, warehouse, accounting. A small crew covers for each
other: when the seeded history shows someone doing another desk's work (a salesperson
recording a payment), they also hold that desk's role, granted when they joined. The
permission each event needs comes from TERP's routers (`terp.access.ACTOR_PERMISSIONS`).
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from terp_seed.terp.access import (
    ACTOR_PERMISSIONS,
    JOB_ROLES,
    STATION_OF_PERMISSION,
    SUPER_ADMIN,
    grants,
)

OWNERS = 2
FLOOR_JOBS = ("sales", "inventory", "warehouse", "accounting")


def staff_jobs(users: pd.DataFrame) -> pd.Series:
    """Job of each seeded staff member by user id: owners first, then the desks in turn."""
    ids = np.sort(users["id"].astype(int).to_numpy())
    jobs = [
        "owner" if rank < OWNERS else FLOOR_JOBS[(rank - OWNERS) % len(FLOOR_JOBS)]
        for rank in range(len(ids))
    ]
    return pd.Series(jobs, index=ids, name="job")


# Who does a desk's work when nobody holds that job (a crew of four has no warehouse hand nor
# bookkeeper): the inventory and warehouse desks cover each other, the owners do the rest.
_STAND_IN = {"warehouse": "inventory", "inventory": "warehouse"}


def desk_staff(users: pd.DataFrame, job: str) -> np.ndarray:
    """User ids of the staff whose job is `job`, the ones the history shows doing its work.

    A desk nobody holds is worked by its stand-in desk (inventory and warehouse cover each
    other), else by the owners, who hold every permission.
    """
    jobs = staff_jobs(users)
    for desk in (job, _STAND_IN.get(job), "owner"):
        ids = jobs.index[jobs.to_numpy() == desk].to_numpy(dtype=np.int64)
        if len(ids):
            return ids
    return jobs.index.to_numpy(dtype=np.int64)


def pick_staff(
    rng: np.random.Generator, crew: np.ndarray, desk: np.ndarray, count: int
) -> np.ndarray:
    """`count` members of `desk`, each from one draw over the whole `crew`.

    The draw is the one the stream always made (a crew member), folded onto the desk, so a
    family's later draws from the same stream (costs, numbers, reasons) stay where they were.
    """
    return desk[rng.choice(len(crew), count) % len(desk)]


def acts_by_actor(tables: Mapping[str, pd.DataFrame]) -> dict[int, set[str]]:
    """The permissions each user id exercised on the business rows of the history."""
    acts: dict[int, set[str]] = {}
    for table, column, permission in ACTOR_PERMISSIONS:
        frame = tables.get(table)
        if frame is None or column not in frame:
            continue
        for actor in pd.unique(frame[column].dropna().astype(int)):
            acts.setdefault(int(actor), set()).add(permission)
    return acts


def staff_roles(jobs: pd.Series, acts: Mapping[int, set[str]]) -> list[tuple[int, str, str]]:
    """(user id, role, why) for every role a staff member holds: their job's, then covers.

    `why` is "job" or "covers <desk>", so the user_roles rows can say which is which.
    """
    held: list[tuple[int, str, str]] = []
    for user_id, job in jobs.items():
        roles = [JOB_ROLES[job]]
        held.append((int(user_id), JOB_ROLES[job], "job"))
        for permission in sorted(acts.get(int(user_id), ())):
            if any(permission in grants()[role] for role in roles):
                continue
            desk = STATION_OF_PERMISSION[permission]
            roles.append(JOB_ROLES[desk])
            held.append((int(user_id), JOB_ROLES[desk], f"covers {desk}"))
    return held


def is_admin_role(role: str) -> bool:
    """Whether holding `role` makes a user an admin in `users.role` (adminProcedure)."""
    return role == SUPER_ADMIN
