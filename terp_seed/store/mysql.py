"""MySQL / MariaDB backend: a sibling schema as the shadow, LOAD DATA, one RENAME TABLE.

The shadow of database `terp` is the schema `terp__next`; publishing renames every live TERP
table into `terp__prev` and every shadow table into `terp` in a single RENAME TABLE, which
MySQL performs atomically, then drops the two leftovers.
"""

import os
import tempfile

import pandas as pd
import sqlalchemy as sa

from terp_seed.schema import table_names
from terp_seed.store.base import StoreError, TerpStore, Where
from terp_seed.store.wire import tsv_escape, wire_frame

SHADOW_SUFFIX = "__next"
PREVIOUS_SUFFIX = "__prev"


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class MySQLStore(TerpStore):
    """A TERP database on MySQL 8 or MariaDB 10.11+, reached through PyMySQL."""

    def __init__(self, url: sa.URL) -> None:
        """Open a store on the live database at `url`."""
        super().__init__(url)
        if not url.database:
            raise StoreError(f"{self.display_url} names no database")
        self.database = url.database

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
            reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
            raise StoreError(f"on {self.display_url}: {reason}") from None
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
        from terp_seed.store.base import DatabaseUnreachable

        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except sa.exc.OperationalError as error:
            reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
            raise DatabaseUnreachable(f"cannot reach {self.display_url}: {reason}") from None
        finally:
            engine.dispose()

    def ping(self) -> None:
        """Raise unless the server answers; create the live database if it does not exist."""
        if not self._live_exists():
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
        handle, path = tempfile.mkstemp(prefix=f"terp_seed_{table}_", suffix=".tsv")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write("\n".join(lines))
                out.write("\n")
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
        finally:
            os.unlink(path)

    def _swap_in_shadow(self) -> None:
        previous = self.database + PREVIOUS_SUFFIX
        engine = self._server_engine()
        try:
            with engine.connect() as connection:
                live_tables = {
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                        (self.database,),
                    )
                }
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {_quote(previous)}")
                connection.exec_driver_sql(f"CREATE DATABASE {_quote(previous)}")
                moves = [
                    f"{_quote(self.database)}.{_quote(t)} TO {_quote(previous)}.{_quote(t)}"
                    for t in table_names()
                    if t in live_tables
                ] + [
                    f"{_quote(self.shadow_database)}.{_quote(t)} TO "
                    f"{_quote(self.database)}.{_quote(t)}"
                    for t in table_names()
                ]
                # One statement: MySQL renames all of them or none.
                connection.exec_driver_sql("RENAME TABLE " + ", ".join(moves))
                connection.exec_driver_sql("SET foreign_key_checks = 0")
                connection.exec_driver_sql(f"DROP DATABASE {_quote(previous)}")
                connection.exec_driver_sql(f"DROP DATABASE {_quote(self.shadow_database)}")
                connection.commit()
        finally:
            engine.dispose()
