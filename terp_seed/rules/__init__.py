"""The business rules of DESIGN.md section 6 as Great Expectations suites, usable without Dagster."""

from terp_seed.rules.core import Rule, RuleContext, RuleResult, run_rules

__all__ = ["Rule", "RuleContext", "RuleResult", "run_rules"]
