"""The staging team's own people and flag settings, declared in a file every seed reads.

A nightly re-seed replaces every table; what the staging team set up by hand would be lost,
so they declare it instead (YAML or TOML):

    staff:
      - {name: Dana Reyes, email: dana@staging.example, role: Super Admin}
      - {name: Sam Ortiz, email: sam@staging.example, role: Sales Manager}
    flags:
      leaderboard: true
      sms-enabled: false

Roles are TERP's role names; flags are keys of TERP's server flag list. A malformed file,
an unknown role or flag, or an email used twice is refused with one line before anything
is written.
"""

import dataclasses
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from terp_seed.params import ParameterError
from terp_seed.terp.access import (
    DEFAULT_STAFF_PASSWORD,
    STAFF_FILE_ENV,
    STAFF_PASSWORD_ENV,
    flag_keys,
    role_names,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# users.openId is varchar(64) and a declared person's openId is their email, as TERP's own
# account creation does it.
_MAX_EMAIL = 64


class StaffFileError(ParameterError):
    """The staff file cannot be used; the message is one line naming the problem."""


@dataclasses.dataclass(frozen=True)
class DeclaredStaff:
    """One person the staging team declared: their name, login email and TERP role."""

    name: str
    email: str
    role: str


@dataclasses.dataclass(frozen=True)
class StaffFile:
    """What a staff file declares: extra staff and flag settings (key -> enabled)."""

    staff: tuple[DeclaredStaff, ...] = ()
    flags: tuple[tuple[str, bool], ...] = ()


def staff_password() -> str:
    """The staging password: TERP_SEED_STAFF_PASSWORD, else the documented local default."""
    return os.environ.get(STAFF_PASSWORD_ENV) or DEFAULT_STAFF_PASSWORD


def staff_file_from_environment(taken_emails: set[str] = frozenset()) -> StaffFile:
    """The staff file named by TERP_SEED_STAFF_FILE, or an empty declaration."""
    path = os.environ.get(STAFF_FILE_ENV)
    return load_staff_file(Path(path), taken_emails) if path else StaffFile()


def load_staff_file(path: Path, taken_emails: set[str] = frozenset()) -> StaffFile:
    """Read and validate a staff file.

    Args:
        path: A .yaml/.yml or .toml file.
        taken_emails: Emails the seeded staff already use (lower case).

    Returns:
        The declared staff and flags.

    Raises:
        StaffFileError: Unreadable or malformed, an unknown role or flag, a duplicate email.
    """
    raw = _parse(path)
    if not isinstance(raw, dict) or set(raw) - {"staff", "flags"}:
        raise StaffFileError(f"staff file {path}: expected only the keys 'staff' and 'flags'")
    staff = tuple(_person(path, i, entry) for i, entry in enumerate(raw.get("staff") or []))
    seen = {email.lower() for email in taken_emails}
    for person in staff:
        if person.email.lower() in seen:
            raise StaffFileError(f"staff file {path}: email {person.email} is used twice")
        seen.add(person.email.lower())
    return StaffFile(staff=staff, flags=_flags(path, raw.get("flags") or {}))


def _parse(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise StaffFileError(f"staff file {path}: cannot read it ({error.strerror})") from None
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text)
        if path.suffix.lower() in (".yaml", ".yml"):
            return yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        reason = str(error).splitlines()[0]
        raise StaffFileError(f"staff file {path}: not valid {path.suffix[1:]}: {reason}") from None
    raise StaffFileError(f"staff file {path}: use a .yaml, .yml or .toml file")


def _person(path: Path, index: int, entry: Any) -> DeclaredStaff:
    where = f"staff file {path}: staff entry {index + 1}"
    if not isinstance(entry, dict) or set(entry) != {"name", "email", "role"}:
        raise StaffFileError(f"{where}: needs exactly name, email and role")
    name, email, role = (str(entry[key]).strip() for key in ("name", "email", "role"))
    if not name:
        raise StaffFileError(f"{where}: the name is empty")
    if not _EMAIL.match(email) or len(email) > _MAX_EMAIL:
        raise StaffFileError(f"{where}: {email!r} is not an email of at most {_MAX_EMAIL} chars")
    if role not in role_names():
        raise StaffFileError(
            f"{where}: unknown role {role!r}; TERP's roles: {', '.join(role_names())}"
        )
    return DeclaredStaff(name, email, role)


def _flags(path: Path, flags: Any) -> tuple[tuple[str, bool], ...]:
    if not isinstance(flags, dict):
        raise StaffFileError(f"staff file {path}: flags must map flag keys to true or false")
    for key, enabled in flags.items():
        if key not in flag_keys():
            raise StaffFileError(f"staff file {path}: unknown flag {key!r}")
        if not isinstance(enabled, bool):
            raise StaffFileError(f"staff file {path}: flag {key} must be true or false")
    return tuple(sorted(flags.items()))
