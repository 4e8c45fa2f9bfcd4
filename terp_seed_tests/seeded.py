"""Every family's frames for one (profile, seed), chained in memory as the seed job chains them.

Generator and suite tests share one cached run per (profile, seed), so the full profile is
generated once per session, not once per test module. The frames are shared: a test that
changes one copies it first. Tests pin the as-of date (`AS_OF`), so they never read the clock.
"""

import dataclasses
import functools

import pandas as pd

from terp_seed.generate import registry
from terp_seed.generate.family import Frames
from terp_seed.params import SeedParams, resolve_params

# The as-of every test pins: the business as it stood at the end of October 2025.
AS_OF = "2025-10-31"


@dataclasses.dataclass(frozen=True)
class Run:
    """Each family's frames (`run.orders["orders"]`); frames stay out of the repr."""

    params: SeedParams
    families: dict[str, Frames] = dataclasses.field(repr=False)

    def __getattr__(self, family: str) -> Frames:
        families = self.__dict__.get("families", {})
        if family in families:
            return families[family]
        raise AttributeError(family)

    @property
    def as_of(self) -> pd.Timestamp:
        return pd.Timestamp(self.params.end)

    def tables(self, through: str | None = None) -> Frames:
        """The tables as the seed job leaves them after family `through` (default: all):
        later families' full rewrites of upstream tables (orders' batches, ...) win."""
        names = [family.name for family in registry.FAMILIES]
        last = names.index(through) if through else len(names) - 1
        return registry.merged(self.families[name] for name in names[: last + 1])


def params_for(profile: str, seed: int = 42, **overrides: object) -> SeedParams:
    """A profile's parameters with the tests' pinned as-of."""
    return resolve_params(profile, {"seed": seed, "end": AS_OF, **overrides})


def generate_run(profile: str, seed: int = 42) -> Run:
    """A fresh, uncached run (for determinism tests: two runs must be byte-identical)."""
    params = params_for(profile, seed)
    return Run(params, registry.run_chain(params))


@functools.cache
def seeded_run(profile: str, seed: int = 42) -> Run:
    """The shared run for (profile, seed)."""
    return generate_run(profile, seed)
