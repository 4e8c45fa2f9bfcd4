"""One seed run per target at a time, enforced where the data lives.

MySQL: a named lock (`GET_LOCK`) held by one dedicated connection for the whole run; the server
frees it when that connection ends, so a killed run never leaves a stale lock. SQLite: an
exclusive `flock` on a file beside the database, which the kernel frees when the process ends.
A second run does not wait: it is refused at once, saying since when the other run holds it.

Locks are re-entrant within one process: the CLI takes the lock before it starts the Dagster
run, and the run's database resource, which takes it too (for runs launched from the UI),
finds it already held and shares it.
"""

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy as sa


class RunLockBusy(RuntimeError):
    """Another run holds the target's lock; the message says since when."""


_held: dict[str, tuple[int, Callable[[], None]]] = {}
_guard = threading.Lock()


def _utc(seconds_ago: float | None) -> str:
    if seconds_ago is None:
        return "an unknown time"
    # The wall clock is right here: this reports a real event, it is not seeded data.
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
    return since.strftime("%Y-%m-%d %H:%M:%S UTC")


@contextlib.contextmanager
def hold(key: str, acquire: Callable[[], Callable[[], None]]) -> Iterator[None]:
    """Hold the lock `key` for the block, re-entrantly within this process.

    Args:
        key: What the lock protects (one target database).
        acquire: Takes the lock (raising RunLockBusy if another process holds it) and returns
            the function that releases it.
    """
    with _guard:
        depth, release = _held.get(key, (0, None))  # type: ignore[arg-type]
        if depth == 0:
            release = acquire()
        _held[key] = (depth + 1, release)
    try:
        yield
    finally:
        with _guard:
            depth, release = _held.pop(key)
            if depth > 1:
                _held[key] = (depth - 1, release)
            else:
                release()


def mysql_lock_name(database: str) -> str:
    """The server-wide lock name for a database (MySQL caps lock names at 64 characters)."""
    name = f"terp_seed:{database}"
    if len(name) <= 64:
        return name
    return "terp_seed:" + hashlib.sha256(database.encode()).hexdigest()[:54]


def mysql_acquirer(server_url: sa.URL, database: str, display: str) -> Callable[[], Callable]:
    """A function taking the named lock of `database` on its server (see `hold`)."""

    def acquire() -> Callable[[], None]:
        engine = sa.create_engine(
            server_url, poolclass=sa.pool.NullPool, connect_args={"charset": "utf8mb4"}
        )
        connection = engine.connect()
        name = mysql_lock_name(database)
        try:
            got = connection.exec_driver_sql("SELECT GET_LOCK(%s, 0)", (name,)).scalar()
            if got != 1:
                seconds = connection.exec_driver_sql(
                    "SELECT p.TIME FROM information_schema.PROCESSLIST p "
                    "WHERE p.ID = IS_USED_LOCK(%s)",
                    (name,),
                ).scalar()
                raise RunLockBusy(
                    f"another seed of {display} is running (since {_utc(seconds)}); "
                    "try again when it has finished"
                )
            # The transaction the SELECTs began ends here; the lock belongs to the session.
            connection.commit()
        except BaseException:
            connection.close()
            engine.dispose()
            raise

        def release() -> None:
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                connection.exec_driver_sql("SELECT RELEASE_LOCK(%s)", (name,))
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                connection.close()
            engine.dispose()

        return release

    return acquire


def sqlite_acquirer(lock_path: Path, display: str) -> Callable[[], Callable]:
    """A function taking the flock beside a SQLite database (see `hold`)."""

    def acquire() -> Callable[[], None]:
        while True:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                since = os.read(handle, 64).decode(errors="replace").strip() or "an unknown time"
                os.close(handle)
                raise RunLockBusy(
                    f"another seed of {display} is running (since {since}); "
                    "try again when it has finished"
                ) from None
            # The holder before us may have removed the file after we opened it: only a lock
            # on the file that is still at `lock_path` counts.
            try:
                same = os.stat(lock_path).st_ino == os.fstat(handle).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(handle)
        os.ftruncate(handle, 0)
        os.write(handle, _utc(0).encode())

        def release() -> None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path)
            os.close(handle)

        return release

    return acquire
