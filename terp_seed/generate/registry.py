"""Every family in run order: the one list the assets, the tests and the benchmark walk.

Adding a family is its generator package, its defs folder, its rules module and one line here.
"""

from collections.abc import Iterable

from terp_seed.generate import (
    access,
    backoffice,
    batches,
    calendar,
    clients,
    collections,
    customer,
    invoices,
    ledger,
    merchandising,
    orders,
    people,
    pricing,
    procurement,
    reference,
    warehouse,
)
from terp_seed.generate.family import Family, Frames
from terp_seed.params import SeedParams

FAMILIES: tuple[Family, ...] = (
    reference.FAMILY,
    clients.FAMILY,
    batches.FAMILY,
    pricing.FAMILY,
    orders.FAMILY,
    warehouse.FAMILY,
    invoices.FAMILY,
    ledger.FAMILY,
    collections.FAMILY,
    customer.FAMILY,
    calendar.FAMILY,
    people.FAMILY,
    merchandising.FAMILY,
    procurement.FAMILY,
    backoffice.FAMILY,
    # Last: it grants each actor what the history shows them doing, and adds the staff
    # file's people to users, whom no family may pick as an actor.
    access.FAMILY,
)

_BY_NAME = {family.name: family for family in FAMILIES}


def family(name: str) -> Family:
    """The registered family called `name`."""
    return _BY_NAME[name]


def creator_of(table: str) -> Family | None:
    """The family that creates `table`, or None for a table no family fills."""
    return next((f for f in FAMILIES if table in f.creates), None)


def ancestors(name: str) -> tuple[Family, ...]:
    """Every family `name` depends on, directly or not, in run order."""
    wanted: set[str] = set()
    pending = list(family(name).upstream)
    while pending:
        current = pending.pop()
        if current not in wanted:
            wanted.add(current)
            pending.extend(family(current).upstream)
    return tuple(f for f in FAMILIES if f.name in wanted)


def tables_read_by(name: str) -> tuple[str, ...]:
    """The tables a family may read: all that its ancestors write, each once."""
    seen: dict[str, None] = {}
    for upstream in ancestors(name):
        seen.update(dict.fromkeys(upstream.tables))
    return tuple(seen)


def runs_after(name: str) -> tuple[str, ...]:
    """The families that must finish before `name` starts, in run order.

    Its declared upstream, and every family registered before it that writes (creates or
    amends) a table it reads: so each family sees a table in the same state whatever order an
    executor picks among the others, exactly as `run_chain` hands it over.
    """
    inputs = set(tables_read_by(name))
    names = [f.name for f in FAMILIES]
    earlier = FAMILIES[: names.index(name)]
    upstream = set(family(name).upstream)
    return tuple(f.name for f in earlier if f.name in upstream or inputs & set(f.tables))


def predecessors(name: str) -> set[str]:
    """Every family that finishes before `name` starts, directly or through another."""
    found: set[str] = set()
    pending = list(runs_after(name))
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(runs_after(current))
    return found


def run_chain(params: SeedParams, through: str | None = None) -> dict[str, Frames]:
    """Generate every family in memory, in run order, up to and including `through`.

    Each family is handed only the tables it may read (`tables_read_by`), each as the
    families before it left them (an amended table's latest frame wins), exactly as the seed
    job hands them over.
    """
    results: dict[str, Frames] = {}
    state: Frames = {}
    for current in FAMILIES:
        inputs = {table: state[table] for table in tables_read_by(current.name) if table in state}
        frames = current.generate(params, inputs)
        results[current.name] = frames
        state = {**state, **frames}
        if current.name == through:
            break
    return results


def merged(results: Iterable[Frames]) -> Frames:
    """The tables as a sequence of families leaves them: later writes win."""
    state: Frames = {}
    for frames in results:
        state.update(frames)
    return state
