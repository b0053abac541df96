"""Users: create, sign in (argon2id, slow-down stored per login), change roles and passwords.

The first user of an empty database may be created without signing in (the first start of
the app offers it, and `softphone users add` does it from a shell); every later change needs
an admin and is written to the audit log. Misses under a login nobody has are counted too
(sign_in_misses) and slowed down on the same schedule, so probing for logins gains nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from softphone.crm.auth import audit, passwords
from softphone.crm.auth.models import SignInMiss, User
from softphone.crm.auth.roles import Permission, Principal, Role, require, signed_in
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import Operator
from softphone.crm.models.base import utcnow


class SignInFailed(PermissionError):
    """Wrong login or password; deliberately does not say which."""

    def __init__(self) -> None:
        super().__init__("Неверный логин или пароль")


class SignInThrottled(PermissionError):
    """Too many misses in a row for this login; `retry_after` says how long to wait."""

    def __init__(self, retry_after: timedelta) -> None:
        self.retry_after = retry_after
        seconds = max(1, int(retry_after.total_seconds() + 0.999))
        super().__init__(f"Слишком много неудачных попыток входа. Повторите через {seconds} с")


# Unknown-login misses idle this long are dropped, so random logins cannot fill the table.
MISS_KEPT = timedelta(days=1)


class NoUsersYet(PermissionError):
    """A sign-in without a dialog on an empty database, which only the first start sets up."""

    def __init__(self) -> None:
        super().__init__(
            "В базе ещё нет пользователей: создайте администратора при первом запуске "
            "или командой «softphone users add ЛОГИН --role admin»"
        )


class UserError(ValueError):
    """Invalid user data; the message is shown to the user as is."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    display_name: str
    role: Role
    active: bool


def _principal(user: User, operator: Operator) -> Principal:
    return Principal(user.id, operator.id, operator.login, operator.display_name, Role(user.role))


def _role(value: str | Role) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise UserError(f"Неизвестная роль «{value}»: operator, supervisor или admin") from None


