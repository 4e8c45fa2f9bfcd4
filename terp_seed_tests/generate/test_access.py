"""The access family: roles exactly as TERP defines them, jobs, logins, flags, the staff file."""

import datetime as dt
import json
from pathlib import Path

import bcrypt
import pandas as pd
import pytest

from terp_seed.generate import access, registry
from terp_seed.generate.access.logins import login_hash
from terp_seed.generate.access.staff_file import (
    DeclaredStaff,
    StaffFile,
    StaffFileError,
    load_staff_file,
)
from terp_seed.params import resolve_params, today_utc
from terp_seed.terp.access import (
    ACTOR_PERMISSIONS,
    DEFAULT_STAFF_PASSWORD,
    STAFF_FILE_ENV,
    STAFF_PASSWORD_ENV,
    SUPER_ADMIN,
    grants,
)
from terp_seed_tests.seeded import params_for, seeded_run

# The tables as the families before access leave them: what access reads.
BEFORE_ACCESS = [f.name for f in registry.FAMILIES][
    [f.name for f in registry.FAMILIES].index("access") - 1
]
RBAC = json.loads(
    (Path(__file__).parents[2] / "terp_seed" / "terp" / "data" / "rbac.json").read_text()
)


@pytest.fixture(autouse=True)
def _no_staff_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STAFF_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(STAFF_FILE_ENV, raising=False)


def _frames(profile: str, declared: StaffFile | None = None, password: str | None = None):
    run = seeded_run(profile)
    upstream = run.tables(through=BEFORE_ACCESS)
    return upstream, access.generate(run.params, upstream, declared or StaffFile(), password)


@pytest.mark.parametrize("profile", ["light", "full"])
def test_roles_permissions_and_grants_are_terps(profile: str) -> None:
    _, frames = _frames(profile)
    assert list(frames["roles"]["name"]) == [role["name"] for role in RBAC["roles"]]
    assert list(frames["permissions"]["name"]) == [p["name"] for p in RBAC["permissions"]]
    role = frames["roles"].set_index("id")["name"]
    permission = frames["permissions"].set_index("id")["name"]
    granted = frames["role_permissions"].assign(
        role=lambda f: f["role_id"].map(role),
        permission=lambda f: f["permission_id"].map(permission),
    )
    assert not granted.duplicated(["role_id", "permission_id"]).any(), "a grant is written twice"
    for name, spec in RBAC["role_permissions"].items():
        held = set(granted.loc[granted["role"] == name, "permission"])
        wanted = set(permission) if spec["permissions"] == "ALL" else set(spec["permissions"])
        assert held == wanted, f"{name}: missing {wanted - held}, extra {held - wanted}"
    assert len(frames["roles"]) == 10 and len(frames["permissions"]) == 331


@pytest.mark.parametrize("profile", ["light", "full", "medium"])
def test_every_staff_member_holds_a_role_that_allows_what_they_did(profile: str) -> None:
    upstream, frames = _frames(profile)
    users = frames["users"]
    role = frames["roles"].set_index("id")["name"]
    held = frames["user_roles"].assign(role=lambda f: f["role_id"].map(role))
    roles_of = held.groupby("user_id")["role"].apply(set)
    for user in users.itertuples():
        assert user.openId in roles_of, f"user {user.id} ({user.email}) holds no role"
        is_owner = SUPER_ADMIN in roles_of[user.openId]
        assert (user.role == "admin") == is_owner, f"user {user.id}: role {user.role!r}"
    open_id = users.set_index("id")["openId"]
    for table, column, permission in ACTOR_PERMISSIONS:
        if table not in upstream or column not in upstream[table]:
            continue
        for actor in upstream[table][column].dropna().astype(int).unique():
            allowed = [r for r in roles_of[open_id[actor]] if permission in grants()[r]]
            assert allowed, f"user {actor} did {table}.{column} without {permission}"


def test_owners_are_the_only_admins_and_floor_staff_have_jobs() -> None:
    _, frames = _frames("full")
    assert list(frames["users"]["role"]) == ["admin"] * 2 + ["user"] * 6
    jobs = access.staff_jobs(frames["users"])
    floor = ["sales", "inventory", "warehouse", "accounting", "sales", "inventory"]
    assert list(jobs) == ["owner", "owner", *floor], f"jobs: {list(jobs)}"


def test_logins_verify_with_the_staging_password_and_only_with_it() -> None:
    _, frames = _frames("light")
    for user in frames["users"].itertuples():
        stored = user.loginMethod.encode()
        assert stored.startswith(b"$2b$10$") and len(stored) == 60, f"user {user.id}: {stored!r}"
        assert bcrypt.checkpw(DEFAULT_STAFF_PASSWORD.encode(), stored), f"user {user.id}"
        assert not bcrypt.checkpw(b"wrong password", stored), f"user {user.id} takes any password"
        assert "@" in user.email


def test_logins_are_byte_identical_for_a_seed_and_differ_by_seed_and_password() -> None:
    email = "owner@terp-distribution.example"
    assert login_hash("pw", 42, email) == login_hash("pw", 42, email)
    assert login_hash("pw", 42, email) != login_hash("pw", 43, email)
    assert login_hash("pw", 42, email) != login_hash("other", 42, email)


def test_same_inputs_give_byte_identical_access_frames() -> None:
    run = seeded_run("light")
    upstream = run.tables(through=BEFORE_ACCESS)
    first = access.generate(run.params, upstream, StaffFile(), "pw")
    again = access.generate(run.params, upstream, StaffFile(), "pw")
    for table, frame in first.items():
        assert frame.to_csv(index=False) == again[table].to_csv(index=False), table


