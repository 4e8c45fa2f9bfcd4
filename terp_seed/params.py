"""The business parameters of a seed run: profiles, overrides and their validation.

One frozen `SeedParams` is the whole input of generation. It is built only through
`resolve_params`, which refuses bad values with a one-line `ParameterError` before anything
touches a database, so the CLI and Dagster run config share one set of rules.
"""

import dataclasses
import datetime as dt
import math
import typing
from collections.abc import Mapping
from typing import Any

DEFAULT_PROFILE = "full"
DEFAULT_SEED = 42

# Sales per buyer per month in the reference business: $2M a month across 60 buyers.
_SALES_PER_BUYER_MONTH = 2_000_000 / 60


class ParameterError(ValueError):
    """A parameter or profile the seed cannot run with; its message is one line."""


@dataclasses.dataclass(frozen=True)
class SeedParams:
    """Everything a seed run depends on besides the terp-seed version.

    Attributes:
        profile: The profile the defaults came from (light, realistic, full, ...).
        seed: Root of every random stream; same seed, same bytes.
        start: First day of the seeded history.
        end: The as-of date: the window's last day; nothing is dated after it.
        buyers: Buying clients, whales included.
        whales: Buyers that together hold `whale_share` of sales.
        suppliers: Selling clients (each also a vendor and a supplier profile).
        users: Staff accounts that create, ship and post things.
        monthly_sales: Target sales of an average (non-Q4-adjusted) month, in dollars.
        whale_share: Share of sales value held by the whales.
        q4_uplift: How much busier October-December are than the Q1-Q3 mean.
        consignment_sales_share: Share of sales value sold on CONSIGNMENT terms.
        consigned_batch_share: Share of intake batches (count and cost) held on consignment.
        flower_share: Share of products and of sales value that is flower.
        return_rate: Share of sales orders returned whole.
        refund_rate: Share of sales orders partly refunded.
        refund_fraction: Fraction of an order's total that a refund gives back.
        past_due_share: Share of open receivables past due at as-of.
        severe_past_due_share: Share of past-due receivables more than 120 days past due.
    """

    profile: str
    seed: int
    start: dt.date
    end: dt.date
    buyers: int
    whales: int
    suppliers: int
    users: int
    monthly_sales: float
    whale_share: float = 0.70
    q4_uplift: float = 0.25
    consignment_sales_share: float = 0.50
    consigned_batch_share: float = 0.90
    flower_share: float = 0.90
    return_rate: float = 0.005
    refund_rate: float = 0.05
    refund_fraction: float = 0.05
    past_due_share: float = 0.15
    severe_past_due_share: float = 0.50

    @property
    def months(self) -> int:
        """Calendar months the window touches, the partial last one included."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def as_of(self) -> dt.date:
        """The date the seeded database describes: the window's end."""
        return self.end

    def summary(self) -> dict[str, str]:
        """The parameters that identify a run, as strings for metadata and logs."""
        return {
            "profile": self.profile,
            "seed": str(self.seed),
            "window": f"{self.start.isoformat()} .. {self.end.isoformat()}",
            "buyers": f"{self.buyers} ({self.whales} whales)",
            "suppliers": str(self.suppliers),
            "monthly_sales": f"${self.monthly_sales:,.0f}",
            "as_of": self.end.isoformat(),
            "command": self.command(),
        }

    def command(self) -> str:
        """The exact `terp-seed seed` command that reproduces this run's frames.

        It pins the as-of (`--end`) and names every parameter that differs from what the
        profile would give for that as-of; the staff password is never part of it.
        """
        words = ["terp-seed", "seed", "--profile", self.profile, "--seed", str(self.seed)]
        words += ["--end", self.end.isoformat()]
        base = resolve_params(self.profile, {"end": self.end, "seed": self.seed})
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name not in ("profile", "seed", "end") and value != getattr(base, field.name):
                shown = value.isoformat() if isinstance(value, dt.date) else f"{value:g}"
                words += [f"--{field.name.replace('_', '-')}", shown]
        return " ".join(words)


