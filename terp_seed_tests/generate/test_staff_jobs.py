"""Staff act in their jobs: each business row's actor holds the job whose work it is.

Sales places orders, the warehouse packs and ships, the inventory desk receives, moves and
restocks, the bookkeepers raise invoices and record payments; the owners may do anything.
On the full profile every desk is staffed, so nobody needs a role beyond their job's.
"""

import pandas as pd
import pytest

from terp_seed.generate.access.jobs import acts_by_actor, desk_staff, staff_jobs, staff_roles
from terp_seed_tests.seeded import seeded_run

# (table, actor column, the job whose work it is)
JOB_OF_ACTOR = [
    ("orders", "created_by", "sales"),
    ("orders", "packed_by", "warehouse"),
    ("orders", "shipped_by", "warehouse"),
    ("intake_sessions", "received_by", "inventory"),
    ("batch_status_history", "changedBy", "inventory"),
    ("inventoryMovements", "performedBy", "inventory"),
    ("invoices", "createdBy", "accounting"),
    ("payments", "createdBy", "accounting"),
    ("invoice_payments", "allocated_by", "accounting"),
]


@pytest.fixture(scope="module")
def full() -> dict[str, pd.DataFrame]:
    return seeded_run("full").tables()


def _seeded_staff(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    users = tables["users"]
    return users[users["id"] <= seeded_run("full").params.users]


@pytest.mark.parametrize(("table", "column", "job"), JOB_OF_ACTOR)
def test_actor_holds_the_job(full, table: str, column: str, job: str) -> None:
    staff = _seeded_staff(full)
    allowed = set(desk_staff(staff, job)) | set(desk_staff(staff, "owner"))
    actors = full[table][column].dropna().astype(int)
    wrong = actors[~actors.isin(allowed)]
    assert wrong.empty, (
        f"{table}.{column} row {wrong.index[0]}: user {wrong.iloc[0]} is not on the {job} desk"
    )


def test_no_one_covers_another_desk_when_every_desk_is_staffed(full) -> None:
    held = staff_roles(staff_jobs(_seeded_staff(full)), acts_by_actor(full))
    covers = [(user, role, why) for user, role, why in held if why != "job"]
    assert not covers, f"first cover grant: {covers[0]}"


def test_a_crew_of_four_has_stand_ins() -> None:
    crew = pd.DataFrame({"id": [1, 2, 3, 4]})
    assert list(desk_staff(crew, "warehouse")) == list(desk_staff(crew, "inventory")) == [4]
    assert list(desk_staff(crew, "accounting")) == [1, 2], "the owners keep the books"
