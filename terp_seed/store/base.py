"""The store: write frames into a shadow database, audit them there, publish atomically.

A run never touches the live database until `publish`, which swaps the audited shadow in as
one atomic step (MySQL: one RENAME TABLE of every table; SQLite: os.replace of the file).
Before anything replaces or empties the live database, `guard` reads the marker terp-seed
leaves at each publish: data terp-seed did not write is replaced only with force, and a
database marked as production never.
"""

import abc
import dataclasses
import enum
import json
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa

from terp_seed.schema import build_metadata, table_names, table_spec
from terp_seed.store.lock import RunLockBusy, hold
from terp_seed.store.validate import coerce_frame, validate_frame
from terp_seed.store.wire import content_digest

MARKER_KEY = "terp_seed.marker"
PRODUCTION = "production"
# The frames each run has written, by run id: a family downstream in the same run takes its
# inputs from here instead of reading back what was just loaded (issue 15). One run at a time
# per process is the rule (the run lock), so this holds one run's frames.
_WRITTEN: dict[str, dict[str, pd.DataFrame]] = {}

# A table only the shadow has: the id of the run that built it. Publish swaps in a shadow only
# if it holds this run's id, and after a failed swap, where this table sits says what happened.
RUN_TABLE = "terp_seed_run"


class StoreError(RuntimeError):
    """The database cannot be used as asked; the message is one line, without credentials."""


class DatabaseUnreachable(StoreError):
    """The database server could not be reached or the database opened."""


class TargetRefused(StoreError):
    """The guard refused to replace or empty the target database."""


class TargetBusy(StoreError):
    """Another run holds the target's run lock."""


class PublishError(StoreError):
    """Publishing did not happen; the message says why and that the live database is unchanged."""


class Where(enum.Enum):
    """Which copy of the database an operation reads."""

    LIVE = "live"
    SHADOW = "shadow"


class TargetKind(enum.Enum):
    """What the guard found in the live database."""

    EMPTY = "empty"
    SEEDED = "seeded by terp-seed"
    FOREIGN = "holds data terp-seed did not write"
    PRODUCTION = "marked as production"


@dataclasses.dataclass(frozen=True)
class TargetState:
    """The live database as the guard sees it: its kind and the evidence for it."""

    kind: TargetKind
    marker: Mapping[str, object] | None
    tables_with_rows: tuple[str, ...]

    def describe(self) -> str:
        """One line saying what was found."""
        if self.kind is TargetKind.FOREIGN:
            shown = ", ".join(self.tables_with_rows[:5])
            more = len(self.tables_with_rows) - 5
            extra = f" and {more} more" if more > 0 else ""
            return f"{self.kind.value} (rows in {shown}{extra}; no terp-seed marker)"
        return self.kind.value


def is_production(value: object) -> bool:
    """Whether an environment name means production, however it is spelled or padded."""
    return str(value or "").strip().lower() == PRODUCTION


def production_requested() -> bool:
    """Whether this process runs against production (TERP_ENV=production)."""
    return is_production(os.environ.get("TERP_ENV", ""))


def first_line(error: BaseException) -> str:
    """The driver's own message of a database error, one line, no SQL and no parameters."""
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__


def redact(url: sa.URL | str) -> str:
    """The database URL with any password masked, safe for logs and metadata."""
    parsed = sa.make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)


