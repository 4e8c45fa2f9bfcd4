"""A light-profile seed written once into SQLite, shared by the merchandising, procurement and
back-office suite tests; each corruption runs on a copy with one changed row."""

import functools
import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa

from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.store import Where, open_store
from terp_seed_tests.seeded import seeded_run

PROFILE = "light"


@functools.cache
def written_database() -> Path:
    """Every family's light frames written into a SQLite shadow (once per session)."""
    run = seeded_run(PROFILE)
    folder = Path(tempfile.mkdtemp(prefix="terp-backoffice-suites-"))
    store = open_store(f"sqlite:///{folder / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(run.tables())
        return Path(store.url_of(Where.SHADOW).database)
    finally:
        store.dispose()


def audit(database: Path, rules, family: str) -> dict[str, RuleResult]:
    """The family's suite on `database`, one result per rule by check name."""
    results = run_rules(
        f"sqlite:///{database}", rules, RuleContext(seeded_run(PROFILE).params), family
    )
    assert [r.rule.check for r in results] == [rule.check for rule in rules]
    return {result.rule.check: result for result in results}


def corrupt_and_audit(tmp_path: Path, rules, family: str, sql: str) -> dict[str, RuleResult]:
    """Copy the written database, change exactly one row with `sql`, audit the copy."""
    copy = tmp_path / "corrupted.sqlite"
    shutil.copyfile(written_database(), copy)
    engine = sa.create_engine(f"sqlite:///{copy}", poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            changed = connection.execute(sa.text(sql)).rowcount
    finally:
        engine.dispose()
    assert changed == 1, f"the corruption {sql!r} changed {changed} rows, not 1"
    return audit(copy, rules, family)


def assert_only(results: dict[str, RuleResult], check: str, collateral: frozenset = frozenset()):
    """`check` fails, naming a row; nothing else fails but the collateral named."""
    result = results[check]
    assert not result.passed, f"{check} passed on corrupted data: {result.summary()}"
    assert result.offending or result.rule.shape == "regex", f"{check} names no row"
    others = {c for c, r in results.items() if not r.passed} - {check} - set(collateral)
    assert not others, f"corrupting for {check} also failed {sorted(others)}"
