"""The audit log: admin changes and access to recordings, readable by admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from softphone.crm.auth.models import AuditEntry
from softphone.crm.auth.roles import Permission, PermissionDenied, Principal, require
from softphone.crm.db import Database
from softphone.crm.models.base import utcnow

# Who acts when no one signed in: command-line tools run by whoever owns the database.
SYSTEM_ACTOR = "система"


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    details: str


def actor_of(principal: Principal | None) -> str:
    return principal.login if principal is not None else SYSTEM_ACTOR


def write(session: Session, principal: Principal | None, action: str, details: str = "") -> None:
    """Add an entry in the caller's transaction: the change and its record commit together."""
    session.add(AuditEntry(at=utcnow(), actor=actor_of(principal), action=action, details=details))


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, principal: Principal | None, action: str, details: str = "") -> None:
        with self._db.session(write=True) as session:
            write(session, principal, action, details)

    def entries(self, principal: Principal | None, *, limit: int = 500) -> list[AuditRecord]:
        """Newest first. Always needs an admin: the log is not for tools without sign-in."""
        if principal is None:
            raise PermissionDenied(Permission.VIEW_AUDIT_LOG, None)
        require(principal, Permission.VIEW_AUDIT_LOG)
        query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        with self._db.session() as session:
            rows = session.execute(query.limit(limit)).scalars()
            return [AuditRecord(r.id, r.at, r.actor, r.action, r.details) for r in rows]
