"""Business rules as Great Expectations suites, run against a TERP database.

A rule is one of three shapes, each a real GX expectation on a query of the database:
- violations: a query returning the rows that break the rule; expected row count 0, and the
  first rows come back as evidence;
- figure: a query returning one row with a column `figure` (a share, a total); expected
  between the rule's bounds, and the observed figure is reported either way;
- row count: a query whose row count must equal a figure the run's parameters set.
Where SQL cannot express a check on both MySQL and SQLite (regular expressions), the rule reads
the query's rows into a frame and GX checks the frame.
"""

import contextlib
import dataclasses
import decimal
import logging
import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from terp_seed.params import SeedParams

logger = logging.getLogger(__name__)

FIRST_OFFENDING_ROWS = 5


@dataclasses.dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the database: the run's parameters and the SQL dialect."""

    params: SeedParams
    dialect: str = "sqlite"


@dataclasses.dataclass(frozen=True)
class Rule:
    """One business rule, checked by one expectation.

    Attributes:
        rule_id: The DESIGN.md rule it belongs to (R1..R16).
        check: The check's name, read as an assertion (`buyers_carry_no_email_or_address`).
        description: One line, in business terms, shown in the UI.
        shape: "violations", "figure", "row_count" or "regex".
        query: SQL (or a function of the context giving SQL) on TERP's tables.
        bounds: For a figure: (low, high) inclusive; for a row count: (n, n).
        column: For a regex rule: the column to match.
        regex: For a regex rule: the pattern every value must match.
        tables: Tables the rule reads (a missing one is reported, not a crash).
        blocking: Whether a failure must stop downstream assets (integrity rules).
        unit: How to print the figure ("share", "count", "money").
        applies: When the rule applies to a run; None means always.
        exhibits: Named queries whose rows are shown with the result, pass or fail (the
            aging table behind an aging figure, the trial balance behind a balance).
    """

    rule_id: str
    check: str
    description: str
    shape: str
    query: str | Callable[[RuleContext], str]
    tables: tuple[str, ...]
    bounds: Callable[[RuleContext], tuple[float, float]] | None = None
    column: str | None = None
    regex: str | None = None
    blocking: bool = True
    unit: str = "count"
    applies: Callable[[RuleContext], bool] | None = None
    exhibits: tuple[tuple[str, str | Callable[[RuleContext], str]], ...] = ()
    # For a regex rule: a Python step from the query's rows to the frame GX checks, for facts
    # SQL cannot compute on every dialect (a bcrypt login verifying against a password).
    derive: Callable[[pd.DataFrame, RuleContext], pd.DataFrame] | None = None

    def applicable(self, context: RuleContext) -> bool:
        """Whether the rule means anything for this run (e.g. Q4 uplift needs Q4 months)."""
        return self.applies is None or self.applies(context)

    def sql(self, context: RuleContext) -> str:
        """The rule's query for this context."""
        return self.query(context) if callable(self.query) else self.query