@dataclasses.dataclass(frozen=True)
class _Profile:
    months: int
    buyers: int
    whales: int
    suppliers: int
    users: int
    monthly_sales: float


# Profiles set the window's length; it ends on the as-of date, by default the day of the run
# (TERP reads the real clock: aging, "today", the open fiscal period), pinned with `end`.
PROFILES: dict[str, _Profile] = {
    "light": _Profile(1, 10, 2, 2, 4, 2_000_000),
    "realistic": _Profile(12, 60, 10, 8, 8, 2_000_000),
    "full": _Profile(22, 60, 10, 8, 8, 2_000_000),
    "small": _Profile(12, 10, 2, 2, 4, 10 * _SALES_PER_BUYER_MONTH),
    "medium": _Profile(12, 100, 17, 15, 12, 100 * _SALES_PER_BUYER_MONTH),
    "large": _Profile(12, 1_000, 167, 50, 30, 1_000 * _SALES_PER_BUYER_MONTH),
    "stress": _Profile(22, 6_000, 1_000, 800, 60, 6_000 * _SALES_PER_BUYER_MONTH),
}


def today_utc() -> dt.date:
    """The default as-of: the day of the run in UTC, the clock TERP reads.

    Read only here, at the edge where parameters are resolved; generation never reads it.
    """
    return dt.datetime.now(dt.UTC).date()


# Bounds a run must stay inside, checked before anything is written. Volumes: ten times the
# stress profile, what one machine can generate and hold. Dates: inside MySQL's TIMESTAMP range
# (1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC), with a day's margin for the window's hours.
MAX_VOLUME = {"buyers": 60_000, "suppliers": 8_000, "users": 1_000}
MAX_MONTHLY_SALES = 2_000_000_000.0
MAX_SEED = 2**63 - 1
FIRST_DAY = dt.date(1970, 1, 2)
LAST_DAY = dt.date(2038, 1, 18)

# Parameters a user may override, beyond the SeedParams fields: the window's length.
_WINDOW_OVERRIDES = ("months",)
_SHARES = (
    "whale_share",
    "consignment_sales_share",
    "consigned_batch_share",
    "flower_share",
    "return_rate",
    "refund_rate",
    "refund_fraction",
    "past_due_share",
    "severe_past_due_share",
)


