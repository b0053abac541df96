"""Sign-in, roles and the audit log (no Qt).

UserService signs people in and manages users; `require(principal, Permission.X)` guards every
protected service operation; AuditService reads the log that `audit.write` fills.

The names load on first use (PEP 562): `softphone.crm.auth.passwords` and `.early` are used
before SQLAlchemy is imported (the first screen, issue #15), and a package that imported its
services here would load SQLAlchemy with them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from softphone.crm.auth.audit import AuditRecord, AuditService
    from softphone.crm.auth.roles import (
        Permission,
        PermissionDenied,
        Principal,
        Role,
        enforce_sign_in,
        require,
        signed_in,
        start_session,
    )
    from softphone.crm.auth.users import (
        SignInFailed,
        SignInThrottled,
        UserError,
        UserInfo,
        UserService,
    )

_MODULE_OF = {
    "AuditRecord": "audit",
    "AuditService": "audit",
    "Permission": "roles",
    "PermissionDenied": "roles",
    "Principal": "roles",
    "Role": "roles",
    "enforce_sign_in": "roles",
    "require": "roles",
    "signed_in": "roles",
    "start_session": "roles",
    "SignInFailed": "users",
    "SignInThrottled": "users",
    "UserError": "users",
    "UserInfo": "users",
    "UserService": "users",
}
__all__ = [
    "AuditRecord",
    "AuditService",
    "Permission",
    "PermissionDenied",
    "Principal",
    "Role",
    "SignInFailed",
    "SignInThrottled",
    "UserError",
    "UserInfo",
    "UserService",
    "enforce_sign_in",
    "require",
    "signed_in",
    "start_session",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once
    return value
