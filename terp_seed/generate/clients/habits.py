"""How buyers pay: the habits that decide when their invoices are paid, and so how AR ages."""

import dataclasses

import numpy as np

from terp_seed.params import SeedParams


@dataclasses.dataclass(frozen=True)
class PaymentHabit:
    """How a kind of buyer pays: days from due date to payment, and how often it never pays.

    Attributes:
        name: The habit, as tagged on the buyer (`pays:<name>`).
        share: Share of regular buyers with this habit.
        mean_days_late: Mean days after the due date (negative pays before it is due).
        spread_days: Standard deviation of those days.
        unpaid_rate: Chance that an invoice is still unpaid however old it is.
    """

    name: str
    share: float
    mean_days_late: float
    spread_days: float
    unpaid_rate: float


# "Some buyers always pay on time, some always late, one or two in real trouble".
PAYMENT_HABITS: tuple[PaymentHabit, ...] = (
    PaymentHabit("early", 0.15, -4.0, 2.0, 0.0),
    PaymentHabit("on_time", 0.45, 0.0, 1.5, 0.0),
    PaymentHabit("late", 0.25, 9.0, 5.0, 0.0),
    PaymentHabit("chronic_late", 0.12, 35.0, 15.0, 0.02),
    PaymentHabit("distressed", 0.03, 90.0, 40.0, 0.35),
)


def assign_habits(params: SeedParams, rng: np.random.Generator) -> np.ndarray:
    """Payment habit per buyer; whales are never the ones in real trouble."""
    shares = np.array([habit.share for habit in PAYMENT_HABITS])
    names = np.array([habit.name for habit in PAYMENT_HABITS], dtype=object)
    habits = rng.choice(names, params.buyers, p=shares / shares.sum())
    whales = np.arange(params.buyers) < params.whales
    habits[whales & (habits == "distressed")] = "late"
    # Every business of this size has one or two accounts in real trouble.
    troubled_wanted = max(1, round(0.03 * params.buyers))
    regulars = np.flatnonzero(~whales)
    already = np.flatnonzero(habits == "distressed")
    if len(already) < troubled_wanted:
        candidates = np.setdiff1d(regulars, already)
        extra = rng.choice(
            candidates, min(troubled_wanted - len(already), len(candidates)), replace=False
        )
        habits[extra] = "distressed"
    return habits
