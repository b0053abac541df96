"""Operators' profiles for the admin's users page: the name the script introduces them by,
the role, the number colleagues transfer callers to (issue #17), enabled or not.

One admin's edit of one user is one transaction with one audit entry per changed field, so
the log says exactly what changed. Everyone may change their own display name (the «Оператор»
settings tab); everything else here needs Permission.MANAGE_USERS.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from softphone.crm.agent.status import check_target
from softphone.crm.auth import audit
from softphone.crm.auth.models import User
from softphone.crm.auth.roles import Permission, Principal, Role, require, signed_in
from softphone.crm.auth.users import UserError, UserService, keep_an_admin
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import Operator

MAX_NAME = 100  # «Меня зовут …»: a name, not a paragraph


@dataclass(frozen=True)
class UserProfile:
    login: str
    display_name: str
    role: Role
    active: bool
    transfer_target: str  # an extension ("104") or a SIP URI; "" when none


def check_display_name(text: str) -> str:
    name = " ".join(clean(text).split())
    if not name:
        raise UserError("Укажите имя, которым оператор представляется в разговоре")
    if len(name) > MAX_NAME:
        raise UserError(f"Имя слишком длинное: не больше {MAX_NAME} знаков")
    return name


def _profile(user: User, operator: Operator) -> UserProfile:
    return UserProfile(
        operator.login, operator.display_name, Role(user.role), user.active,
        operator.transfer_target,
    )


class ProfileService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db, self._principal = db, principal

    def list(self) -> list[UserProfile]:
        """Every user with a sign-in, by login; admins only."""
        require(self._principal, Permission.MANAGE_USERS, db=self._db)
        query = select(User, Operator).join(Operator).order_by(Operator.login)
        with self._db.session() as session:
            return [_profile(u, o) for u, o in session.execute(query)]

    def update(
        self, login: str, *, display_name: str, role: Role | str, active: bool,
        transfer_target: str,
    ) -> UserProfile:
        """An admin's edit of one user: checked first, then saved and audited together."""
        who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
        name, target = check_display_name(display_name), check_target(transfer_target)
        try:
            new_role = Role(role)
        except ValueError:
            raise UserError(f"Неизвестная роль «{role}»") from None
        with self._db.session(write=True) as session:
            user, operator = _existing(session, login)
            if who is not None and who.user_id == user.id and not active:
                raise UserError("Нельзя отключить собственную учётную запись")
            losing_admin = user.role == Role.ADMIN and (new_role is not Role.ADMIN or not active)
            if losing_admin and user.active:
                keep_an_admin(session, user)
            login = operator.login
            if operator.display_name != name:
                operator.display_name = name
                audit.write(session, who, "user.display_name", f"{login}: «{name}»")
            if user.role != new_role.value:
                user.role = new_role.value
                audit.write(session, who, "user.role", f"{login}: {new_role.value}")
            if operator.transfer_target != target:
                operator.transfer_target = target
                audit.write(session, who, "operator.transfer_target", f"{login}: «{target}»")
            if user.active != active:
                user.active = active
                audit.write(session, who, "user.active", f"{login}: {active}")
            return _profile(user, operator)

    def reset_password(self, login: str, password: str) -> None:
        """An admin sets a new password (argon2id, audited) through UserService."""
        UserService(self._db, self._principal).set_password(login, password)

    def set_own_display_name(self, display_name: str) -> str:
        """The signed-in person's own name for the script; returns it as saved."""
        who = self._principal or signed_in(self._db)
        if who is None:
            raise UserError("Войдите в программу, чтобы изменить своё имя")
        name = check_display_name(display_name)
        with self._db.session(write=True) as session:
            operator = session.get(Operator, who.operator_id)
            if operator is None:
                raise UserError(f"Оператор «{who.login}» не найден")
            if operator.display_name != name:
                operator.display_name = name
                audit.write(session, who, "user.display_name", f"{operator.login}: «{name}»")
        return name


def _existing(session: Session, login: str) -> tuple[User, Operator]:
    query = select(User, Operator).join(Operator).where(Operator.login == clean(login).strip())
    row = session.execute(query).first()
    if row is None:
        raise UserError(f"Пользователь «{login}» не найден")
    return row[0], row[1]
