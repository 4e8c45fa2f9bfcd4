"""Every family's frames for one (profile, seed), chained in memory as the seed job chains them.

Generator and suite tests share one cached run per (profile, seed), so the full profile is
generated once per session, not once per test module. The frames are shared: a test that
changes one copies it first.
"""

import dataclasses
import functools

import pandas as pd

from terp_seed.generate import batches, clients, invoices, ledger, orders, reference
from terp_seed.params import SeedParams, resolve_params

Frames = dict[str, pd.DataFrame]


@dataclasses.dataclass(frozen=True)
class Run:
    """Each family's frames; frames stay out of the repr, so a failure prints the parameters."""

    params: SeedParams
    reference: Frames = dataclasses.field(repr=False)
    clients: Frames = dataclasses.field(repr=False)
    batches: Frames = dataclasses.field(repr=False)
    orders: Frames = dataclasses.field(repr=False)
    invoices: Frames = dataclasses.field(repr=False)
    ledger: Frames = dataclasses.field(repr=False)

    @property
    def as_of(self) -> pd.Timestamp:
        return pd.Timestamp(self.params.end)

    def tables(self, through: str = "ledger") -> Frames:
        """The tables as the seed job leaves them after family `through`: later families'
        full rewrites of upstream tables (orders' batches, invoices' orders, ...) win."""
        families = ("reference", "clients", "batches", "orders", "invoices", "ledger")
        merged: Frames = {}
        for family in families[: families.index(through) + 1]:
            merged.update(getattr(self, family))
        return merged


def generate_run(profile: str, seed: int = 42) -> Run:
    """A fresh, uncached run (for determinism tests: two runs must be byte-identical)."""
    params = resolve_params(profile, {"seed": seed})
    ref = reference.generate(params)
    cl = clients.generate(params)
    procured = batches.generate(params, ref, cl)
    sold = orders.generate(params, ref, cl, procured)
    billed = invoices.generate(params, ref, cl, sold, procured)
    books = ledger.generate(params, ref, cl, procured, sold, billed)
    return Run(params, ref, cl, procured, sold, billed, books)


@functools.cache
def seeded_run(profile: str, seed: int = 42) -> Run:
    """The shared run for (profile, seed)."""
    return generate_run(profile, seed)
