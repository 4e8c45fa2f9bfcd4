"""The coverage report: counted from the database, empty tables named with their reason."""

import sqlalchemy as sa

from terp_seed.rules.coverage import (
    EMPTY_ALLOWED,
    GAP,
    NEVER_READ,
    RUNTIME_ONLY,
    coverage_from_counts,
    coverage_of,
)
from terp_seed.schema import build_metadata, table_names


def test_counts_every_terp_table_and_explains_each_empty_one():
    coverage = coverage_from_counts({"orders": 12, "cron_leader_lock": 0})
    assert len(coverage.rows) == len(table_names()) == 233
    assert coverage.filled == ("orders",)
    kind, reason = coverage.empty["cron_leader_lock"]
    assert kind == RUNTIME_ONLY and reason, "a lock table is runtime-only, with a reason"
    assert coverage.empty["invoices"][0] == GAP, "an empty table TERP reads is a gap"
    assert "invoices" in coverage.gaps and "cron_leader_lock" not in coverage.gaps
    assert coverage.headline().startswith("1 of 233 TERP tables hold rows; 232 empty")
    report = coverage.as_json()
    assert report["with_rows"] == 1 and len(report["empty"]) == 232


def test_allow_list_holds_only_terp_tables_runtime_only_or_never_read():
    unknown = set(EMPTY_ALLOWED) - set(table_names())
    assert not unknown, f"not TERP tables: {sorted(unknown)}"
    kinds = {kind for kind, _ in EMPTY_ALLOWED.values()}
    assert kinds <= {RUNTIME_ONLY, NEVER_READ}, f"unexpected kinds {kinds}"
    assert all(reason for _, reason in EMPTY_ALLOWED.values()), "a reason is missing"


def test_coverage_of_reads_row_counts_from_the_database(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'terp.sqlite'}")
    try:
        build_metadata().create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO grades (id, name, isActive) VALUES (1, 'A', 1)")
            )
    finally:
        engine.dispose()
    coverage = coverage_of(f"sqlite:///{tmp_path / 'terp.sqlite'}")
    assert coverage.filled == ("grades",), f"filled tables {coverage.filled}"
    assert coverage.empty["deployments"][0] == RUNTIME_ONLY
    assert coverage.empty["dashboard_widget_configs"][0] == NEVER_READ
    lines = coverage.lines()
    assert lines[0].startswith("1 of 233 TERP tables hold rows")
    assert any(line.split()[0] == "deployments" for line in lines[1:])


def test_report_lines_fit_the_check_table():
    coverage = coverage_from_counts({})
    wide = [
        line
        for line in ["coverage: " + coverage.headline(), *coverage.lines()[1:]]
        if len(line) > 100
    ]
    assert not wide, f"coverage lines wider than 100 columns: {wide[:2]}"
