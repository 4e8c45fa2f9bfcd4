"""The resources every asset shares: the seed's parameters and the target database."""

import dagster as dg

from terp_seed.params import DEFAULT_PROFILE, DEFAULT_SEED, SeedParams, resolve_params
from terp_seed.store import TerpStore, default_database_url, open_store, redact


class SeedSettings(dg.ConfigurableResource):
    """The run's business parameters: a profile, a seed and any overrides (DESIGN.md §7)."""

    profile: str = DEFAULT_PROFILE
    seed: int = DEFAULT_SEED
    overrides: dict[str, str] = {}  # noqa: RUF012 (pydantic copies field defaults)

    def params(self) -> SeedParams:
        """The validated parameters (raises ParameterError on bad values)."""
        return resolve_params(self.profile, {"seed": self.seed, **self.overrides})


class TerpDatabase(dg.ConfigurableResource):
    """The TERP database to seed: TERP_DATABASE_URL, or the embedded SQLite file."""

    url: str | None = None
    force: bool = False

    def resolved_url(self) -> str:
        """The URL in force (holds credentials: never log it, use `display_url`)."""
        return self.url or default_database_url()

    @property
    def display_url(self) -> str:
        """The URL with its password masked."""
        return redact(self.resolved_url())

    def store(self) -> TerpStore:
        """A store on this database."""
        return open_store(self.resolved_url())


defs = dg.Definitions(
    resources={"seed_settings": SeedSettings(), "database": TerpDatabase()},
    executor=dg.in_process_executor,
)
