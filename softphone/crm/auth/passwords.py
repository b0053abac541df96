"""Password hashing (argon2id only) and the sign-in slow-down schedule."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's RFC 9106 "low memory" profile: argon2id, 64 MiB, 3 passes (~0.1 s here).
_HASHER = PasswordHasher(type=Type.ID)
MIN_LENGTH = 8
FREE_FAILURES = 2  # typos: no wait after the first two misses
MAX_DELAY = timedelta(minutes=5)


class WeakPassword(ValueError):
    """The message is shown to the user as is."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Пароль должен быть не короче {MIN_LENGTH} символов")
    if password.strip() != password:
        raise WeakPassword("Пароль не должен начинаться или заканчиваться пробелом")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    """True if `password` matches; anything but an argon2id hash never matches."""
    if not stored_hash.startswith("$argon2id$"):
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


# Verified against when the login is unknown, so a miss costs the same time either way. A
# stored hash of a throw-away password, not one made at import (that cost ~0.2 s every start);
# should the hasher's parameters ever change, a fresh one is made once so the costs still match.
_STORED_DUMMY = (
    "$argon2id$v=19$m=65536,t=3,p=4$WWBZXIP0qRoCxJWMJwNskg$"
    "eWEANHXdjUwjxyLlADkHOVagNUk1r+3FBghefF1hH6g"
)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    if _HASHER.check_needs_rehash(_STORED_DUMMY):
        return _HASHER.hash("softphone: no such user")
    return _STORED_DUMMY


def burn_time(password: str) -> None:
    verify(_dummy_hash(), password)


def delay_after(failures: int) -> timedelta:
    """Wait before the next attempt after `failures` consecutive misses: 2, 4, 8 ... s, ≤ 5 min."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    seconds = 2 ** min(failures - FREE_FAILURES, 16)
    return min(timedelta(seconds=seconds), MAX_DELAY)
