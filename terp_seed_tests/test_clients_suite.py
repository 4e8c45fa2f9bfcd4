"""The clients suite (R15 and the profile's counts) on frames written to a SQLite shadow.

It passes on what the generator produces for the light and full profiles, and each deliberate
break fails exactly the check that guards it, naming the offending row, while the others pass.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from terp_seed.generate import clients, reference
from terp_seed.params import SeedParams, resolve_params
from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.clients import RULES
from terp_seed.store import Where, open_store

Frames = dict[str, pd.DataFrame]


def frames_for(params: SeedParams) -> Frames:
    return {**reference.generate(params), **clients.generate(params)}


def run_suite(tmp_path: Path, params: SeedParams, frames: Frames) -> dict[str, RuleResult]:
    """Write the frames into a fresh SQLite shadow and run the clients suite on it."""
    store = open_store(f"sqlite:///{tmp_path / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(frames)
        results = run_rules(store.url_of(Where.SHADOW), RULES, RuleContext(params), "clients")
    finally:
        store.dispose()
    assert [r.rule.check for r in results] == [rule.check for rule in RULES], (
        "the suite did not return one result per rule, in order"
    )
    return {result.rule.check: result for result in results}


def failures(results: dict[str, RuleResult]) -> dict[str, str]:
    return {check: result.summary() for check, result in results.items() if not result.passed}


@pytest.mark.parametrize("profile", ["light", "full"])
def test_suite_passes_on_generated_frames(tmp_path: Path, profile: str) -> None:
    params = resolve_params(profile)
    results = run_suite(tmp_path, params, frames_for(params))
    assert not failures(results), f"{profile}: generated clients break {failures(results)}"
    assert results["buyer_count_matches_profile"].observed == params.buyers, (
        f"{profile}: buyer count observed {results['buyer_count_matches_profile'].observed}"
    )
    assert results["whale_count_matches_profile"].observed == params.whales, (
        f"{profile}: whale count observed {results['whale_count_matches_profile'].observed}"
    )


# -- deliberate breaks ---------------------------------------------------------------------
BROKEN_BUYER = 7


def _edit_buyer(column: str, value: object) -> Callable[[Frames], Frames]:
    def edit(frames: Frames) -> Frames:
        table = frames["clients"].copy()
        assert (table["id"] == BROKEN_BUYER).sum() == 1 and table.loc[
            table["id"] == BROKEN_BUYER, "is_buyer"
        ].item() == 1, f"client {BROKEN_BUYER} is not a buyer to break"
        table.loc[table["id"] == BROKEN_BUYER, column] = value
        return {**frames, "clients": table}

    return edit


def _demote_one_whale(frames: Frames) -> Frames:
    table = frames["clients"].copy()
    whale = table.index[table["tags"].str.contains('"whale"')][0]
    tags = json.loads(table.at[whale, "tags"])
    table.at[whale, "tags"] = json.dumps(["regular" if t == "whale" else t for t in tags])
    return {**frames, "clients": table}


def _drop_first_supplier_profile(frames: Frames) -> Frames:
    return {**frames, "supplier_profiles": frames["supplier_profiles"].iloc[1:].copy()}


def _first_supplier_id(frames: Frames) -> int:
    return int(frames["supplier_profiles"]["client_id"].iloc[0])


# (profile, break, the one check that must fail, what its evidence must show)
BREAKS = {
    "buyer_with_email": (
        "light",
        _edit_buyer("email", "orders@example.com"),
        "buyers_carry_no_email_or_address",
        lambda result, frames: any(row.get("id") == BROKEN_BUYER for row in result.offending),
    ),
    "nine_whales_of_ten": (
        "full",
        _demote_one_whale,
        "whale_count_matches_profile",
        lambda result, frames: result.observed == 9,
    ),
    "placeholder_name": (
        "light",
        _edit_buyer("name", "Client 7"),
        "buyer_names_are_realistic",
        lambda result, frames: any(
            row.get("id") == BROKEN_BUYER and row.get("name") == "Client 7"
            for row in result.offending
        ),
    ),
    "invalid_phone": (
        "light",
        _edit_buyer("phone", "(123) 555-0100"),
        "buyer_phones_are_valid",
        lambda result, frames: (
            result.observed == 1 and any(row.get("id") == BROKEN_BUYER for row in result.offending)
        ),
    ),
    "supplier_without_profile": (
        "light",
        _drop_first_supplier_profile,
        "suppliers_link_client_vendor_and_profile",
        lambda result, frames: any(
            row.get("client_id") == _first_supplier_id(frames) and row.get("profile_id") is None
            for row in result.offending
        ),
    ),
}


@pytest.mark.parametrize("profile, breaks, check, evidence", BREAKS.values(), ids=BREAKS.keys())
def test_suite_fails_exactly_the_broken_check(
    tmp_path: Path,
    profile: str,
    breaks: Callable[[Frames], Frames],
    check: str,
    evidence: Callable[[RuleResult, Frames], bool],
) -> None:
    params = resolve_params(profile)
    frames = frames_for(params)
    results = run_suite(tmp_path, params, breaks(frames))
    failed = failures(results)
    assert list(failed) == [check], f"expected only {check} to fail; failed: {failed}"
    result = results[check]
    assert result.error is None, f"{check} could not run: {result.error}"
    assert evidence(result, frames), (
        f"{check} failed without the right evidence: observed {result.observed}, "
        f"offending {result.offending}"
    )
