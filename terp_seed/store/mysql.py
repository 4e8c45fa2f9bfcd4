"""MySQL / MariaDB backend: a sibling schema as the shadow, LOAD DATA, one RENAME TABLE.

The shadow of database `terp` is the schema `terp__next`; publishing renames every live TERP
table into `terp__prev` and every shadow table into `terp` in a single RENAME TABLE, which
MySQL performs atomically, then drops the two leftovers.
"""

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.schema import AddConstraint, CreateIndex, CreateTable

from terp_seed.schema import build_metadata, table_names
from terp_seed.store.base import (
    RUN_TABLE,
    DatabaseUnreachable,
    PublishError,
    StoreError,
    TerpStore,
    Where,
    first_line,
)
from terp_seed.store.lock import mysql_acquirer
from terp_seed.store.wire import tsv_escape, wire_frame

SHADOW_SUFFIX = "__next"
PREVIOUS_SUFFIX = "__prev"
# MySQL and MariaDB cap a database name at 64 characters; the siblings add their suffix.
MAX_DATABASE_NAME = 64 - max(len(SHADOW_SUFFIX), len(PREVIOUS_SUFFIX))


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class MySQLStore(TerpStore):
    """A TERP database on MySQL 8 or MariaDB 10.11+, reached through PyMySQL."""

    def __init__(self, url: sa.URL, run_id: str | None = None) -> None:
        """Open a store on the live database at `url`."""
        super().__init__(url, run_id)
        if not url.database:
            raise StoreError(f"{self.display_url} names no database")
        if len(url.database) > MAX_DATABASE_NAME:
            raise StoreError(
                f"database name {url.database!r} is {len(url.database)} characters; terp-seed "
                f"needs at most {MAX_DATABASE_NAME} (MySQL's 64 less its {SHADOW_SUFFIX!r} shadow)"
            )
        if "`" in url.database or "/" in url.database:
            raise StoreError(f"database name {url.database!r} holds ` or /, which MySQL refuses")
        self.database = url.database

    @property
    def previous_database(self) -> str:
        """Name of the sibling schema the old tables pass through during the swap."""
        return self.database + PREVIOUS_SUFFIX

    def _lock_acquirer(self) -> Callable[[], Callable[[], None]]:
        return mysql_acquirer(self.url._replace(database=None), self.database, self.display_url)

    @property
    def shadow_database(self) -> str:
        """Name of the sibling schema the run writes into."""
        return self.database + SHADOW_SUFFIX

    def _engine_url(self, where: Where) -> sa.URL:
        name = self.database if where is Where.LIVE else self.shadow_database
        return self.url.set(database=name)

    def _create_engine(self, where: Where) -> sa.Engine:
        engine = sa.create_engine(
            self._engine_url(where),
            connect_args={"local_infile": True, "charset": "utf8mb4"},
            pool_pre_ping=True,
        )

        # UTC sessions: a TIMESTAMP is stored as given, with no daylight-saving gaps, and
        # strict mode so a value that does not fit is an error, not a silent truncation.
        @sa.event.listens_for(engine, "connect")
        def _session(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            with dbapi_connection.cursor() as cursor:
                cursor.execute(
                    "SET time_zone = '+00:00', "
                    "sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'"
                )

        return engine

    def _server_engine(self) -> sa.Engine:
        return sa.create_engine(
            self.url._replace(database=None), connect_args={"charset": "utf8mb4"}
        )

    def _run_on_server(self, *statements: str) -> None:
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.exec_driver_sql(statement)
                connection.commit()
        except sa.exc.OperationalError as error:
            raise StoreError(f"on {self.display_url}: {first_line(error)}") from None
        finally:
            engine.dispose()

    def _schemas(self) -> set[str]:
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                return {row[0] for row in connection.exec_driver_sql("SHOW DATABASES")}
        finally:
            engine.dispose()

    def _live_exists(self) -> bool:
        self.ping_server()
        return self.database in self._schemas()

    def ping_server(self) -> None:
        """Raise DatabaseUnreachable unless the server answers (the database may not exist)."""
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except sa.exc.OperationalError as error:
            raise DatabaseUnreachable(
                f"cannot reach {self.display_url}: {first_line(error)}"
            ) from None
        finally:
            engine.dispose()

    def ping(self) -> None:
        """Raise unless the server answers.

        A new live database is created only by publish, so a run that dies before it leaves
        no empty live database behind.
        """
        self.ping_server()

    def _create_schema(self, connection: sa.Connection) -> None:
        # MySQL's floor: one CREATE TABLE per table with its indexes and foreign keys inline
        # (a separate CREATE INDEX rebuilds the table each time), foreign key checks off so
        # the order does not matter. Timestamps are explicit, as TERP's DDL expects.
        explicit = connection.exec_driver_sql(
            "SELECT @@SESSION.explicit_defaults_for_timestamp"
        ).scalar()
        connection.exec_driver_sql(
            "SET SESSION explicit_defaults_for_timestamp = 1, foreign_key_checks = 0"
        )
        for statement in create_statements(connection.dialect):
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(
            f"SET SESSION explicit_defaults_for_timestamp = {int(explicit)}, foreign_key_checks = 1"
        )

    def _ensure_live(self) -> None:
        self._run_on_server(f"CREATE DATABASE IF NOT EXISTS {_quote(self.database)}")

    def _drop_shadow(self) -> None:
        self.dispose()
        self._run_on_server(f"DROP DATABASE IF EXISTS {_quote(self.shadow_database)}")

    def _prepare_shadow(self) -> None:
        self._run_on_server(
            f"CREATE DATABASE {_quote(self.shadow_database)} "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )

    def _empty_tables(self, connection: sa.Connection, tables: list[str]) -> None:
        # DELETE, not TRUNCATE: it stays inside the transaction, so clear is all or nothing.
        connection.exec_driver_sql("SET foreign_key_checks = 0")
        for table in tables:
            connection.exec_driver_sql(f"DELETE FROM {_quote(table)}")
        connection.exec_driver_sql("SET foreign_key_checks = 1")

    def _bulk_load(self, connection: sa.Connection, table: str, frame: pd.DataFrame) -> None:
        lines = tsv_escape(wire_frame(table, frame), table)
        with _rows_file(table) as (out, path):
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            out.flush()
            columns = ", ".join(_quote(c) for c in frame.columns)
            # Secondary checks off during the load: the frames were validated and the
            # integrity checks audit the shadow afterwards.
            connection.exec_driver_sql("SET foreign_key_checks = 0, unique_checks = 0")
            connection.exec_driver_sql(
                f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {_quote(table)} "
                "CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                f"LINES TERMINATED BY '\\n' ({columns})"
            )
            warnings = connection.exec_driver_sql("SHOW WARNINGS LIMIT 1").fetchall()
            connection.exec_driver_sql("SET foreign_key_checks = 1, unique_checks = 1")
            if warnings:
                # With LOCAL the server turns data errors into warnings; treat them as errors.
                level, code, message = warnings[0]
                raise StoreError(f"loading {table}: MySQL {level} {code}: {message}")

    def _swap_in_shadow(self) -> None:
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                shadow, live, previous = (
                    _quote(self.shadow_database),
                    _quote(self.database),
                    _quote(self.previous_database),
                )
                # Under the run lock nobody else writes the shadow, so the id read here is
                # the one the RENAME below moves.
                found = self.shadow_run_id(connection, f"{shadow}.")
                if found != self.run_id:
                    raise PublishError(
                        f"not published: the shadow {self.shadow_database} is not this run's "
                        f"(it carries run {found or 'none'}); the live database is as it was"
                    )
                live_tables = {
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                        (self.database,),
                    )
                }
                connection.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS {live}")
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {previous}")
                connection.exec_driver_sql(f"CREATE DATABASE {previous}")
                moves = [
                    f"{live}.{_quote(t)} TO {previous}.{_quote(t)}"
                    for t in table_names()
                    if t in live_tables
                ] + [f"{shadow}.{_quote(t)} TO {live}.{_quote(t)}" for t in table_names()]
                # The run's id travels to __prev in the same statement: after a lost
                # connection, where it sits says whether the swap happened.
                moves.append(f"{shadow}.{RUN_TABLE} TO {previous}.{RUN_TABLE}")
                # One statement: MySQL renames all of them or none.
                connection.exec_driver_sql("RENAME TABLE " + ", ".join(moves))
                self._after_rename(connection)
                connection.exec_driver_sql(f"DROP DATABASE {shadow}")
                connection.exec_driver_sql(f"DROP DATABASE {previous}")
                connection.commit()
        finally:
            engine.dispose()

    def _after_rename(self, connection: sa.Connection) -> None:
        """Nothing; tests break the connection here to stand for one lost mid-publish."""

    def _settle_failed_swap(self) -> bool:
        schemas = self._schemas()
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                in_shadow = self.shadow_database in schemas and self.run_id == (
                    self.shadow_run_id(connection, f"{_quote(self.shadow_database)}.")
                )
        finally:
            engine.dispose()
        # The shadow is dropped only after the RENAME: if it still holds this run's id, the
        # swap never happened and __prev holds no live table; otherwise the new seed is live.
        leftovers = (
            [self.previous_database]
            if in_shadow
            else [
                self.previous_database,
                self.shadow_database,
            ]
        )
        self._run_on_server(*(f"DROP DATABASE IF EXISTS {_quote(name)}" for name in leftovers))
        return not in_shadow