class TerpStore(abc.ABC):
    """Writes a seed run into a shadow copy of a TERP database and publishes it.

    Subclasses supply the backend: where the shadow lives, how rows are bulk-loaded, and how
    the swap is made atomic.
    """

    def __init__(self, url: sa.URL, run_id: str | None = None) -> None:
        """Open a store on the live database at `url` (nothing is touched yet).

        Args:
            url: The live database.
            run_id: The run this store works for: the shadow it starts carries it, and it
                publishes only a shadow that does. A fresh id when not given.
        """
        self.url = url
        self.run_id = run_id or uuid.uuid4().hex
        self._engines: dict[Where, sa.Engine] = {}

    # -- backend ------------------------------------------------------------------------
    @abc.abstractmethod
    def _engine_url(self, where: Where) -> sa.URL: ...

    @abc.abstractmethod
    def _create_engine(self, where: Where) -> sa.Engine: ...

    @abc.abstractmethod
    def _drop_shadow(self) -> None: ...

    @abc.abstractmethod
    def _prepare_shadow(self) -> None: ...

    @abc.abstractmethod
    def _bulk_load(self, connection: sa.Connection, table: str, frame: pd.DataFrame) -> None: ...

    @abc.abstractmethod
    def _empty_tables(self, connection: sa.Connection, tables: list[str]) -> None: ...

    @abc.abstractmethod
    def _swap_in_shadow(self) -> None: ...

    @abc.abstractmethod
    def _live_exists(self) -> bool: ...

    @abc.abstractmethod
    def _lock_acquirer(self) -> Callable[[], Callable[[], None]]: ...

    @abc.abstractmethod
    def _settle_failed_swap(self) -> bool:
        """After a swap that raised: True if this run's shadow is live; leftovers cleaned."""

    # -- one run per target -----------------------------------------------------------------
    @property
    def lock_key(self) -> str:
        """What the run lock protects: the live database, without credentials."""
        return self.display_url

    @contextmanager
    def run_lock(self) -> Iterator[None]:
        """Hold the target's run lock for the block (re-entrant within this process).

        Raises:
            TargetBusy: another process is seeding, resetting or clearing this target.
        """
        try:
            acquire = self._lock_acquirer()
            with hold(self.lock_key, acquire):
                yield
        except RunLockBusy as busy:
            raise TargetBusy(str(busy)) from None
        except sa.exc.OperationalError as error:
            raise DatabaseUnreachable(
                f"cannot reach {self.display_url} to take its run lock: {first_line(error)}"
            ) from None

    # -- engines ------------------------------------------------------------------------
    @property
    def display_url(self) -> str:
        """The live URL with its password masked."""
        return redact(self.url)

    def engine(self, where: Where = Where.SHADOW) -> sa.Engine:
        """The engine of the live database or of the shadow."""
        if where not in self._engines:
            self._engines[where] = self._create_engine(where)
        return self._engines[where]

    def url_of(self, where: Where) -> sa.URL:
        """Connection URL of the live database or of the shadow (holds credentials)."""
        return self._engine_url(where)

    def dispose(self) -> None:
        """Close every pooled connection."""
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()

    @contextmanager
    def _connect(self, where: Where) -> Iterator[sa.Connection]:
        try:
            connection = self.engine(where).connect()
        except sa.exc.OperationalError as error:
            reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
            raise DatabaseUnreachable(
                f"cannot open database {self.display_url} ({where.value}): {reason}"
            ) from None
        with connection:
            yield connection

    # -- the guard ----------------------------------------------------------------------
    def ping(self) -> None:
        """Raise DatabaseUnreachable unless the live database's server answers."""
        with self._connect(Where.LIVE) as connection:
            connection.execute(sa.text("SELECT 1"))

    def live_tables(self) -> set[str]:
        """Names of the tables the live database has (none when it does not exist)."""
        if not self._live_exists():
            return set()
        with self._connect(Where.LIVE) as connection:
            return set(sa.inspect(connection).get_table_names())

    def inspect_target(self) -> TargetState:
        """What the live database holds: nothing, terp-seed data, foreign data, production."""
        if not self._live_exists():
            return TargetState(TargetKind.EMPTY, None, ())
        with self._connect(Where.LIVE) as connection:
            existing = sa.inspect(connection).get_table_names()
            marker = self._read_marker(connection, existing)
            with_rows = self._tables_with_rows(connection, existing)
        if marker and is_production(marker.get("env")):
            return TargetState(TargetKind.PRODUCTION, marker, tuple(with_rows))
        if marker:
            return TargetState(TargetKind.SEEDED, marker, tuple(with_rows))
        if with_rows:
            return TargetState(TargetKind.FOREIGN, None, tuple(with_rows))
        return TargetState(TargetKind.EMPTY, None, ())

    def guard(self, action: str, *, force: bool = False) -> TargetState:
        """Refuse `action` (replace, empty) on a database that must not be touched.

        Raises:
            TargetRefused: production (always), or foreign data without `force`.
        """
        if production_requested():
            raise TargetRefused(
                f"refusing to {action} {self.display_url}: TERP_ENV=production "
                "(terp-seed never seeds production)"
            )
        state = self.inspect_target()
        if state.kind is TargetKind.PRODUCTION:
            raise TargetRefused(
                f"refusing to {action} {self.display_url}: its terp-seed marker says production "
                "(never seeded, even with --force)"
            )
        if state.kind is TargetKind.FOREIGN and not force:
            raise TargetRefused(
                f"refusing to {action} {self.display_url}: it {state.describe()}; "
                "pass --force to replace it"
            )
        return state

    @staticmethod
    def _read_marker(connection: sa.Connection, existing: list[str]) -> dict | None:
        if "organization_settings" not in existing:
            return None
        value = connection.execute(
            sa.text("SELECT setting_value FROM organization_settings WHERE setting_key = :key"),
            {"key": MARKER_KEY},
        ).scalar()
        if value is None:
            return None
        try:
            parsed = json.loads(value) if isinstance(value, str | bytes) else value
        except ValueError:
            return None
        # Only a JSON object can be terp-seed's marker; anything else is someone else's row.
        return dict(parsed) if isinstance(parsed, dict) else None

    @staticmethod
    def _tables_with_rows(connection: sa.Connection, existing: list[str]) -> list[str]:
        if not existing:
            return []
        preparer = connection.dialect.identifier_preparer
        probes = " UNION ALL ".join(
            f"SELECT '{name}' AS t FROM (SELECT 1 FROM {preparer.quote(name)} LIMIT 1) AS p{i}"
            for i, name in enumerate(existing)
        )
        return [row[0] for row in connection.execute(sa.text(probes))]

    # -- writing the shadow ---------------------------------------------------------------
    def begin_shadow(self) -> None:
        """Start a fresh shadow: every TERP table, empty, and this run's id.

        Any earlier shadow is dropped: under the run lock it can only be a dead run's.
        """
        self.ping()
        _WRITTEN.clear()
        _WRITTEN[self.run_id] = {}
        self._drop_shadow()
        self._prepare_shadow()
        with self._connect(Where.SHADOW) as connection, connection.begin():
            self._create_schema(connection)
            connection.exec_driver_sql(f"CREATE TABLE {RUN_TABLE} (run_id VARCHAR(64) NOT NULL)")
            connection.execute(
                sa.text(f"INSERT INTO {RUN_TABLE} (run_id) VALUES (:run)"), {"run": self.run_id}
            )

    def _create_schema(self, connection: sa.Connection) -> None:
        build_metadata().create_all(connection)

    def shadow_run_id(self, connection: sa.Connection, qualifier: str = "") -> str | None:
        """The run id a shadow carries (None when it has none or is not there)."""
        try:
            return connection.exec_driver_sql(f"SELECT run_id FROM {qualifier}{RUN_TABLE}").scalar()
        except sa.exc.DBAPIError:
            connection.rollback()
            return None

    def shadow_exists(self) -> bool:
        """Whether a shadow with TERP's tables is there to write into."""
        try:
            with self._connect(Where.SHADOW) as connection:
                return "organization_settings" in sa.inspect(connection).get_table_names()
        except DatabaseUnreachable:
            return False

    def write(self, frames: Mapping[str, pd.DataFrame]) -> dict[str, int]:
        """Validate frames against the schema, then replace those tables' content in the shadow.

        Every frame is validated before any is written, so a bad frame writes nothing.

        Returns:
            Rows written per table.

        Raises:
            terp_seed.store.validate.FrameValidationError: a frame does not fit its table.
        """
        for table, frame in frames.items():
            validate_frame(table, frame)
        coerced = {table: coerce_frame(table, frame) for table, frame in frames.items()}
        if not self.shadow_exists():
            raise StoreError(
                f"no shadow database next to {self.display_url}: materialize `reference` first, "
                "it starts the shadow"
            )
        with self._connect(Where.SHADOW) as connection, connection.begin():
            self._empty_tables(connection, list(coerced))
            for table, frame in coerced.items():
                if len(frame):
                    self._bulk_load(connection, table, frame)
        if self.run_id in _WRITTEN:
            _WRITTEN[self.run_id].update(frames)
        return {table: len(frame) for table, frame in coerced.items()}

    def written(self, table: str) -> pd.DataFrame | None:
        """The frame this run last wrote into `table`, if this process wrote it.

        None when the table was written by another process or run (a family materialized
        alone from the UI): the caller then reads it back from the shadow.
        """
        return _WRITTEN.get(self.run_id, {}).get(table)

    # -- reading ----------------------------------------------------------------------------
    def read(
        self, table: str, where: Where = Where.SHADOW, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """A table's rows in primary-key order, typed the same way whatever the backend.

        Numbers come back as float (decimals) or Int64 (ints, booleans), dates and timestamps
        as datetime64, JSON and text as str.
        """
        spec = table_spec(table)
        names = columns or list(spec.column_names)
        with self._connect(where) as connection:
            preparer = connection.dialect.identifier_preparer
            order = ", ".join(preparer.quote(c) for c in spec.primary_key)
            query = (
                f"SELECT {', '.join(preparer.quote(c) for c in names)} FROM {preparer.quote(table)}"
            )
            rows = connection.exec_driver_sql(f"{query} ORDER BY {order}").fetchall()
        raw = pd.DataFrame.from_records(rows, columns=names)
        return pd.DataFrame({name: _typed(spec.column(name).kind, raw[name]) for name in names})

    def row_counts(
        self, where: Where = Where.SHADOW, tables: list[str] | None = None
    ) -> dict[str, int]:
        """Rows per table (every TERP table unless `tables` is given)."""
        wanted = tables or table_names()
        with self._connect(where) as connection:
            preparer = connection.dialect.identifier_preparer
            query = " UNION ALL ".join(
                f"SELECT '{t}', COUNT(*) FROM {preparer.quote(t)}" for t in wanted
            )
            return {name: int(count) for name, count in connection.execute(sa.text(query))}

    def digest(self, table: str, where: Where = Where.SHADOW) -> str:
        """SHA-256 of a table's content, identical across MySQL and SQLite for equal data."""
        return content_digest(table, self.read(table, where))

    # -- publishing -------------------------------------------------------------------------
    def publish(self, marker: Mapping[str, object], *, force: bool = False) -> None:
        """Swap the audited shadow in as the live database, atomically, with a marker.

        Only the shadow this run started is swapped in (its run id is checked inside the swap).
        When the swap raises (a lost connection, a killed statement), the store finds out
        whether the new seed went live before saying anything, and cleans up accordingly.

        Raises:
            TargetRefused: the guard refused (the shadow stays for inspection).
            PublishError: nothing was published; the live database is as it was.
        """
        self.guard("replace", force=force)
        _WRITTEN.pop(self.run_id, None)
        with self._connect(Where.SHADOW) as connection, connection.begin():
            self._insert_marker(connection, marker)
        self.dispose()
        try:
            self._swap_in_shadow()
        except PublishError:
            raise
        except (sa.exc.SQLAlchemyError, OSError) as error:
            self.dispose()
            try:
                published = self._settle_failed_swap()
            except (sa.exc.SQLAlchemyError, OSError, StoreError) as unknown:
                raise StoreError(
                    f"publishing {self.display_url} was interrupted ({first_line(error)}) and "
                    f"its outcome cannot be read ({first_line(unknown)}); "
                    "run `terp-seed check` on it"
                ) from None
            if not published:
                raise PublishError(
                    f"not published: the swap failed ({first_line(error)}); "
                    "the live database is as it was"
                ) from None
        finally:
            self.dispose()

    def reset(self, marker: Mapping[str, object], *, force: bool = False) -> None:
        """Replace the live database with TERP's schema, every table empty."""
        self.guard("reset", force=force)
        self.begin_shadow()
        self.publish(marker, force=force)

    def clear(self, marker: Mapping[str, object], *, force: bool = False) -> None:
        """Empty every TERP table of the live database in one transaction; keep its schema."""
        self.guard("clear", force=force)
        self._ensure_live()
        with self._connect(Where.LIVE) as connection:
            existing = set(sa.inspect(connection).get_table_names())
            if set(table_names()) - existing:
                # An empty or partial target gets TERP's whole schema, so `clear` always
                # leaves every table there (and the marker its table); DDL commits on MySQL,
                # so it comes first.
                build_metadata().create_all(connection)
            # End the transaction the inspection began, so the next one is ours alone.
            connection.commit()
            # The rows go and the marker arrives in one transaction: all or nothing.
            with connection.begin():
                self._empty_tables(connection, [t for t in table_names() if t in existing])
                self._insert_marker(connection, marker)

    def _ensure_live(self) -> None:
        """Make the live database exist (SQLite creates its file on first connect)."""

    @staticmethod
    def _insert_marker(connection: sa.Connection, marker: Mapping[str, object]) -> None:
        env = os.environ.get("TERP_ENV", "staging") or "staging"
        value = json.dumps({"tool": "terp-seed", "env": env, **marker}, sort_keys=True, default=str)
        # Dated by the seeded window's end, not the clock (reset and clear have no window).
        timestamp = str(marker.get("as_of", "2000-01-01"))
        connection.execute(
            sa.text("DELETE FROM organization_settings WHERE setting_key = :key"),
            {"key": MARKER_KEY},
        )
        connection.execute(
            sa.text(
                "INSERT INTO organization_settings (setting_key, setting_value, setting_type,"
                " description, is_active, scope, created_at, updated_at) VALUES"
                " (:key, :value, 'JSON', :description, 1, 'SYSTEM', :ts, :ts)"
            ),
            {
                "key": MARKER_KEY,
                "value": value,
                "description": "Written by terp-seed at publish; seed tools read it",
                "ts": f"{timestamp} 00:00:00",
            },
        )


def _typed(kind: str, values: pd.Series) -> pd.Series:
    if kind in ("int", "boolean"):
        return pd.to_numeric(values).astype("Int64")
    if kind == "decimal":
        return pd.to_numeric(values.map(lambda v: None if v is None else float(v))).astype(float)
    if kind in ("timestamp", "date"):
        return pd.to_datetime(values)
    if kind == "json":
        return values.map(
            lambda v: v if v is None or isinstance(v, str) else json.dumps(v), na_action="ignore"
        ).astype(object)
    return values.astype(object)
