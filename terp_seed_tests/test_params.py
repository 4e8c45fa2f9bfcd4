import datetime as dt

import pytest

from terp_seed.params import PROFILES, ParameterError, resolve_params


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_profile_resolves(profile):
    params = resolve_params(profile)
    assert params.start <= params.end
    assert 1 <= params.whales < params.buyers


def test_full_profile_is_the_reference_business():
    params = resolve_params(overrides={"end": "2025-10-31"})
    assert (params.start, params.end) == (dt.date(2024, 1, 1), dt.date(2025, 10, 31))
    assert params.months == 22
    assert (params.buyers, params.whales, params.suppliers) == (60, 10, 8)
    assert params.monthly_sales == 2_000_000


def test_stress_profile_targets_4_4_billion():
    params = resolve_params("stress")
    assert params.monthly_sales * params.months == pytest.approx(4.4e9)


def test_overrides_accept_strings_as_from_a_command_line():
    params = resolve_params(
        "full", {"buyers": "120", "whale-share": "0.65", "months": "6", "end": "2025-10-31"}
    )
    assert params.buyers == 120
    assert params.whale_share == 0.65
    assert params.start == dt.date(2025, 5, 1) and params.months == 6


def test_end_override_keeps_the_profile_window_length():
    params = resolve_params("full", {"end": "2026-11-21"})
    assert params.end == dt.date(2026, 11, 21)
    assert params.months == 22


@pytest.mark.parametrize(
    ("profile", "overrides", "message"),
    [
        ("full", {"buyers": -1}, "buyers"),
        ("full", {"whale_share": 1.5}, "outside [0, 1]"),
        ("full", {"whales": 61}, "61 whales"),
        ("full", {"start": "2025-01-01", "end": "2024-01-01"}, "before it starts"),
        ("nope", {}, "unknown profile"),
        ("full", {"bogus": 3}, "unknown parameter 'bogus'"),
        ("full", {"months": "abc"}, "not an integer"),
        ("full", {"months": 0}, "must be between 1 and 120"),
        ("full", {"seed": -4}, "seed"),
        ("full", {"end": "2025-13-01"}, "not a date"),
    ],
)
def test_bad_values_are_refused_with_one_line(profile, overrides, message):
    with pytest.raises(ParameterError) as refused:
        resolve_params(profile, overrides)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