_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON \S+ (\(.*\))$", re.DOTALL)


def create_statements(dialect: sa.Dialect) -> list[str]:
    """One CREATE TABLE per TERP table, its indexes inline, then any deferred foreign key.

    Compiled from the same MetaData as `create_all`, so the schema is the same, only built
    in fewer statements.
    """
    metadata = build_metadata()
    statements, deferred = [], []
    for table in metadata.tables.values():
        ddl = str(CreateTable(table).compile(dialect=dialect)).rstrip()
        inline = []
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            match = _INDEX.match(str(CreateIndex(index).compile(dialect=dialect)).strip())
            if match is None:
                raise StoreError(f"cannot inline index {index.name} of {table.name}")
            inline.append(f"\t{match[1] or ''}INDEX {match[2]} {match[3]}")
        if inline:
            body, close, options = ddl.rpartition(")")
            ddl = body.rstrip() + ",\n" + ",\n".join(inline) + "\n" + close + options
        statements.append(ddl)
        deferred += [
            str(AddConstraint(fk).compile(dialect=dialect))
            for fk in table.foreign_key_constraints
            if fk.use_alter
        ]
    return statements + deferred


@contextlib.contextmanager
def _rows_file(table: str) -> Iterator[tuple[object, str]]:
    """A file for LOAD DATA that leaves nothing behind, even if the process is killed.

    On Linux the file is unlinked from birth and PyMySQL reads it through /proc/self/fd;
    elsewhere it is a named temporary file removed on exit.
    """
    proc = Path("/proc/self/fd")
    if proc.is_dir():
        with tempfile.TemporaryFile(prefix=f"terp_seed_{table}_") as out:
            yield out, str(proc / str(out.fileno()))
        return
    handle, path = tempfile.mkstemp(prefix=f"terp_seed_{table}_", suffix=".tsv")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out, path
    finally:
        os.unlink(path)
