"""What a family is to the rest of the project: what it reads, what it creates, what it amends.

A family is a generator package (or module) that exposes one `FAMILY`. The registry
(`terp_seed.generate.registry`) lists them in run order; the Dagster assets, the test chain and
the benchmark all walk that list, so adding a family is adding its package and one registry line.
"""

import dataclasses
from collections.abc import Callable, Mapping

import pandas as pd

from terp_seed.params import SeedParams

Frames = dict[str, pd.DataFrame]
Tables = Mapping[str, pd.DataFrame]
Builder = Callable[[SeedParams, Tables], Frames]


class FamilyContractError(RuntimeError):
    """A generator returned tables other than those its family declares."""


@dataclasses.dataclass(frozen=True)
class Family:
    """One table family: the tables it owns and the upstream families whose tables it reads.

    Attributes:
        name: The family's name; also its Dagster asset and group.
        description: One line of business meaning, shown in the UI.
        upstream: Families whose tables it reads (the asset's direct dependencies).
        creates: Tables this family creates; every table has exactly one creating family.
        amends: Tables created upstream whose final state this family writes (whole tables).
        build: `build(params, tables)`: `tables` is the state of every table written by the
            families before it in the registry; returns a frame per created and amended table.
    """

    name: str
    description: str
    upstream: tuple[str, ...]
    creates: tuple[str, ...]
    amends: tuple[str, ...]
    build: Builder

    @property
    def tables(self) -> tuple[str, ...]:
        """Every table this family writes: created first, then amended."""
        return self.creates + self.amends

    def generate(self, params: SeedParams, tables: Tables) -> Frames:
        """Run the family's generator and hold it to its declaration."""
        frames = self.build(params, tables)
        undeclared = sorted(set(frames) - set(self.tables))
        missing = sorted(set(self.creates) - set(frames))
        if undeclared or missing:
            raise FamilyContractError(
                f"family {self.name}: undeclared tables {undeclared}, missing tables {missing}"
            )
        return frames
