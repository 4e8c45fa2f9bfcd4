"""What every family asset and check does around its generator: read, write, report."""

from collections.abc import Callable, Iterable, Mapping, Sequence

import dagster as dg
import pandas as pd

from terp_seed.defs.resources import SeedSettings, TerpDatabase
from terp_seed.generate import registry
from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules import Rule, RuleContext, RuleResult, run_rules
from terp_seed.store import TerpStore, Where


def read_family(store: TerpStore, tables: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The tables a family reads: handed over in memory within a run, else read back.

    Within one run (the CLI, a whole-graph materialization) the upstream families' frames are
    the very frames this process just wrote, so nothing is read back; a family materialized
    alone reads its upstream from the shadow.
    """
    return {table: _in_run_or_read(store, table) for table in tables}


def _in_run_or_read(store: TerpStore, table: str) -> pd.DataFrame:
    frame = store.written(table)
    return frame if frame is not None else store.read(table, Where.SHADOW)


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
        "rows per table": _rows_table(created),
    }
    if finished:
        metadata["rows amended (tables created upstream)"] = _rows_table(finished)
    return dg.MaterializeResult(
        metadata={**metadata, **run_metadata(params, display_url), **(extra or {})}
    )


def _rows_table(counts: Mapping[str, int]) -> dg.MetadataValue:
    return table([{"table": name, "rows": rows} for name, rows in counts.items()])


# How the asset graph opens: a few groups that read as the business flows, master data first.
# A family not listed here gets a group of its own.
GROUPS = {
    "reference": "master_data",
    "clients": "master_data",
    "batches": "operations",
    "orders": "operations",
    "pricing": "operations",
    "warehouse": "operations",
    "merchandising": "operations",
    "procurement": "operations",
    "invoices": "finance",
    "ledger": "finance",
    "collections": "finance",
    "calendar": "people",
    "people": "people",
    "backoffice": "people",
    # Staff logins and roles come last: they grant every actor the history names.
    "access": "people",
    "customer": "customers",
}


def graph_deps(upstream: Iterable[str]) -> list[str]:
    """The families to draw an edge from: those not already reached through another one.

    The run order is the same (an ancestor of an ancestor still runs first); the graph loses
    only the lines that repeat a longer path, so the business flow reads at first sight.
    """
    names = list(upstream)
    reached = {before for name in names for before in registry.predecessors(name)}
    return [name for name in names if name not in reached]


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
        group_name=GROUPS.get(family.name, family.name),
        deps=graph_deps(registry.runs_after(family.name)),
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

# Columns the rules' exhibit queries use only to order their rows; people need not see them.
_INTERNAL_COLUMNS = frozenset({"line"})


def money(name: str, value: float) -> dict[str, object]:
    """A dollar figure twice: formatted for people, and as a float Dagster plots across runs."""
    cents = round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return {name: f"${cents:,.2f}", f"{name} (USD)": dg.MetadataValue.float(cents)}


def share(name: str, value: float) -> dict[str, object]:
    """A share twice: as a percentage for people, and as a float Dagster plots across runs."""
    fraction = round(float(value), 4) + 0.0
    return {name: f"{fraction:.2%}", f"{name} (fraction)": dg.MetadataValue.float(fraction)}


def _cell(value: object) -> object:
    if isinstance(value, float):
        return f"{round(value, 2) + 0.0:,.2f}"
    return "" if value is None else value


def table(rows: Sequence[Mapping[str, object]]) -> dg.MetadataValue:
    """Rows as Dagster table metadata, shown inline on the asset and check pages.

    Money is formatted with thousands separators and cents; internal ordering columns are
    dropped.
    """
    columns = [c for c in (rows[0] if rows else {}) if c not in _INTERNAL_COLUMNS]

    def kind(column: str) -> str:
        values = [row[column] for row in rows if row[column] is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int"
        return "string"

    schema = dg.TableSchema(columns=[dg.TableColumn(c, kind(c)) for c in columns])
    records = [dg.TableRecord({c: _cell(row[c]) for c in columns}) for row in rows]
    return dg.MetadataValue.table(records=records, schema=schema)


def bar_chart(values: pd.Series, label: str, measure: str) -> dg.MetadataValue:
    """A table with a bar per row: a chart that reads inline in the UI, without images."""
    top = max(float(values.max()), 1.0) if len(values) else 1.0
    rows = [
        {
            label: str(key),
            measure: float(value),
            "": "█" * max(1, round(BAR_WIDTH * float(value) / top)),
        }
        for key, value in values.items()
    ]
    return table(rows)


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
            observed = float(result.observed)
            if result.rule.unit == "money":
                observed = round(observed, 2) + 0.0
            metadata["observed_value"] = dg.MetadataValue.float(observed)
        if result.not_applicable:
            metadata["applicable"] = False
        if result.error:
            metadata["error"] = result.error
        if result.offending:
            metadata["first offending rows"] = dg.MetadataValue.json(list(result.offending))
        for title, rows in result.exhibits.items():
            metadata[title] = table(rows)
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
