"""Websites allowed to submit requests, and how their submissions are authenticated.

The bearer token is shown once when the site is added and only its SHA-256 is stored, so a
copy of the database cannot submit. The HMAC secret has to stay readable to check
signatures; it is kept out of reprs and logs and printed only by `softphone intake add-site`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.models import Site

SITE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SIGNATURE_PREFIX = "sha256="


@dataclass(frozen=True)
class SiteInfo:
    id: int
    name: str
    active: bool
    token_hash: str = field(repr=False)
    hmac_secret: str = field(repr=False)

    def token_matches(self, token: str) -> bool:
        return hmac.compare_digest(hash_token(token), self.token_hash)

    def signature_matches(self, body: bytes, header: str) -> bool:
        """`header` is "sha256=<hex HMAC-SHA256 of the raw body>"."""
        if not header.startswith(SIGNATURE_PREFIX):
            return False
        expected = hmac.new(self.hmac_secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, header[len(SIGNATURE_PREFIX) :].strip().lower())

    def derived_key(self, purpose: str) -> bytes:
        """A key for one purpose (form CSRF tokens) that never reveals the HMAC secret."""
        return hmac.new(self.hmac_secret.encode(), purpose.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class SiteCredentials:
    """What the site owner gets once: nothing here can be recovered later."""

    site: SiteInfo
    token: str = field(repr=False)
    hmac_secret: str = field(repr=False)


class SiteExists(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Сайт «{name}» уже зарегистрирован")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(secret: str, body: bytes) -> str:
    """The X-Signature header value a site sends with `body` (also used by tests and bench)."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _info(row: Site) -> SiteInfo:
    return SiteInfo(row.id, row.name, row.active, row.token_hash, row.hmac_secret)


class SiteService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        """`principal` is who adds sites; the intake service only reads."""
        self._db = db
        self._principal = principal

    def add(self, name: str) -> SiteCredentials:
        who = require(self._principal, Permission.MANAGE_SITES, db=self._db)
        name = name.strip().lower()
        if not SITE_NAME.match(name):
            raise ValueError(
                f"Имя сайта «{name}» не подходит: латинские буквы, цифры, точка, дефис, "
                "до 64 символов"
            )
        token = secrets.token_urlsafe(32)
        secret = secrets.token_hex(32)
        try:
            with self._db.session(write=True) as session:
                row = Site(name=name, token_hash=hash_token(token), hmac_secret=secret)
                session.add(row)
                session.flush()
                info = _info(row)
                audit.write(session, who, "site.add", name)
        except IntegrityError:
            raise SiteExists(name) from None
        return SiteCredentials(info, token, secret)

    def get(self, name: str) -> SiteInfo | None:
        with self._db.session() as session:
            row = session.execute(select(Site).where(Site.name == name)).scalar_one_or_none()
            return _info(row) if row is not None else None

    def list(self) -> list[SiteInfo]:
        with self._db.session() as session:
            return [_info(r) for r in session.execute(select(Site).order_by(Site.name)).scalars()]
