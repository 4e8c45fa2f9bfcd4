"""What every people-side builder needs to know: the as-of, the staff, and small helpers."""

import dataclasses
import json
from collections.abc import Iterable

import numpy as np
import pandas as pd

from terp_seed.generate.family import Tables
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

FAMILY_NAME = "people"


@dataclasses.dataclass(frozen=True)
class World:
    """The run as the people family sees it.

    Attributes:
        params: The run's parameters.
        tables: Every upstream table.
        cutoff: The last second of the as-of day; nothing that happened is dated after it.
        staff: The users table indexed by id (every user in TERP's seed is staff).
    """

    params: SeedParams
    tables: Tables
    cutoff: pd.Timestamp
    staff: pd.DataFrame

    @classmethod
    def of(cls, params: SeedParams, tables: Tables) -> "World":
        """The world of one run."""
        cutoff = pd.Timestamp(params.end) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        return cls(params, tables, cutoff, tables["users"].set_index("id"))

    def rng(self, purpose: str) -> np.random.Generator:
        """The keyed random stream of one purpose of this family."""
        return stream(self.params.seed, FAMILY_NAME, purpose)

    def name_of(self, user_ids: Iterable[int]) -> list[str]:
        """Display names of staff users."""
        names = self.staff["name"]
        return [str(names.at[int(u)]) for u in user_ids]

    def other_staff(self, rng: np.random.Generator, user_ids: np.ndarray) -> np.ndarray:
        """For each user, a different staff member drawn uniformly (whom they would @mention)."""
        ids = self.staff.index.to_numpy()
        position = np.searchsorted(ids, user_ids)
        offset = rng.integers(1, len(ids), len(user_ids))
        return ids[(position + offset) % len(ids)]


def to_json(values: Iterable[object]) -> list[str | None]:
    """Python values as the compact JSON strings TERP stores (None stays NULL)."""
    return [None if v is None else json.dumps(v, separators=(",", ":")) for v in values]


def minutes(rng: np.random.Generator, low: float, high: float, size: int) -> pd.TimedeltaIndex:
    """Uniform whole-minute delays between `low` and `high` minutes."""
    return pd.to_timedelta(rng.integers(int(low), int(high) + 1, size), unit="min")


def numbered(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows in event order (stable on `by`), with ids 1..n as the app would have issued them."""
    frame = frame.sort_values(by, kind="stable").reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1, dtype="int64"))
    return frame
