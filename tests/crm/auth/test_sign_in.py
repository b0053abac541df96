"""Sign-in: argon2id hashes only, wrong passwords, a slow-down that survives restarts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from softphone.crm.auth import Role, SignInFailed, SignInThrottled, UserError, UserService
from softphone.crm.auth.models import SignInMiss, User
from softphone.crm.auth.passwords import WeakPassword, delay_after
from softphone.crm.db import Database

PASSWORD = "верный пароль 1"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_first_user_must_be_an_admin_and_is_stored_as_argon2id(database: Database) -> None:
    users = UserService(database)
    assert not users.has_users()
    with pytest.raises(UserError, match="Первым пользователем должен быть администратор"):
        users.create("anna", PASSWORD, Role.OPERATOR)
    with pytest.raises(WeakPassword, match="не короче 8"):
        users.create("admin", "short", Role.ADMIN)
    info = users.create("admin", PASSWORD, Role.ADMIN, display_name="Мария")
    assert (info.login, info.role, info.display_name) == ("admin", Role.ADMIN, "Мария")
    with database.session() as session:
        stored = session.scalar(select(User.password_hash))
        dump = "\n".join(str(r) for r in session.execute(text("SELECT * FROM users")))
    assert stored is not None and stored.startswith("$argon2id$v=19$")
    assert PASSWORD not in dump
    principal = users.sign_in("admin", PASSWORD)
    assert (principal.login, principal.role, principal.display_name) == (
        "admin",
        Role.ADMIN,
        "Мария",
    )


def test_wrong_password_and_unknown_login_read_the_same(database: Database) -> None:
    users = UserService(database)
    users.create("admin", PASSWORD, Role.ADMIN)
    with pytest.raises(SignInFailed, match="Неверный логин или пароль"):
        users.sign_in("admin", PASSWORD + "x")
    with pytest.raises(SignInFailed, match="Неверный логин или пароль"):
        users.sign_in("nobody", PASSWORD)


def test_a_hash_that_is_not_argon2id_never_signs_in(database: Database) -> None:
    users = UserService(database)
    users.create("admin", PASSWORD, Role.ADMIN)
    # A plaintext (or any other scheme) value planted in the column must not be accepted.
    with database.session(write=True) as session:
        session.execute(text("UPDATE users SET password_hash = :p"), {"p": PASSWORD})
    with pytest.raises(SignInFailed):
        users.sign_in("admin", PASSWORD)


def test_repeated_failures_slow_down_and_the_delay_survives_a_restart(database_url: str) -> None:
    clock = Clock()
    db = Database.open(database_url)
    try:
        UserService(db, now=clock).create("admin", PASSWORD, Role.ADMIN)
        users = UserService(db, now=clock)
        for _ in range(3):
            with pytest.raises(SignInFailed):
                users.sign_in("admin", "wrong password")
    finally:
        db.dispose()
    db = Database.open(database_url)  # a restart of the app
    try:
        users = UserService(db, now=clock)
        with pytest.raises(SignInThrottled, match="Повторите через 2 с") as refused:
            users.sign_in("admin", PASSWORD)  # even the right password waits
        assert refused.value.retry_after == timedelta(seconds=2)
        clock.now += timedelta(seconds=2)
        with pytest.raises(SignInFailed):
            users.sign_in("admin", "wrong again")  # fourth miss: 4 s now
        clock.now += timedelta(seconds=3)
        with pytest.raises(SignInThrottled, match="через 1 с"):
            users.sign_in("admin", PASSWORD)
        clock.now += timedelta(seconds=1)
        assert users.sign_in("admin", PASSWORD).login == "admin"
        with db.session() as session:
            assert session.scalar(select(User.failed_attempts)) == 0
    finally:
        db.dispose()


def test_delay_schedule_grows_and_is_capped() -> None:
    delays = [delay_after(n).total_seconds() for n in range(0, 12)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:7] == [2, 4, 8, 16]
    assert all(a <= b for a, b in itertools.pairwise(delays))
    assert delay_after(100) == timedelta(minutes=5)


def test_deactivated_user_cannot_sign_in_and_last_admin_is_kept(database: Database) -> None:
    first = UserService(database)
    first.create("admin", PASSWORD, Role.ADMIN)
    admin = UserService(database, first.sign_in("admin", PASSWORD))
    admin.create("anna", PASSWORD, Role.OPERATOR)
    with pytest.raises(UserError, match="последнего администратора"):
        admin.set_role("admin", Role.OPERATOR)
    admin.set_active("anna", False)
    with pytest.raises(SignInFailed):
        first.sign_in("anna", PASSWORD)
    admin.set_active("anna", True)
    assert first.sign_in("anna", PASSWORD).role is Role.OPERATOR
    with pytest.raises(UserError, match="уже существует"):
        admin.create("anna", PASSWORD, Role.OPERATOR)


def test_unknown_logins_are_slowed_down_like_wrong_passwords(database_url: str) -> None:
    """Probing logins costs as much as guessing passwords: the same schedule, the same words,
    kept across a restart; a login that gets a user later starts clean."""
    clock = Clock()
    db = Database.open(database_url)
    try:
        UserService(db, now=clock).create("admin", PASSWORD, Role.ADMIN)
        users = UserService(db, now=clock)
        for login in ("admin", "nobody"):
            for _ in range(3):
                with pytest.raises(SignInFailed, match="Неверный логин или пароль"):
                    users.sign_in(login, "wrong password")
    finally:
        db.dispose()
    db = Database.open(database_url)  # a restart of the app
    try:
        users = UserService(db, now=clock)
        refusals = []
        for login in ("admin", "nobody"):
            with pytest.raises(SignInThrottled) as refused:
                users.sign_in(login, PASSWORD)
            refusals.append((str(refused.value), refused.value.retry_after))
        assert refusals[0] == refusals[1] == ("Слишком много неудачных попыток входа. "
                                              "Повторите через 2 с", timedelta(seconds=2))
        clock.now += timedelta(seconds=2)
        with pytest.raises(SignInFailed):
            users.sign_in("nobody", "wrong again")  # fourth miss: 4 s now, as for a user
        clock.now += timedelta(seconds=3)
        with pytest.raises(SignInThrottled, match="через 1 с"):
            users.sign_in("nobody", PASSWORD)
        with pytest.raises(SignInFailed):
            users.sign_in("someone else", PASSWORD)  # counted per login, like users
        with db.session() as session:
            rows = session.execute(select(SignInMiss.login, SignInMiss.failed_attempts))
            misses = {login: count for login, count in rows}
        assert misses == {"nobody": 4, "someone else": 1}
    finally:
        db.dispose()


def test_unknown_login_misses_are_pruned_and_cleared_by_a_new_user(database: Database) -> None:
    clock = Clock()
    users = UserService(database, now=clock)
    users.create("admin", PASSWORD, Role.ADMIN)
    for login in ("old", "anna"):
        with pytest.raises(SignInFailed):
            users.sign_in(login, PASSWORD)
    clock.now += timedelta(days=1, seconds=1)
    with pytest.raises(SignInFailed):
        users.sign_in("fresh", PASSWORD)  # writing a miss drops the ones idle for a day
    with database.session() as session:
        assert set(session.scalars(select(SignInMiss.login))) == {"fresh"}
    UserService(database, users.sign_in("admin", PASSWORD), now=clock).create(
        "fresh", PASSWORD, Role.OPERATOR
    )
    with database.session() as session:
        assert set(session.scalars(select(SignInMiss.login))) == set()
    assert users.sign_in("fresh", PASSWORD).login == "fresh"
