"""Roles, permissions and the one guard every protected service operation calls.

Roles are enforced here, in the services layer, so a hidden button is never the only defence.
The app always signs in and `start_session` marks the database as enforced: from then on a
missing principal is refused like a wrong one. The one place where "no principal" still
passes is a database nobody marked: the Qt-free command-line tools (`softphone db`,
`demo-data`, `kb`, `users add` for the first admin) run by whoever owns the database file or
server, who could change the tables directly anyway. No desk runs that way.
"""

from __future__ import annotations

import enum
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the sign-in dialog uses roles before SQLAlchemy is loaded
    from softphone.crm.db import Database


class Role(enum.StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_NAMES = {Role.OPERATOR: "оператор", Role.SUPERVISOR: "супервизор", Role.ADMIN: "администратор"}


class Permission(enum.StrEnum):
    VIEW_ALL_REPORTS = "view_all_reports"
    PLAY_RECORDINGS = "play_recordings"
    MANAGE_SIP_ACCOUNTS = "manage_sip_accounts"
    MANAGE_USERS = "manage_users"
    EDIT_KNOWLEDGE_BASE = "edit_knowledge_base"
    EDIT_CALL_GUIDE = "edit_call_guide"  # scripts, playbooks, phrases to avoid, dispositions
    MANAGE_SITES = "manage_sites"
    MANAGE_SERVICE_LEVELS = "manage_service_levels"
    MANAGE_RECORDING_POLICY = "manage_recording_policy"
    VIEW_AUDIT_LOG = "view_audit_log"


# What each permission lets one do, in the words of the refusal.
PERMISSION_TEXT = {
    Permission.VIEW_ALL_REPORTS: "просматривать отчёты всех операторов",
    Permission.PLAY_RECORDINGS: "прослушивать записи разговоров",
    Permission.MANAGE_SIP_ACCOUNTS: "настраивать SIP-учётные записи",
    Permission.MANAGE_USERS: "управлять пользователями и ролями",
    Permission.EDIT_KNOWLEDGE_BASE: "изменять базу знаний",
    Permission.EDIT_CALL_GUIDE: "изменять скрипт, фразы и итоги звонков",
    Permission.MANAGE_SITES: "подключать сайты",
    Permission.MANAGE_SERVICE_LEVELS: "изменять нормативы обслуживания",
    Permission.MANAGE_RECORDING_POLICY: "изменять правила записи разговоров",
    Permission.VIEW_AUDIT_LOG: "просматривать журнал аудита",
}

_SUPERVISOR = frozenset({Permission.VIEW_ALL_REPORTS, Permission.PLAY_RECORDINGS})
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset(),
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Principal:
    """The signed-in person; operator_id is what calls, orders and requests record."""

    user_id: int
    operator_id: int
    login: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


class PermissionDenied(PermissionError):
    """Raised by a protected operation; the message is shown to the user as is."""

    def __init__(self, permission: Permission, principal: Principal | None) -> None:
        self.permission = permission
        what = PERMISSION_TEXT[permission]
        if principal is None:
            text = f"Войдите в программу, чтобы {what}"
        else:
            holders = [ROLE_NAMES[r] for r in Role if permission in GRANTS[r]]
            text = (
                f"Недостаточно прав: {principal.login} ({ROLE_NAMES[principal.role]}) не может "
                f"{what}; это доступно ролям: {', '.join(holders)}"
            )
        super().__init__(text)


_ENFORCED: weakref.WeakSet[Database] = weakref.WeakSet()
_SIGNED_IN: weakref.WeakKeyDictionary[Database, Principal] = weakref.WeakKeyDictionary()


def enforce_sign_in(db: Database) -> None:
    """From now on every protected operation on `db` needs a principal."""
    _ENFORCED.add(db)


def sign_in_enforced(db: Database | None) -> bool:
    return db is not None and db in _ENFORCED


def start_session(db: Database, principal: Principal) -> None:
    """The desk's signed-in person acts for services built without a principal, and sign-in
    is enforced: the app's panels need not pass the principal through every constructor."""
    _SIGNED_IN[db] = principal
    enforce_sign_in(db)


def signed_in(db: Database | None) -> Principal | None:
    return _SIGNED_IN.get(db) if db is not None else None


def require(
    principal: Principal | None, permission: Permission, *, db: Database | None = None
) -> Principal | None:
    """Refuse unless the acting person holds `permission`; returns who acts (for the audit log).

    The acting person is `principal`, else the one signed in on `db`; nobody at all passes
    only on a database without a session: the owner's command-line tools (module docstring).
    """
    acting = principal if principal is not None else signed_in(db)
    if acting is None:
        if sign_in_enforced(db):
            raise PermissionDenied(permission, None)
        return None
    if not acting.can(permission):
        raise PermissionDenied(permission, acting)
    return acting