def overridable_parameters() -> dict[str, type]:
    """Name and type of every parameter a run may override (`profile` excluded)."""
    hints = typing.get_type_hints(SeedParams)
    names = {f.name: hints[f.name] for f in dataclasses.fields(SeedParams) if f.name != "profile"}
    return {**names, "months": int}


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """First day of the month `months_back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _parse(name: str, kind: type, raw: Any) -> Any:
    if isinstance(raw, str):
        raw = raw.strip()
    try:
        if kind is dt.date:
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        if kind is int:
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError
            return int(str(raw).replace("_", "")) if isinstance(raw, str) else int(raw)
        if kind is float:
            return float(str(raw).replace("_", "").replace(",", ""))
    except (TypeError, ValueError):
        expected = {dt.date: "a date YYYY-MM-DD", int: "an integer", float: "a number"}[kind]
        raise ParameterError(f"parameter {name}: {raw!r} is not {expected}") from None
    raise ParameterError(f"parameter {name}: unsupported type")


def resolve_params(
    profile: str = DEFAULT_PROFILE,
    overrides: Mapping[str, Any] | None = None,
) -> SeedParams:
    """Build validated parameters from a profile and overrides.

    Args:
        profile: One of PROFILES.
        overrides: Parameter name to value (values may be strings, as from a command line).
            `months` sets the window's length, ending on `end`; `start` pins its first day.

    Returns:
        The validated parameters.

    Raises:
        ParameterError: An unknown profile or parameter, or a value the business cannot have.
    """
    if profile not in PROFILES:
        raise ParameterError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    kinds = overridable_parameters()
    parsed: dict[str, Any] = {}
    for name, raw in (overrides or {}).items():
        key = name.replace("-", "_")
        if key not in kinds:
            raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(sorted(kinds))}")
        if raw is None:
            continue
        parsed[key] = _parse(key, kinds[key], raw)

    base = PROFILES[profile]
    end = parsed.pop("end", None) or today_utc()
    months = parsed.pop("months", None)
    for name in ("start", "end"):
        day = parsed.get(name, end if name == "end" else None)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ParameterError(
                f"parameter {name}: {day} is outside {FIRST_DAY} .. {LAST_DAY}, "
                "the dates a TERP database (MySQL TIMESTAMP) can hold"
            )
    if months is not None and not 1 <= months <= 120:
        raise ParameterError(f"parameter months: {months} must be between 1 and 120")
    if "start" in parsed and months is not None:
        raise ParameterError("give either start or months, not both")
    start = parsed.pop("start", month_start(end, (months or base.months) - 1))
    params = SeedParams(
        profile=profile,
        seed=parsed.pop("seed", DEFAULT_SEED),
        start=start,
        end=end,
        buyers=parsed.pop("buyers", base.buyers),
        whales=parsed.pop("whales", base.whales),
        suppliers=parsed.pop("suppliers", base.suppliers),
        users=parsed.pop("users", base.users),
        monthly_sales=parsed.pop("monthly_sales", base.monthly_sales),
        **parsed,
    )
    _validate(params)
    return params


def _validate(p: SeedParams) -> None:
    if not 0 <= p.seed <= MAX_SEED:
        raise ParameterError(f"parameter seed: {p.seed} must be between 0 and {MAX_SEED}")
    for name, value in dataclasses.asdict(p).items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"parameter {name}: {value} is not a finite number")
    if p.start < FIRST_DAY:
        raise ParameterError(
            f"window starts on {p.start}, before {FIRST_DAY} (the first date MySQL TIMESTAMP "
            "holds); shorten --months"
        )
    for name, most in MAX_VOLUME.items():
        if getattr(p, name) > most:
            raise ParameterError(
                f"parameter {name}: {getattr(p, name):,} is more than {most:,} "
                "(ten times the stress profile)"
            )
    if p.monthly_sales > MAX_MONTHLY_SALES:
        raise ParameterError(
            f"parameter monthly_sales: {p.monthly_sales:,.0f} is more than "
            f"{MAX_MONTHLY_SALES:,.0f} (ten times the stress profile)"
        )
    if p.end < p.start:
        raise ParameterError(f"window ends ({p.end}) before it starts ({p.start})")
    if p.months > 120:
        raise ParameterError(f"window of {p.months} months is longer than 120")
    if p.months < 1:
        raise ParameterError(f"window of {p.months} months is shorter than one")
    for name in ("buyers", "suppliers", "users"):
        if getattr(p, name) < 1:
            raise ParameterError(f"parameter {name}: {getattr(p, name)} must be at least 1")
    if p.whales < 1:
        raise ParameterError(f"parameter whales: {p.whales} must be at least 1")
    if p.whales >= p.buyers:
        raise ParameterError(f"{p.whales} whales need more buyers than that; got {p.buyers} buyers")
    if p.monthly_sales <= 0:
        raise ParameterError(f"parameter monthly_sales: {p.monthly_sales:g} must be positive")
    for name in _SHARES:
        value = getattr(p, name)
        if not 0.0 <= value <= 1.0:
            raise ParameterError(f"parameter {name}: {value:g} is outside [0, 1]")
    if not 0.0 <= p.q4_uplift <= 2.0:
        raise ParameterError(f"parameter q4_uplift: {p.q4_uplift:g} is outside [0, 2]")