class UserService:
    def __init__(
        self,
        db: Database,
        principal: Principal | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._db = db
        self._principal = principal
        self._now = now

    def has_users(self) -> bool:
        with self._db.session() as session:
            return bool(session.scalar(select(func.count()).select_from(User)))

    def create(
        self, login: str, password: str, role: Role | str, *, display_name: str = ""
    ) -> UserInfo:
        """A new user; needs an admin unless this is the very first user of the database."""
        login, display_name = clean(login).strip(), clean(display_name).strip()
        role = _role(role)
        if not login:
            raise UserError("Не указан логин")
        passwords.check_strength(password)
        password_hash = passwords.hash_password(password)  # slow: outside the write lock
        with self._db.session(write=True) as session:
            first = not session.scalar(select(func.count()).select_from(User))
            who = self._principal
            if not first or self._principal is not None:
                who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
            if first and role is not Role.ADMIN:
                raise UserError("Первым пользователем должен быть администратор")
            operator = session.scalar(select(Operator).where(Operator.login == login))
            if operator is None:
                operator = Operator(login=login, display_name=display_name or login)
                session.add(operator)
                session.flush()
            elif session.scalar(select(User).where(User.operator_id == operator.id)):
                raise UserError(f"Пользователь «{login}» уже существует")
            elif display_name:
                operator.display_name = display_name
            user = User(operator_id=operator.id, role=role.value, password_hash=password_hash)
            session.add(user)
            session.execute(delete(SignInMiss).where(SignInMiss.login == login))
            session.flush()
            audit.write(session, who, "user.create", f"{login}: {role.value}")
            return UserInfo(user.id, login, operator.display_name, role, True)

    def sign_in(self, login: str, password: str) -> Principal:
        """The principal for correct credentials; a throttled login is refused before checking."""
        login = clean(login).strip()
        with self._db.session() as session:
            found = self._find(session, login)
            if found is None:
                miss = session.get(SignInMiss, login[:64])
                wait = self._wait(miss) if miss is not None else timedelta(0)
            else:
                wait = self._wait(found[0])
            if wait > timedelta(0):
                raise SignInThrottled(wait)
            active, stored = (found[0].active, found[0].password_hash) if found else (False, "")
        if found is None:
            passwords.burn_time(password)  # the same cost as a wrong password
            self._count_unknown_miss(login)
            raise SignInFailed
        ok = active and passwords.verify(stored, password)
        with self._db.session(write=True) as session:
            user, operator = self._find(session, login) or (None, None)
            if user is None or operator is None:
                raise SignInFailed
            if not ok:
                user.failed_attempts += 1
                user.last_failure_at = self._now()
            else:
                user.failed_attempts = 0
                user.last_failure_at = None
                if passwords.needs_rehash(user.password_hash):
                    user.password_hash = passwords.hash_password(password)
                principal = _principal(user, operator)
        if not ok:
            raise SignInFailed
        return principal

    def set_role(self, login: str, role: Role | str) -> None:
        role = _role(role)
        who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
        with self._db.session(write=True) as session:
            user, _ = self._existing(session, login)
            if user.role == Role.ADMIN and role is not Role.ADMIN:
                self._keep_an_admin(session, user)
            user.role = role.value
            audit.write(session, who, "user.role", f"{login}: {role.value}")

    def set_password(self, login: str, password: str) -> None:
        """Admins reset anyone's password; everyone may change their own."""
        who = self._principal or signed_in(self._db)
        if who is None or who.login != login:
            who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
        passwords.check_strength(password)
        password_hash = passwords.hash_password(password)
        with self._db.session(write=True) as session:
            user, _ = self._existing(session, login)
            user.password_hash = password_hash
            user.failed_attempts = 0
            user.last_failure_at = None
            audit.write(session, who, "user.password", login)

    def set_active(self, login: str, active: bool) -> None:
        who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
        with self._db.session(write=True) as session:
            user, _ = self._existing(session, login)
            if not active and user.role == Role.ADMIN:
                self._keep_an_admin(session, user)
            user.active = active
            audit.write(session, who, "user.active", f"{login}: {active}")

    def list(self) -> list[UserInfo]:
        require(self._principal, Permission.MANAGE_USERS, db=self._db)
        query = select(User, Operator).join(Operator).order_by(Operator.login)
        with self._db.session() as session:
            return [
                UserInfo(u.id, o.login, o.display_name, Role(u.role), u.active)
                for u, o in session.execute(query)
            ]

    def _wait(self, record: User | SignInMiss) -> timedelta:
        if record.last_failure_at is None:
            return timedelta(0)
        until = record.last_failure_at + passwords.delay_after(record.failed_attempts)
        return max(until - self._now(), timedelta(0))

    def _count_unknown_miss(self, login: str) -> None:
        now, key = self._now(), login[:64]
        for attempt in range(2):  # a second desk may insert the same login first
            try:
                with self._db.session(write=True) as session:
                    stale = SignInMiss.last_failure_at < now - MISS_KEPT
                    session.execute(delete(SignInMiss).where(stale))
                    miss = session.get(SignInMiss, key)
                    if miss is None:
                        session.add(SignInMiss(login=key, failed_attempts=1, last_failure_at=now))
                    else:
                        miss.failed_attempts += 1
                        miss.last_failure_at = now
                return
            except IntegrityError:
                if attempt:
                    raise

    @staticmethod
    def _find(session: Session, login: str) -> tuple[User, Operator] | None:
        query = select(User, Operator).join(Operator).where(Operator.login == login)
        row = session.execute(query).first()
        return None if row is None else (row[0], row[1])

    def _existing(self, session: Session, login: str) -> tuple[User, Operator]:
        found = self._find(session, clean(login).strip())
        if found is None:
            raise UserError(f"Пользователь «{login}» не найден")
        return found

    @staticmethod
    def _keep_an_admin(session: Session, user: User) -> None:
        keep_an_admin(session, user)


def keep_an_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave no active admin (nobody could manage users then)."""
    others = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
    )
    if not session.scalar(others):
        raise UserError("Нельзя лишить прав последнего администратора")