@dataclasses.dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule: pass or fail, the figure seen, the tolerance, the evidence."""

    rule: Rule
    passed: bool
    observed: float | int | str | None
    tolerance: str
    offending: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    not_applicable: bool = False
    exhibits: dict[str, tuple[dict[str, Any], ...]] = dataclasses.field(default_factory=dict)

    def observed_text(self) -> str:
        """The observed figure formatted for people."""
        value = self.observed
        if value is None:
            return "n/a"
        if isinstance(value, str):
            return value
        if self.rule.unit == "share":
            return f"{value:.2%}"
        if self.rule.unit == "money":
            return f"${value:,.2f}"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}"

    def summary(self) -> str:
        """One line: rule, check, pass/fail, figure against tolerance, first offender."""
        if self.not_applicable:
            return (
                f"{self.rule.rule_id} {self.rule.check}: not applicable to this run "
                "(its window or volume is too small to show it)"
            )
        verdict = "pass" if self.passed else "FAIL"
        line = f"{self.rule.rule_id} {self.rule.check}: {verdict}, observed {self.observed_text()}"
        line += f" (tolerance {self.tolerance})"
        if self.error:
            line += f"; {self.error}"
        elif self.offending:
            line += f"; first offending row {self.offending[0]}"
        return line


def _tolerance(rule: Rule, context: RuleContext) -> str:
    if rule.shape == "violations":
        return "0 rows"
    if rule.shape == "regex":
        return f"every {rule.column} in the app's format"
    low, high = rule.bounds(context) if rule.bounds else (math.nan, math.nan)
    if rule.shape == "row_count":
        return f"= {low:,.0f}"
    if rule.unit == "share":
        return f"{low:.2%} .. {high:.2%}"
    if rule.unit == "money":
        return f"${low:,.2f} .. ${high:,.2f}"
    return f"{low:,.4g} .. {high:,.4g}"


def _gx_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    # An ephemeral context "saves" its whole configuration, every datasource and asset, as YAML
    # into an in-memory store after each datasource, asset and batch definition it gains; nothing
    # reads that copy back (the live config is what runs), and the YAML grows with every rule:
    # it was half of a suite's time. Results are the same without it.
    context._save_project_config = lambda: None
    # Likewise each validation's result is serialised into the in-memory results store, which
    # nothing reads: the result object `run()` returns is what a rule reports.
    context.validation_results_store.store_validation_results = lambda **_: True
    return context


def _expectation(rule: Rule, context: RuleContext) -> Any:
    import great_expectations.expectations as gxe

    if rule.shape == "violations":
        return gxe.ExpectTableRowCountToEqual(value=0)
    if rule.shape == "row_count":
        low, _ = rule.bounds(context)
        return gxe.ExpectTableRowCountToEqual(value=int(low))
    if rule.shape == "figure":
        low, high = rule.bounds(context)
        return gxe.ExpectColumnMaxToBeBetween(column="figure", min_value=low, max_value=high)
    if rule.shape == "regex":
        return gxe.ExpectColumnValuesToMatchRegex(column=rule.column, regex=rule.regex)
    raise ValueError(f"unknown rule shape {rule.shape!r}")


def _missing_tables(engine: sa.Engine, rules: Sequence[Rule]) -> set[str]:
    wanted = {table for rule in rules for table in rule.tables}
    present = set(sa.inspect(engine).get_table_names())
    return wanted - present


@contextlib.contextmanager
def _gx_quiet() -> Iterator[None]:
    """Keep GX's own logging (a traceback per query the database rejects) out of the output.

    A rejected query is already reported in the rule's result ("could not run: ..."), once,
    in one line; GX would add a full traceback per expectation on stderr.
    """
    gx_logger = logging.getLogger("great_expectations")
    level = gx_logger.level
    gx_logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        gx_logger.setLevel(level)


def run_rules(
    url: sa.URL | str, rules: Sequence[Rule], context: RuleContext, suite_name: str
) -> list[RuleResult]:
    """Run rules as one GX suite per data shape against the database at `url`.

    Args:
        url: The database (live or shadow) to audit; credentials stay in memory.
        rules: The rules of one suite.
        context: The run's parameters, which set counts and targets.
        suite_name: Name of the GX suite (the family it guards).

    Returns:
        One result per rule, in the order given.
    """
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    # Rules whose SQL differs by dialect (identifier quotes, JSON functions) read it here.
    context = dataclasses.replace(context, dialect=engine.dialect.name)
    try:
        with _gx_quiet():
            return _run_suite(engine, rules, context, suite_name)
    finally:
        engine.dispose()


def _run_suite(
    engine: sa.Engine, rules: Sequence[Rule], context: RuleContext, suite_name: str
) -> list[RuleResult]:
    missing = _missing_tables(engine, rules)
    gx_context = _gx_context()
    with warnings.catch_warnings():
        # GX suggests its SQLite-specific datasource on every suite; the generic one is what
        # lets one suite run on MySQL and SQLite alike, so the advice does not apply here.
        warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
        source = gx_context.data_sources.add_sql(
            name=f"{suite_name}_db", connection_string=engine.url.render_as_string(False)
        )
    frames = gx_context.data_sources.add_pandas(name=f"{suite_name}_frames")
    results = []
    for rule in rules:
        if not rule.applicable(context):
            results.append(
                RuleResult(rule, True, None, _tolerance(rule, context), not_applicable=True)
            )
            continue
        absent = sorted(set(rule.tables) & missing)
        if absent:
            results.append(
                RuleResult(
                    rule,
                    False,
                    None,
                    _tolerance(rule, context),
                    error=f"missing table {', '.join(absent)}",
                )
            )
            continue
        results.append(_run_one(gx_context, source, frames, engine, rule, context, suite_name))
    return results


def _run_one(
    gx_context: Any,
    source: Any,
    frames: Any,
    engine: sa.Engine,
    rule: Rule,
    context: RuleContext,
    suite_name: str,
) -> RuleResult:
    import great_expectations as gx

    sql = rule.sql(context)
    tolerance = _tolerance(rule, context)
    name = f"{suite_name}.{rule.check}"
    try:
        if rule.shape == "regex":
            with engine.connect() as connection:
                frame = pd.read_sql_query(sa.text(sql), connection)
            if rule.derive is not None:
                frame = rule.derive(frame, context)
            asset = frames.add_dataframe_asset(name=rule.check)
            batch_parameters: dict[str, Any] = {"dataframe": frame}
            batch_definition = asset.add_batch_definition_whole_dataframe("all")
        else:
            asset = source.add_query_asset(name=rule.check, query=sql)
            batch_parameters = {}
            batch_definition = asset.add_batch_definition_whole_table("all")
        suite = gx_context.suites.add(
            gx.ExpectationSuite(name=name, expectations=[_expectation(rule, context)])
        )
        validation = gx_context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome = validation.run(
                batch_parameters=batch_parameters, result_format={"result_format": "COMPLETE"}
            )
    except Exception as error:  # a query the database rejects (a missing column, ...)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
        return RuleResult(rule, False, None, tolerance, error=f"could not run: {reason}")
    result = outcome.results[0]
    if result.exception_info and result.exception_info.get("raised_exception"):
        reason = str(result.exception_info.get("exception_message", "")).splitlines()[0][:300]
        return RuleResult(rule, False, None, tolerance, error=f"could not run: {reason}")
    details = result.result or {}
    observed = details.get("observed_value")
    offending: tuple[dict[str, Any], ...] = ()
    try:
        if rule.shape == "regex":
            observed = details.get("unexpected_count", 0)
            if not result.success:
                rows = details.get("unexpected_index_list") or []
                offending = tuple(
                    _plain(frame.loc[index].to_dict()) for index in rows[:FIRST_OFFENDING_ROWS]
                )
        elif rule.shape == "violations" and not result.success:
            offending = _first_rows(engine, sql)
        exhibits = _exhibits(engine, rule, context)
    except sa.exc.SQLAlchemyError as error:  # GX may swallow a rejected query as a failure
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
        return RuleResult(rule, False, None, tolerance, error=f"could not run: {reason}")
    return RuleResult(
        rule, bool(result.success), _number(observed), tolerance, offending, exhibits=exhibits
    )


def _exhibits(
    engine: sa.Engine, rule: Rule, context: RuleContext
) -> dict[str, tuple[dict[str, Any], ...]]:
    exhibits: dict[str, tuple[dict[str, Any], ...]] = {}
    if not rule.exhibits:
        # No connection for nothing: on MySQL each new one costs ~35 ms (PyMySQL builds an SSL
        # context per connection), and most rules have no exhibits.
        return exhibits
    with engine.connect() as connection:
        for title, query in rule.exhibits:
            sql = query(context) if callable(query) else query
            rows = connection.execute(sa.text(sql)).mappings().fetchall()
            exhibits[title] = tuple(_plain(dict(row)) for row in rows)
    return exhibits


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    """Rows as a Markdown table (numbers right-aligned, money with thousands separators)."""
    if not rows:
        return "(no rows)"
    columns = list(rows[0])

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return "" if value is None else str(value)

    numeric = [
        all(isinstance(row[c], int | float) or row[c] is None for row in rows) for c in columns
    ]
    header = "| " + " | ".join(columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body])


def _first_rows(engine: sa.Engine, sql: str) -> tuple[dict[str, Any], ...]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(sql)).mappings().fetchmany(FIRST_OFFENDING_ROWS)
    return tuple(_plain(dict(row)) for row in rows)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Row values as JSON-friendly scalars, for metadata and reports."""
    plain = {}
    for key, value in row.items():
        if value is None or isinstance(value, bool | int | str):
            plain[key] = value
        elif isinstance(value, float):
            plain[key] = None if math.isnan(value) else value
        elif isinstance(value, decimal.Decimal):  # MySQL's DECIMAL sums
            plain[key] = float(value)
        else:
            plain[key] = str(value)
    return plain


