"""The R17 access suite on frames written to a SQLite shadow, and the CLI's staff options.

It passes on what the chain produces; each deliberate break fails the check that guards it
(and only the checks that must see it), naming the offending row.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from terp_seed.params import SeedParams
from terp_seed.rules import RuleContext, RuleResult, run_rules
from terp_seed.rules.access import ACTOR_RULE_TABLES, RULES, TABLES
from terp_seed.store import Where, open_store
from terp_seed.terp.access import STAFF_FILE_ENV, STAFF_PASSWORD_ENV
from terp_seed_tests.cli_run import RUN_ENV, run_cli
from terp_seed_tests.seeded import AS_OF, seeded_run

Frames = dict[str, pd.DataFrame]
PASSWORD = "suite-password"


@pytest.fixture(autouse=True)
def _staff_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*RUN_ENV, STAFF_FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(STAFF_PASSWORD_ENV, PASSWORD)


@pytest.fixture(scope="module")
def light() -> tuple[SeedParams, Frames]:
    run = seeded_run("light")
    tables = run.tables()
    wanted = {*TABLES, *ACTOR_RULE_TABLES, "fiscalPeriods", "locations"}
    frames = {name: frame for name, frame in tables.items() if name in wanted}
    # The chain's logins use the environment's password at generation: re-hash with ours.
    from terp_seed.generate import access, registry

    names = [family.name for family in registry.FAMILIES]
    upstream = run.tables(through=names[names.index("access") - 1])
    frames.update(access.generate(run.params, upstream, password=PASSWORD))
    return run.params, frames


def run_suite(tmp_path: Path, params: SeedParams, frames: Frames) -> dict[str, RuleResult]:
    store = open_store(f"sqlite:///{tmp_path / 'terp.sqlite'}")
    try:
        store.begin_shadow()
        store.write(frames)
        results = run_rules(store.url_of(Where.SHADOW), RULES, RuleContext(params), "access")
    finally:
        store.dispose()
    return {result.rule.check: result for result in results}


def failures(results: dict[str, RuleResult]) -> dict[str, str]:
    return {check: r.summary() for check, r in results.items() if not r.passed}


def test_suite_passes_on_generated_frames(tmp_path: Path, light) -> None:
    params, frames = light
    results = run_suite(tmp_path, params, frames)
    assert not failures(results), f"generated access tables break {failures(results)}"
    assert not results["staff_logins_verify"].not_applicable


def _floor_user(frames: Frames, rank: int = 2) -> pd.Series:
    return frames["users"].sort_values("id").iloc[rank]


def _without_role(role_name: str, rank: int = 2) -> Callable[[Frames], Frames]:
    def edit(frames: Frames) -> Frames:
        role_id = frames["roles"].loc[frames["roles"]["name"] == role_name, "id"].item()
        user = _floor_user(frames, rank)["openId"]
        held = frames["user_roles"]
        keep = ~((held["user_id"] == user) & (held["role_id"] == role_id))
        assert (~keep).sum() == 1, f"user {user} does not hold {role_name}"
        return {**frames, "user_roles": held[keep].copy()}

    return edit


def _drop_grant(frames: Frames) -> Frames:
    return {**frames, "role_permissions": frames["role_permissions"].iloc[1:].copy()}


def _drop_role(frames: Frames) -> Frames:
    roles = frames["roles"]
    unused = roles.loc[roles["name"] == "Read-Only Auditor", "id"].item()
    grants = frames["role_permissions"]
    return {
        **frames,
        "roles": roles[roles["id"] != unused].copy(),
        "role_permissions": grants[grants["role_id"] != unused].copy(),
    }


def _drop_permission(frames: Frames) -> Frames:
    permissions = frames["permissions"]
    last = int(permissions["id"].max())
    grants = frames["role_permissions"]
    return {
        **frames,
        "permissions": permissions[permissions["id"] != last].copy(),
        "role_permissions": grants[grants["permission_id"] != last].copy(),
    }


def _bad_login(frames: Frames) -> Frames:
    users = frames["users"].copy()
    users.loc[users.index[2], "loginMethod"] = "email"
    return {**frames, "users": users}


def _floor_admin(frames: Frames) -> Frames:
    users = frames["users"].copy()
    users.loc[users.index[2], "role"] = "admin"
    return {**frames, "users": users}


def _no_roles_for_floor_user(frames: Frames) -> Frames:
    held = frames["user_roles"]
    return {**frames, "user_roles": held[held["user_id"] != _floor_user(frames)["openId"]].copy()}


def _drop_flag(frames: Frames) -> Frames:
    flags = frames["feature_flags"]
    return {**frames, "feature_flags": flags[flags["key"] != "leaderboard"].copy()}


def _close_current_period(frames: Frames) -> Frames:
    periods = frames["fiscalPeriods"].copy()
    periods.loc[periods.index[-1], "status"] = "CLOSED"
    return {**frames, "fiscalPeriods": periods}


# (break, the checks that must fail, evidence the first must show)
BREAKS = {
    "grant_removed": (
        _drop_grant,
        {"role_grants_equal_terp_definitions"},
        lambda r: r.offending and r.offending[0]["difference"] == "missing",
    ),
    "role_removed": (
        _drop_role,
        # TERP would insert the role and then its grants: both are missing.
        {"terp_roles_all_exist", "role_grants_equal_terp_definitions"},
        lambda r: r.offending[0]["name"] == "Read-Only Auditor",
    ),
    "permission_removed": (
        _drop_permission,
        {"terp_permissions_all_exist"},
        lambda r: len(r.offending) == 1,
    ),
    "login_not_a_hash": (
        _bad_login,
        {"staff_logins_verify"},
        lambda r: r.observed == 1 and r.offending[0]["login"].startswith("loginMethod"),
    ),
    "floor_user_made_admin": (
        _floor_admin,
        {"admins_are_super_admins"},
        lambda r: r.offending[0]["id"] == 3,
    ),
    "floor_user_without_roles": (
        _no_roles_for_floor_user,
        {"staff_users_hold_a_role", "actors_hold_a_role_allowed_to_act"},
        lambda r: r.offending[0]["id"] == 3,
    ),
    # On light's crew of four the inventory hand (user 4) stands in for the warehouse.
    "cover_role_revoked": (
        _without_role("Warehouse Staff", rank=3),
        {"actors_hold_a_role_allowed_to_act"},
        lambda r: all(row["user_id"] == 4 for row in r.offending),
    ),
    "flag_missing": (
        _drop_flag,
        {"feature_flags_are_seeded"},
        lambda r: r.offending[0]["flag"] == "leaderboard",
    ),
    "no_open_period": (
        _close_current_period,
        {"open_fiscal_period_covers_as_of"},
        lambda r: AS_OF in r.offending[0]["problem"],
    ),
}


@pytest.mark.parametrize("edit, checks, evidence", BREAKS.values(), ids=BREAKS.keys())
def test_each_break_fails_its_check(tmp_path: Path, light, edit, checks, evidence) -> None:
    params, frames = light
    results = run_suite(tmp_path, params, edit(frames))
    failed = failures(results)
    assert set(failed) == checks, f"expected {sorted(checks)} to fail; failed: {failed}"
    first = results[min(checks, key=list(results).index)]
    assert evidence(first), f"{first.rule.check}: unexpected evidence {first.summary()}"


def test_login_check_is_skipped_without_a_password(
    tmp_path: Path, light, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(STAFF_PASSWORD_ENV)
    params, frames = light
    results = run_suite(tmp_path, params, frames)
    assert results["staff_logins_verify"].not_applicable, "the login check ran without a password"
    assert not failures(results)


def test_a_wrong_password_fails_the_login_check(
    tmp_path: Path, light, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STAFF_PASSWORD_ENV, "not-the-password")
    params, frames = light
    results = run_suite(tmp_path, params, frames)
    assert set(failures(results)) == {"staff_logins_verify"}


# -- the CLI's staff options ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text, message",
    [
        ("staff: [ {name: x", "not valid yaml"),
        ("staff:\n  - {name: A, email: a@b.example, role: Janitor}\n", "unknown role"),
        (
            "staff:\n  - {name: A, email: a@b.example, role: Accountant}\n"
            "  - {name: B, email: a@b.example, role: Accountant}\n",
            "used twice",
        ),
    ],
    ids=["malformed", "unknown_role", "duplicate_email"],
)
def test_seed_refuses_a_bad_staff_file_before_writing(
    tmp_path: Path, text: str, message: str
) -> None:
    staff = tmp_path / "staff.yaml"
    staff.write_text(text)
    database = tmp_path / "terp.sqlite"
    run = run_cli(
        "seed", "--profile", "light", "--end", AS_OF, "--staff-file", str(staff),
        "--database-url", f"sqlite:///{database}",
    )  # fmt: skip
    assert run.code == 2, f"a bad staff file should exit 2: {run.explain()}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], f"want one line naming {message}: {lines}"
    assert not database.exists(), "a refused seed wrote the database"


def test_seed_and_check_use_the_password_without_printing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(STAFF_PASSWORD_ENV)
    staff = tmp_path / "staff.toml"
    staff.write_text('[[staff]]\nname = "Dana Reyes"\nemail = "dana@team.example"\n'
                     'role = "Super Admin"\n')  # fmt: skip
    url = f"sqlite:///{tmp_path / 'terp.sqlite'}"
    secret = "Cli-Secret-42"
    seeded = run_cli(
        "seed", "--profile", "light", "--end", AS_OF, "--staff-password", secret,
        "--staff-file", str(staff), "--database-url", url,
    )  # fmt: skip
    assert seeded.code == 0, seeded.explain()
    assert secret not in seeded.stdout + seeded.stderr, "the password was printed"
    logins = seeded.stdout[seeded.stdout.index("staff logins") :]
    assert "dana@team.example" in logins and "Super Admin" in logins, logins
    # Other families' distribution rules may warn on a light window: read this one check.
    assert _login_check(url, "--staff-password", secret) == "pass"
    assert _login_check(url, "--staff-password", "nope") == "FAIL"
    assert _login_check(url) == "not applicable"
    table = run_cli("check", "--database-url", url).stdout
    assert "staff_logins_verify skipped" in table, table


def _login_check(url: str, *flags: str) -> str:
    checked = run_cli("check", "--database-url", url, "--format", "json", *flags)
    report = json.loads(checked.stdout)
    (login,) = [r for r in report["rules"] if r["check"] == "staff_logins_verify"]
    return login["result"]
