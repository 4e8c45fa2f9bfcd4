"""The business rules of DESIGN.md section 6 as Great Expectations suites, usable without Dagster.

Each family's rules live in `terp_seed/rules/<family>.py` as a tuple `RULES`; `SUITES` finds
them all, so adding a family's suite is adding its module.
"""

import importlib
import pkgutil

from terp_seed.rules.core import Rule, RuleContext, RuleResult, run_rules

_NOT_SUITES = {"core"}


def _discover() -> dict[str, tuple[Rule, ...]]:
    suites = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name in _NOT_SUITES:
            continue
        rules = getattr(importlib.import_module(f"{__name__}.{module.name}"), "RULES", None)
        if rules:
            suites[module.name] = tuple(rules)
    return suites


SUITES: dict[str, tuple[Rule, ...]] = _discover()

__all__ = ["SUITES", "Rule", "RuleContext", "RuleResult", "run_rules"]
