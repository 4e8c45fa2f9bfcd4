"""Shared fixtures for tests against a real MariaDB/MySQL server.

`mysql_url` yields the server URL from TERP_TEST_MYSQL_URL (default: the local MariaDB's `test`
database). When the server is unreachable the test is skipped, except on CI (CI=true), where a
missing database is a broken pipeline and fails. `scratch_database` gives a test its own
database and always drops it afterwards.
"""

import contextlib
import os
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

DEFAULT_MYSQL_URL = "mysql+pymysql://root@127.0.0.1:3306/test"
_SAFE_DATABASE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")


@pytest.fixture(scope="session")
def mysql_url() -> Iterator[str]:
    """URL of a reachable MariaDB/MySQL database the tests may use."""
    url = os.environ.get("TERP_TEST_MYSQL_URL", DEFAULT_MYSQL_URL)
    engine = sa.create_engine(url, pool_pre_ping=True)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # any driver or network error means "no server"
        cause = getattr(error, "orig", None) or error  # the driver's error, without SQL noise
        reason = (
            f"MySQL/MariaDB unreachable at {sa.make_url(url).render_as_string()}: "
            f"{type(cause).__name__}: {cause}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()
    yield url


def scratch_name(mysql_url: str, label: str) -> str:
    """A database name for one test, prefixed by TERP_TEST_MYSQL_URL's database.

    Tests touch only databases named from the one they were given (`test` -> `test_it_...`),
    so a shared server's other databases stay out of their path. Short enough that terp-seed's
    `__next` / `__prev` siblings fit MySQL's 64 characters.
    """
    base = sa.make_url(mysql_url).database or "test"
    name = f"{base}_{label}_{os.getpid()}"
    if len(name) > 58:
        raise ValueError(f"test database name {name!r} is too long for its siblings")
    return name


@contextlib.contextmanager
def scratch_database(mysql_url: str, name: str) -> Iterator[str]:
    """Create database `name` (dropping a leftover first), yield its URL, then drop it.

    Args:
        mysql_url: Any URL on the server (its database part is ignored).
        name: The scratch database name; letters, digits and underscores only.

    Yields:
        `mysql_url` pointing at the scratch database.
    """
    if not _SAFE_DATABASE_NAME.match(name):
        raise ValueError(f"unsafe scratch database name: {name!r}")
    server = sa.create_engine(mysql_url)
    try:
        with server.begin() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
            connection.exec_driver_sql(
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        try:
            yield sa.make_url(mysql_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with server.begin() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        server.dispose()
