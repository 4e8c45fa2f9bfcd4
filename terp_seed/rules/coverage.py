"""Coverage: how many of TERP's tables hold rows, and why each empty one is empty.

A seeded staging database should fill every table TERP's server reads. A table may stay empty
only for a reason a TERP engineer accepts, listed in `EMPTY_ALLOWED`:
- runtime-only: state the running app writes for itself (a cron leader lease that a seeded row
  would hold until it expired, idempotency keys, its own deployment log, the audit of admins
  impersonating a VIP buyer, media uploaded in demo mode); seeding it would fabricate
  evidence or block the app;
- never read: no server code at TERP b2e16915 reads the table (only schema pushes create it).
Every other empty table is reported as a gap. The report is computed from the database, so it
checks any TERP database, whichever families filled it.
"""

import dataclasses
from collections.abc import Mapping

import sqlalchemy as sa

from terp_seed.schema import table_names

RUNTIME_ONLY = "runtime-only"
NEVER_READ = "never read"

EMPTY_ALLOWED: dict[str, tuple[str, str]] = {
    "cron_leader_lock": (RUNTIME_ONLY, "live cron lease; a seeded one stalls the app's cron"),
    "idempotency_keys": (RUNTIME_ONLY, "expiring results of mutations the app applied"),
    "deployments": (RUNTIME_ONLY, "the app's deploy log, written by its GitHub webhook"),
    "admin_impersonation_sessions": (RUNTIME_ONLY, "audit of admins acting as a VIP buyer"),
    "admin_impersonation_actions": (RUNTIME_ONLY, "what those impersonating admins did"),
    "demo_media_blobs": (RUNTIME_ONLY, "media uploaded while the app runs in demo mode"),
    "dashboard_widget_configs": (NEVER_READ, "only a schema push creates it"),
    "client_want_matches": (NEVER_READ, "no server code reads it"),
    "cogsHistory": (NEVER_READ, "no server code reads it"),
    "cogs_rules": (NEVER_READ, "no server code reads it"),
    "employee_timesheets": (NEVER_READ, "no server code reads it"),
    "timesheet_periods": (NEVER_READ, "no server code reads it"),
    "user_mentions": (NEVER_READ, "no server code reads it (see comment_mentions)"),
}
GAP = "gap"


@dataclasses.dataclass(frozen=True)
class Coverage:
    """Rows per TERP table in one database, and the reason for each empty table.

    Attributes:
        rows: Rows per table; a table missing from the database counts as empty.
    """

    rows: Mapping[str, int]

    @property
    def filled(self) -> tuple[str, ...]:
        """Tables that hold rows."""
        return tuple(t for t, n in self.rows.items() if n > 0)

    @property
    def empty(self) -> dict[str, tuple[str, str]]:
        """Each empty table with (kind, reason); kind is `gap` where no reason allows it."""
        return {
            table: EMPTY_ALLOWED.get(table, (GAP, "TERP's server reads it, and it has no rows"))
            for table, n in self.rows.items()
            if n == 0
        }

    @property
    def gaps(self) -> tuple[str, ...]:
        """Empty tables with no accepted reason."""
        return tuple(t for t, (kind, _) in self.empty.items() if kind == GAP)

    def headline(self) -> str:
        """One line: `N of 233 TERP tables hold rows; M empty (k runtime-only, ...)`."""
        kinds: dict[str, int] = {}
        for kind, _ in self.empty.values():
            kinds[kind] = kinds.get(kind, 0) + 1
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        line = f"{len(self.filled)} of {len(self.rows)} TERP tables hold rows"
        return f"{line}; {len(self.empty)} empty ({detail})" if self.empty else line

    def lines(self) -> list[str]:
        """The headline, then one line per empty table with its reason."""
        return [self.headline()] + [
            f"  {table:<30} {kind:<12} {reason}"
            for table, (kind, reason) in sorted(self.empty.items())
        ]

    def as_json(self) -> dict[str, object]:
        """The report as JSON-friendly data."""
        return {
            "tables": len(self.rows),
            "with_rows": len(self.filled),
            "empty": [
                {"table": table, "kind": kind, "reason": reason}
                for table, (kind, reason) in sorted(self.empty.items())
            ],
            "gaps": list(self.gaps),
        }


def coverage_from_counts(counts: Mapping[str, int]) -> Coverage:
    """Coverage from rows per table (e.g. a store's `row_counts`); absent tables are empty."""
    return Coverage(rows={table: int(counts.get(table, 0)) for table in table_names()})


def coverage_of(url: sa.URL | str) -> Coverage:
    """Coverage of the TERP database at `url`: one COUNT(*) per table it has."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        present = set(sa.inspect(engine).get_table_names())
        with engine.connect() as connection:
            quote = connection.dialect.identifier_preparer.quote
            counts = {
                table: int(
                    connection.execute(sa.text(f"SELECT COUNT(*) FROM {quote(table)}")).scalar()
                )
                for table in table_names()
                if table in present
            }
    finally:
        engine.dispose()
    return coverage_from_counts(counts)
