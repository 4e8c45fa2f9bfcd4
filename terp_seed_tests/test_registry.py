"""The family registry: one creating family per table, amendments only of upstream tables."""

import collections

import pytest

from terp_seed.generate import registry
from terp_seed.schema import table_names


def test_every_table_has_at_most_one_creating_family():
    creators = collections.defaultdict(list)
    for family in registry.FAMILIES:
        for table in family.creates:
            creators[table].append(family.name)
    shared = {table: names for table, names in creators.items() if len(names) > 1}
    assert not shared, f"tables created by more than one family: {shared}"


def test_families_declare_only_terp_tables():
    known = set(table_names())
    for family in registry.FAMILIES:
        unknown = sorted(set(family.tables) - known)
        assert not unknown, f"family {family.name} declares tables TERP lacks: {unknown}"


def test_a_family_amends_only_what_a_family_before_it_created():
    created: set[str] = set()
    for family in registry.FAMILIES:
        orphan = sorted(set(family.amends) - created)
        assert not orphan, f"family {family.name} amends tables not created before it: {orphan}"
        created.update(family.creates)


def test_upstream_families_run_earlier():
    seen: set[str] = set()
    for family in registry.FAMILIES:
        late = sorted(set(family.upstream) - seen)
        assert not late, f"family {family.name} depends on families registered after it: {late}"
        seen.add(family.name)


@pytest.mark.parametrize("family", registry.FAMILIES, ids=lambda f: f.name)
def test_a_family_writes_exactly_what_it_declares(family):
    from terp_seed_tests.seeded import seeded_run

    frames = getattr(seeded_run("light"), family.name)
    assert set(family.creates) <= set(frames) <= set(family.tables), (
        f"{family.name} wrote {sorted(frames)}; declares creates {family.creates}"
        f" and amends {family.amends}"
    )


def _any_order_chain(params):
    """The chain run in another valid order: among the families free to run, the last
    registered first (as an executor may pick them)."""
    pending = [family.name for family in registry.FAMILIES]
    done: dict[str, dict] = {}
    state: dict = {}
    while pending:
        ready = [name for name in pending if set(registry.runs_after(name)) <= set(done)]
        name = ready[-1]
        pending.remove(name)
        family = registry.family(name)
        inputs = {t: state[t] for t in registry.tables_read_by(name) if t in state}
        done[name] = family.generate(params, inputs)
        state = {**state, **done[name]}
    return done


def test_every_valid_run_order_gives_the_same_frames():
    from terp_seed_tests.seeded import params_for, seeded_run

    params = params_for("light")
    reordered = _any_order_chain(params)
    chain = seeded_run("light").families
    for name, frames in chain.items():
        for table, frame in frames.items():
            assert frame.equals(reordered[name][table]), (
                f"{name} writes a different {table} when the families run in another valid order:"
                " a family reads a table that a family it does not wait for writes"
            )


def test_access_runs_after_every_family_whose_actors_it_grants():
    others = {family.name for family in registry.FAMILIES} - {"access"}
    missing = sorted(others - registry.predecessors("access"))
    assert not missing, f"access grants roles to every actor but does not wait for {missing}"
