"""Signed double-submit tokens for the HTML form.

The token sits in a cookie and in a hidden field; a forged cross-site POST can send the cookie
but cannot read it to copy it into the field, and cannot mint a token of its own because the
signature needs a key derived from the site's secret. Tokens expire after a day.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

MAX_AGE_S = 24 * 3600
COOKIE = "softphone_csrf"


def _signature(key: bytes, nonce: str, stamp: str) -> str:
    digest = hmac.new(key, f"{nonce}.{stamp}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue(key: bytes, now: float | None = None) -> str:
    nonce = secrets.token_urlsafe(16)
    stamp = str(int(time.time() if now is None else now))
    return f"{nonce}.{stamp}.{_signature(key, nonce, stamp)}"


def nonce_of(token: str) -> str:
    """The random part: unique per form load, so it doubles as the idempotency key."""
    return token.split(".", 1)[0]


def verify(key: bytes, cookie: str | None, field: str | None, now: float | None = None) -> bool:
    if not cookie or not field or len(field) > 200:
        return False
    if not hmac.compare_digest(cookie.encode(), field.encode()):
        return False
    parts = field.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    nonce, stamp, signature = parts
    if not hmac.compare_digest(signature, _signature(key, nonce, stamp)):
        return False
    age = (time.time() if now is None else now) - int(stamp)
    return -60 <= age <= MAX_AGE_S
