"""What every family asset and check does around its generator: read, write, report."""

from collections.abc import Callable, Iterable, Mapping, Sequence

import dagster as dg
import pandas as pd

from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import registry
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules import Rule, RuleContext, RuleResult, run_rules
from terp_seed.rules.core import markdown_table
from terp_seed.store import TerpStore, Where


def read_family(store: TerpStore, tables: Sequence[str]) -> dict[str, pd.DataFrame]:
    """An upstream family's tables (its generator's TABLES), read back from the shadow."""
    return {table: store.read(table, Where.SHADOW) for table in tables}


def run_metadata(params: SeedParams, database_display_url: str) -> dict[str, str]:
    """The run's identity shown on every materialization: profile, seed, window, target."""
    return {**params.summary(), "database": database_display_url}


def materialize_family(
    context: dg.AssetExecutionContext,
    store: TerpStore,
    params: SeedParams,
    frames: Mapping[str, pd.DataFrame],
    display_url: str,
    extra: Mapping[str, object] | None = None,
    amends: Iterable[str] = (),
) -> dg.MaterializeResult:
    """Write a family's frames into the shadow and describe them for the UI.

    Tables the family only amends (their creating family is upstream) are reported apart, so
    the row count is what this family created.
    """
    counts = store.write(frames)
    context.log.info("wrote " + ", ".join(f"{table}: {rows:,}" for table, rows in counts.items()))
    amended = set(amends)
    created = {table: rows for table, rows in counts.items() if table not in amended}
    finished = {table: rows for table, rows in counts.items() if table in amended}
    metadata: dict[str, object] = {
        "dagster/row_count": sum(created.values()),
        "rows per table": dg.MetadataValue.md(_rows_table(created)),
    }
    if finished:
        metadata["rows amended (tables created upstream)"] = dg.MetadataValue.md(
            _rows_table(finished)
        )
    return dg.MaterializeResult(
        metadata={**metadata, **run_metadata(params, display_url), **(extra or {})}
    )


def _rows_table(counts: Mapping[str, int]) -> str:
    return "| table | rows |\n|---|---:|\n" + "\n".join(
        f"| {table} | {rows:,} |" for table, rows in counts.items()
    )


Describe = Callable[[Frames, Tables, SeedParams], Mapping[str, object]]


def family_asset(
    name: str, describe: Describe | None = None, starts_run: bool = False
) -> dg.AssetsDefinition:
    """The Dagster asset of a registered family: read its upstream, generate, write, describe.

    Args:
        name: The family's name in the registry (also the asset's key and group).
        describe: Business figures for the UI, from the family's frames and its inputs.
        starts_run: The first family starts a fresh shadow database for the run.
    """
    family: Family = registry.family(name)

    @dg.asset(
        name=family.name,
        group_name=family.name,
        deps=list(family.upstream),
        kinds={"python", "sql"},
        description=family.description,
    )
    def _asset(
        context: dg.AssetExecutionContext, seed_settings: SeedSettings, database: TerpDatabase
    ) -> dg.MaterializeResult:
        params = seed_settings.params()
        store = database.store()
        if starts_run:
            store.begin_shadow()
        tables = read_family(store, registry.tables_read_by(family.name))
        frames = family.generate(params, tables)
        extra = describe(frames, tables, params) if describe else None
        return materialize_family(
            context, store, params, frames, database.display_url, extra, family.amends
        )

    return _asset


BAR_WIDTH = 30


def bar_chart(values: pd.Series, label: str, measure: str) -> str:
    """A Markdown table with a bar per row: a chart that reads in the UI without images."""
    top = max(float(values.max()), 1.0) if len(values) else 1.0
    rows = [
        f"| {key} | ${value:,.0f} | {'█' * max(1, round(BAR_WIDTH * float(value) / top))} |"
        for key, value in values.items()
    ]
    return f"| {label} | {measure} | |\n|---|---:|---|\n" + "\n".join(rows)


def check_specs(asset: str, rules: Iterable[Rule]) -> list[dg.AssetCheckSpec]:
    """One asset check per rule, blocking where the rule guards integrity."""
    return [
        dg.AssetCheckSpec(
            rule.check,
            asset=asset,
            blocking=rule.blocking,
            description=f"{rule.rule_id}: {rule.description}",
        )
        for rule in rules
    ]


def audit(
    store: TerpStore, params: SeedParams, rules: Sequence[Rule], suite: str
) -> list[RuleResult]:
    """Run a suite against the shadow the run has written."""
    return run_rules(store.url_of(Where.SHADOW), rules, RuleContext(params), suite)


def family_suite(family: str, rules: Sequence[Rule], description: str) -> dg.AssetChecksDefinition:
    """The asset checks of a family: one GX suite run on the shadow, one result per rule."""

    @dg.multi_asset_check(
        specs=check_specs(family, rules), name=f"{family}_suite", description=description
    )
    def suite(seed_settings: SeedSettings, database: TerpDatabase) -> Iterable[dg.AssetCheckResult]:
        results = audit(database.store(), seed_settings.params(), rules, family)
        yield from check_results(family, results)

    return suite


def check_results(asset: str, results: Iterable[RuleResult]) -> Iterable[dg.AssetCheckResult]:
    """GX results as Dagster check results, with the observed figure and first offenders."""
    for result in results:
        metadata: dict[str, object] = {
            "rule": result.rule.rule_id,
            "observed": result.observed_text(),
            "tolerance": result.tolerance,
        }
        if isinstance(result.observed, int | float):
            metadata["observed_value"] = float(result.observed)
        if result.not_applicable:
            metadata["applicable"] = False
        if result.error:
            metadata["error"] = result.error
        if result.offending:
            metadata["first offending rows"] = dg.MetadataValue.json(list(result.offending))
        for title, rows in result.exhibits.items():
            metadata[title] = dg.MetadataValue.md(markdown_table(rows))
        yield dg.AssetCheckResult(
            check_name=result.rule.check,
            asset_key=asset,
            passed=result.passed,
            severity=(
                dg.AssetCheckSeverity.ERROR if result.rule.blocking else dg.AssetCheckSeverity.WARN
            ),
            description=result.summary(),
            metadata=metadata,
        )