def _number(value: Any) -> float | int | str | None:
    if value is None or isinstance(value, int | str):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def month_of(column: str, dialect: str) -> str:
    """SQL for the `YYYY-MM` month of a date or timestamp column, in the given dialect."""
    if dialect == "sqlite":
        return f"strftime('%Y-%m', {column})"
    # No DATE_FORMAT: a '%' reaches PyMySQL doubled when GX wraps the query (pyformat).
    return f"CONCAT(YEAR({column}), '-', LPAD(MONTH({column}), 2, '0'))"


def days_between(later: str, earlier: str, dialect: str) -> str:
    """SQL for the whole days from `earlier` to `later` (dates or timestamps)."""
    if dialect == "sqlite":
        return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"
    return f"DATEDIFF({later}, {earlier})"


def concat(dialect: str, *parts: str) -> str:
    """SQL concatenating string expressions, in the given dialect."""
    return " || ".join(parts) if dialect == "sqlite" else f"CONCAT({', '.join(parts)})"


def values_table(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> str:
    """A literal table as a UNION ALL of SELECTs, which both SQLite and MySQL accept."""

    def literal(value: object) -> str:
        return f"'{value}'" if isinstance(value, str) else repr(float(value))

    selects = [
        "SELECT " + ", ".join(f"{literal(v)} AS {c}" for v, c in zip(row, columns, strict=True))
        for row in rows
    ]
    return " UNION ALL ".join(selects)
