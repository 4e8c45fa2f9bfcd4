"""Writing frames into a TERP database fast and safely, and reading them back."""

import os
from pathlib import Path

import sqlalchemy as sa

from terp_seed.store.base import (
    DatabaseUnreachable,
    StoreError,
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
    "StoreError",
    "TargetKind",
    "TargetRefused",
    "TargetState",
    "TerpStore",
    "Where",
    "default_database_url",
    "open_store",
    "production_requested",
    "redact",
]


def default_database_url() -> str:
    """TERP_DATABASE_URL if set, else the embedded SQLite file in the working directory."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{Path(DEFAULT_SQLITE_FILE).resolve()}"


def open_store(url: str) -> TerpStore:
    """The store for a database URL (mysql+pymysql://... or sqlite:///...).

    Raises:
        StoreError: the URL is malformed or names a backend terp-seed does not write.
    """
    from terp_seed.store.mysql import MySQLStore
    from terp_seed.store.sqlite import SQLiteStore

    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError("the database URL is not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite":
        return SQLiteStore(parsed)
    if parsed.get_backend_name() in ("mysql", "mariadb"):
        if parsed.get_driver_name() not in ("pymysql", ""):
            raise StoreError(f"use the pymysql driver (mysql+pymysql://), not {parsed.drivername}")
        return MySQLStore(parsed.set(drivername="mysql+pymysql"))
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use MySQL or SQLite")
