import importlib.metadata
import pkgutil

import dagster as dg

import terp_seed.defs
from terp_seed.defs.family import graph_deps
from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.store import Where

# Folders of defs/ that are not table families.
_NOT_FAMILIES = {"publish"}


def _families() -> list[str]:
    """Every family folder under defs/: publish waits for all of them, and their checks."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules(terp_seed.defs.__path__)
        if module.ispkg and module.name not in _NOT_FAMILIES
    )


# Publish waits for every family (and, through blocking checks, for their audits); the graph
# draws only the lines from the families nothing else waits for.
@dg.asset(group_name="finance", deps=graph_deps(_families()), kinds={"sql"})
def publish(
    context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
) -> dg.MaterializeResult:
    """Swap the audited shadow database in as the live one, atomically, with a marker."""
    params = seed_settings.params()
    store = database.store()
    counts = store.row_counts(Where.SHADOW)
    marker = {
        "version": importlib.metadata.version("terp-seed"),
        "profile": params.profile,
        "seed": params.seed,
        "window": f"{params.start.isoformat()}..{params.end.isoformat()}",
        "as_of": params.end.isoformat(),
        "command": params.command(),
    }
    store.publish(marker, force=database.force)
    context.log.info(f"published to {database.display_url}")
    seeded = {table: rows for table, rows in counts.items() if rows}
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(seeded.values()),
            "database": database.display_url,
            "rows per table": dg.MetadataValue.json(seeded),
            **params.summary(),
        }
    )
