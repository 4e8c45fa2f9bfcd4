"""SQLite backend, the embedded default: a sibling file as the shadow, os.replace to publish."""

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from terp_seed.store.base import RUN_TABLE, PublishError, StoreError, TerpStore, Where
from terp_seed.store.lock import sqlite_acquirer
from terp_seed.store.wire import wire_frame

SHADOW_SUFFIX = ".next"
LOCK_SUFFIX = ".lock"


class SQLiteStore(TerpStore):
    """A TERP database in one SQLite file."""

    def __init__(self, url: sa.URL, run_id: str | None = None) -> None:
        """Open a store on the SQLite file at `url`."""
        super().__init__(url, run_id)
        if not url.database or url.database == ":memory:":
            raise StoreError("the SQLite database must be a file (sqlite:///path/to/terp.sqlite)")
        self.path = Path(url.database).resolve()
        if not self.path.parent.is_dir():
            raise StoreError(f"folder {self.path.parent} does not exist")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a SQLite file")
        self.shadow_path = self.path.with_name(self.path.name + SHADOW_SUFFIX)
        self.lock_path = self.path.with_name(self.path.name + LOCK_SUFFIX)

    def _lock_acquirer(self) -> Callable[[], Callable[[], None]]:
        return sqlite_acquirer(self.lock_path, self.display_url)

    def _engine_url(self, where: Where) -> sa.URL:
        path = self.path if where is Where.LIVE else self.shadow_path
        return self.url.set(database=str(path))

    def _create_engine(self, where: Where) -> sa.Engine:
        if not self.path.parent.is_dir():
            raise StoreError(f"folder {self.path.parent} does not exist")
        engine = sa.create_engine(self._engine_url(where), poolclass=sa.pool.NullPool)
        if where is Where.SHADOW:
            # The shadow is scratch until published: skip the journal's fsyncs while loading;
            # publish fsyncs the finished file before swapping it in.
            @sa.event.listens_for(engine, "connect")
            def _fast(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
                dbapi_connection.execute("PRAGMA synchronous = OFF")

        return engine

    def _live_exists(self) -> bool:
        return self.path.exists()

    def _drop_shadow(self) -> None:
        self.dispose()
        for leftover in (self.shadow_path, Path(f"{self.shadow_path}-journal")):
            leftover.unlink(missing_ok=True)

    def _prepare_shadow(self) -> None:
        """Nothing to do: SQLite creates the file on first connect."""

    def _empty_tables(self, connection: sa.Connection, tables: list[str]) -> None:
        for table in tables:
            connection.exec_driver_sql(f'DELETE FROM "{table}"')

    def _bulk_load(self, connection: sa.Connection, table: str, frame: pd.DataFrame) -> None:
        wire = wire_frame(table, frame)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        marks = ", ".join("?" for _ in frame.columns)
        rows = list(wire.itertuples(index=False, name=None))
        connection.exec_driver_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)

    def _swap_in_shadow(self) -> None:
        if not self.shadow_path.exists():
            raise PublishError(f"not published: no shadow {self.shadow_path.name} to swap in")
        connection = sqlite3.connect(self.shadow_path)
        try:
            found = connection.execute(f"SELECT run_id FROM {RUN_TABLE}").fetchone()
            if found is None or found[0] != self.run_id:
                raise PublishError(
                    f"not published: the shadow {self.shadow_path.name} is not this run's; "
                    "the live database is as it was"
                )
            # The run's id goes before the file does: the live database holds TERP's tables only.
            connection.execute(f"DROP TABLE {RUN_TABLE}")
            connection.commit()
        except sqlite3.OperationalError:
            raise PublishError(
                f"not published: the shadow {self.shadow_path.name} carries no run id; "
                "the live database is as it was"
            ) from None
        finally:
            connection.close()
        with open(self.shadow_path, "rb+") as shadow:
            os.fsync(shadow.fileno())
        Path(f"{self.path}-journal").unlink(missing_ok=True)
        os.replace(self.shadow_path, self.path)

    def _settle_failed_swap(self) -> bool:
        # os.replace is atomic: the shadow is either still there (not published) or live.
        return not self.shadow_path.exists()