def test_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STAFF_PASSWORD_ENV, "from-the-env")
    run = seeded_run("light")
    users = access.generate(run.params, run.tables(through=BEFORE_ACCESS), StaffFile())["users"]
    assert bcrypt.checkpw(b"from-the-env", users["loginMethod"].iloc[0].encode())


def test_declared_staff_get_logins_roles_and_flags() -> None:
    declared = StaffFile(
        staff=(
            DeclaredStaff("Dana Reyes", "dana@staging.example", SUPER_ADMIN),
            DeclaredStaff("Sam Ortiz", "sam@staging.example", "Sales Manager"),
        ),
        flags=(("leaderboard", False), ("sms-enabled", True)),
    )
    _, frames = _frames("light", declared, "team-pw")
    users = frames["users"].set_index("email")
    for person in declared.staff:
        row = users.loc[person.email]
        assert row["openId"] == person.email, "a declared person's openId is their email"
        assert bcrypt.checkpw(b"team-pw", row["loginMethod"].encode()), person.email
        assert row["role"] == ("admin" if person.role == SUPER_ADMIN else "user")
        assert pd.Timestamp(row["createdAt"]).date() <= seeded_run("light").params.end
    role = frames["roles"].set_index("id")["name"]
    held = frames["user_roles"].assign(role=lambda f: f["role_id"].map(role))
    assert set(held.loc[held["user_id"] == "sam@staging.example", "role"]) == {"Sales Manager"}
    flags = frames["feature_flags"].set_index("key")
    assert flags.at["leaderboard", "default_enabled"] == 0
    assert flags.at["sms-enabled", "default_enabled"] == 1


def test_flags_show_every_screen_and_keep_sms_off() -> None:
    _, frames = _frames("light")
    flags = frames["feature_flags"].set_index("key")
    assert len(flags) == 60
    off = sorted(flags.index[flags["default_enabled"] == 0])
    assert off == ["sms-enabled"], f"flags off: {off}"
    settings = frames["organization_settings"]
    assert "terp_seed.marker" not in set(settings["setting_key"]), "the marker's key is taken"


# -- the staff file ------------------------------------------------------------------------
GOOD_YAML = """\
staff:
  - {name: Dana Reyes, email: dana@staging.example, role: Super Admin}
flags:
  leaderboard: true
"""
GOOD_TOML = """\
[[staff]]
name = "Dana Reyes"
email = "dana@staging.example"
role = "Accountant"

[flags]
sms-enabled = false
"""

BAD_FILES = {
    "malformed_yaml": ("staff.yaml", "staff: [ {name: x", "not valid yaml"),
    "malformed_toml": ("staff.toml", "[[staff]\nname=", "not valid toml"),
    "unknown_role": (
        "staff.yaml",
        "staff:\n  - {name: A B, email: a@b.example, role: Janitor}\n",
        "unknown role 'Janitor'",
    ),
    "duplicate_email": (
        "staff.yaml",
        "staff:\n  - {name: A, email: a@b.example, role: Accountant}\n"
        "  - {name: B, email: A@b.example, role: Accountant}\n",
        "used twice",
    ),
    "unknown_flag": ("staff.yaml", "flags: {no-such-flag: true}\n", "unknown flag"),
    "missing_field": ("staff.yaml", "staff:\n  - {name: A, email: a@b.example}\n", "needs"),
    "bad_email": ("staff.yaml", "staff:\n  - {name: A, email: nope, role: Accountant}\n", "email"),
    "wrong_suffix": ("staff.json", "{}", ".yaml"),
}


@pytest.mark.parametrize("name, text", [("s.yaml", GOOD_YAML), ("s.toml", GOOD_TOML)])
def test_staff_file_reads_yaml_and_toml(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    declared = load_staff_file(path)
    assert [p.email for p in declared.staff] == ["dana@staging.example"]


@pytest.mark.parametrize("name, text, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_staff_files_are_refused_with_one_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(StaffFileError) as refused:
        load_staff_file(path)
    assert message in str(refused.value), f"{name}: {refused.value}"
    assert "\n" not in str(refused.value)


def test_a_declared_email_may_not_be_a_seeded_staff_email(tmp_path: Path) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text("staff:\n  - {name: A, email: Owner@Example.com, role: Accountant}\n")
    with pytest.raises(StaffFileError, match="used twice"):
        load_staff_file(path, {"owner@example.com"})


# -- "now" ---------------------------------------------------------------------------------
def test_the_window_ends_today_unless_pinned() -> None:
    assert resolve_params("full").end == today_utc()
    assert resolve_params("light").end == today_utc()
    assert resolve_params("full", {"end": "2025-10-31"}).end == dt.date(2025, 10, 31)


def test_fiscal_periods_run_through_the_as_of_month() -> None:
    from terp_seed.generate import reference

    params = params_for("full", end="2026-03-17")
    periods = reference.generate(params)["fiscalPeriods"]
    assert periods["id"].iloc[0] == 1
    last = periods.iloc[-1]
    assert last["status"] == "OPEN" and last["startDate"] <= params.end <= last["endDate"]
    assert (periods["status"].iloc[:-1] == "CLOSED").all()


def test_the_summary_names_the_as_of_and_the_command_that_reproduces_it() -> None:
    params = resolve_params("light", {"end": "2025-10-31", "buyers": 12, "seed": 7})
    summary = params.summary()
    assert summary["as_of"] == "2025-10-31"
    words = summary["command"].split()
    flags = dict(zip(words[2::2], words[3::2], strict=True))
    again = resolve_params(flags.pop("--profile"), {k[2:]: v for k, v in flags.items()})
    assert again == params, f"{summary['command']} does not reproduce {params}"
