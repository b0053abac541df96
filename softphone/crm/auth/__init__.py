"""Sign-in, roles and the audit log (no Qt).

UserService signs people in and manages users; `require(principal, Permission.X)` guards every
protected service operation; AuditService reads the log that `audit.write` fills.
"""

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
