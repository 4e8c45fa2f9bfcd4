"""The resources every asset shares: the seed's parameters and the target database."""

import contextlib

import dagster as dg
from pydantic import PrivateAttr

from terp_seed.params import DEFAULT_PROFILE, DEFAULT_SEED, SeedParams, resolve_params
from terp_seed.store import (
    DATABASE_URL_ENV,
    StoreError,
    TerpStore,
    default_database_url,
    open_store,
    parse_url,
    redact,
)


class SeedSettings(dg.ConfigurableResource):
    """The run's business parameters: a profile, a seed and any overrides (DESIGN.md §7)."""

    profile: str = DEFAULT_PROFILE
    seed: int = DEFAULT_SEED
    overrides: dict[str, str] = {}  # noqa: RUF012 (pydantic copies field defaults)

    def params(self) -> SeedParams:
        """The validated parameters (raises ParameterError on bad values)."""
        return resolve_params(self.profile, {"seed": self.seed, **self.overrides})


class TerpDatabase(dg.ConfigurableResource):
    """The TERP database to seed: TERP_DATABASE_URL, or the embedded SQLite file.

    The URL reaches a run through the environment (TERP_DATABASE_URL), never as run config:
    Dagster stores run config in its run storage, so a password there would be kept in clear.
    `url` is for URLs without a password (a SQLite file, a socket login); one carrying a
    password is refused. For the whole run the resource holds the target's run lock, so two
    runs never write one database at once, and it names the run so publish swaps in only the
    shadow this run wrote.
    """

    url: str | None = None
    force: bool = False
    _run_id: str | None = PrivateAttr(default=None)
    _lock: contextlib.ExitStack | None = PrivateAttr(default=None)

    def resolved_url(self) -> str:
        """The URL in force (holds credentials: never log it, use `display_url`).

        Raises:
            StoreError: `url` (run config) carries a password.
        """
        if self.url and parse_url(self.url).password:
            raise StoreError(
                "a database URL with a password must come from the environment "
                f"({DATABASE_URL_ENV}), not from run config, which Dagster stores"
            )
        return self.url or default_database_url()

    @property
    def display_url(self) -> str:
        """The URL with its password masked."""
        return redact(self.resolved_url())

    def store(self) -> TerpStore:
        """A store on this database, working for the current run."""
        return open_store(self.resolved_url(), run_id=self._run_id)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Take the target's run lock for the whole run (re-entrant: the CLI may hold it)."""
        self._run_id = context.run_id
        if context.run_id is None:
            return  # outside a run (a direct call from a test): no lock to hold
        stack = contextlib.ExitStack()
        stack.enter_context(open_store(self.resolved_url(), run_id=self._run_id).run_lock())
        self._lock = stack

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Release the run lock."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None


defs = dg.Definitions(
    resources={"seed_settings": SeedSettings(), "database": TerpDatabase()},
    executor=dg.in_process_executor,
)
