"""Writing frames into a TERP database fast and safely, and reading them back."""

import os
from pathlib import Path

import sqlalchemy as sa

from terp_seed.store.base import (
    DatabaseUnreachable,
    PublishError,
    StoreError,
    TargetBusy,
    TargetKind,
    TargetRefused,
    TargetState,
    TerpStore,
    Where,
    production_requested,
    redact,
)
from terp_seed.store.validate import FrameValidationError

DATABASE_URL_ENV = "TERP_DATABASE_URL"
DEFAULT_SQLITE_FILE = "terp_seed.sqlite"

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_SQLITE_FILE",
    "DatabaseUnreachable",
    "FrameValidationError",
    "PublishError",
    "StoreError",
    "TargetBusy",
    "TargetKind",
    "TargetRefused",
    "TargetState",
    "TerpStore",
    "Where",
    "default_database_url",
    "open_store",
    "parse_url",
    "production_requested",
    "redact",
]


def default_database_url() -> str:
    """TERP_DATABASE_URL if set, else the embedded SQLite file in the working directory."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{Path(DEFAULT_SQLITE_FILE).resolve()}"


def parse_url(url: str) -> sa.URL:
    """A database URL parsed, or a one-line StoreError that does not echo it.

    The URL may hold a password, so the message never repeats it.
    """
    try:
        return sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as error:
        # ValueError: a port that is not a number.
        reason = "its port is not a number" if "int()" in str(error) else "it is malformed"
        raise StoreError(f"the database URL is not a valid SQLAlchemy URL ({reason})") from None


def open_store(url: str, run_id: str | None = None) -> TerpStore:
    """The store for a database URL (mysql+pymysql://... or sqlite:///...).

    Args:
        url: The live database.
        run_id: The run the store works for (see TerpStore).

    Raises:
        StoreError: the URL is malformed or names a backend terp-seed does not write.
    """
    from terp_seed.store.mysql import MySQLStore
    from terp_seed.store.sqlite import SQLiteStore

    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return SQLiteStore(parsed, run_id)
    if parsed.get_backend_name() in ("mysql", "mariadb"):
        if parsed.get_driver_name() not in ("pymysql", ""):
            raise StoreError(f"use the pymysql driver (mysql+pymysql://), not {parsed.drivername}")
        return MySQLStore(parsed.set(drivername="mysql+pymysql"), run_id)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use MySQL or SQLite")
