"""Staff logins as TERP checks them: email plus a bcrypt hash (cost 10) in users.loginMethod."""

import base64

import bcrypt

from terp_seed.generate.streams import stream
from terp_seed.terp.access import BCRYPT_PREFIX

STREAMS = "access"

# bcrypt writes its salt in its own base64 alphabet.
_STANDARD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BCRYPT = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def bcrypt_salt(seed: int, email: str) -> bytes:
    """A cost-10 bcrypt salt keyed by (seed, email): the same seed gives the same hash bytes."""
    raw = stream(seed, STREAMS, f"salt:{email.lower()}").bytes(16)
    encoded = base64.b64encode(raw).translate(bytes.maketrans(_STANDARD, _BCRYPT))
    return BCRYPT_PREFIX.encode() + encoded[:22]


def login_hash(password: str, seed: int, email: str) -> str:
    """The `users.loginMethod` value for a staff member: bcrypt of the staging password."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt_salt(seed, email)).decode("ascii")
