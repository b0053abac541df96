"""The early check (sqlite3 or psycopg, before SQLAlchemy) says yes only where the full check
would say yes and write nothing; every other case goes to the full check. Every case runs on
the embedded SQLite desk and on a team PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text, update

from softphone.crm.auth import Role, SignInFailed, UserService
from softphone.crm.auth.early import early_sign_in, users_on_file
from softphone.crm.auth.models import SipAccountRow, User
from softphone.crm.db import Database
from softphone.sip import usable_stun_servers

PASSWORD = "верный пароль 1"


def _identity_of_full_check(db: Database, login: str) -> tuple[object, ...]:
    p = UserService(db).sign_in(login, PASSWORD)
    return (p.user_id, p.operator_id, p.login, p.display_name, p.role.value)


def test_the_right_password_gives_the_full_checks_identity(database: Database) -> None:
    UserService(database).create("admin", PASSWORD, Role.ADMIN, display_name="Мария Иванова")
    early = early_sign_in(database.url, "admin", PASSWORD)
    before = _user_row(database)
    full = _identity_of_full_check(database, "admin")
    assert _user_row(database) == before  # where the early check says yes, nothing is written
    assert early is not None
    assert (early.user_id, early.operator_id, early.login, early.display_name, early.role) == full
    assert early_sign_in(database.url, "  admin ", PASSWORD) is not None  # cleaned like the full


def _user_row(db: Database) -> tuple[object, ...]:
    with db.session() as session:
        return tuple(session.execute(text("SELECT * FROM users")).one())


@pytest.fixture
def desk_db(database: Database) -> Database:
    """A desk of each kind with one admin."""
    UserService(database).create("admin", PASSWORD, Role.ADMIN)
    return database


def test_a_wrong_password_goes_to_the_full_check_which_counts_it(desk_db: Database) -> None:
    assert early_sign_in(desk_db.url, "admin", PASSWORD + "x") is None
    with pytest.raises(SignInFailed):
        UserService(desk_db).sign_in("admin", PASSWORD + "x")
    # a miss on record: even the right password goes to the full check, which clears it
    assert early_sign_in(desk_db.url, "admin", PASSWORD) is None
    UserService(desk_db).sign_in("admin", PASSWORD)
    assert early_sign_in(desk_db.url, "admin", PASSWORD) is not None


def test_unknown_inactive_and_old_schema_go_to_the_full_check(desk_db: Database) -> None:
    assert early_sign_in(desk_db.url, "nobody", PASSWORD) is None
    assert early_sign_in(desk_db.url, "", PASSWORD) is None
    with desk_db.session(write=True) as session:
        session.execute(update(User).values(active=False))
    assert early_sign_in(desk_db.url, "admin", PASSWORD) is None
    with desk_db.session(write=True) as session:
        session.execute(update(User).values(active=True))
        session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert early_sign_in(desk_db.url, "admin", PASSWORD) is None


def test_no_file_is_created_and_other_urls_are_declined(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "crm.sqlite3"
    assert early_sign_in(f"sqlite:///{missing}", "admin", PASSWORD) is None
    assert not missing.parent.exists()
    assert early_sign_in("sqlite://", "admin", PASSWORD) is None
    assert early_sign_in(f"sqlite:///{tmp_path}/x.db?mode=ro", "admin", PASSWORD) is None
    assert early_sign_in("postgresql://u@127.0.0.1:1/crm", "admin", PASSWORD) is None


def test_the_enabled_accounts_stun_servers_come_along(desk_db: Database) -> None:
    with desk_db.session(write=True) as session:
        for name, stun, enabled in (("zeta", "stun.zeta.lan", True), ("plain", "", True),
                                    ("office", "stun.office.lan:3478", True),
                                    ("old", "stun.old.lan", False)):
            session.add(SipAccountRow(name=name, server="pbx.lan", port=5060, username=name,
                                      stun_server=stun, enabled=enabled))
    early = early_sign_in(desk_db.url, "admin", PASSWORD)
    assert early is not None
    assert early.stun_entries == (
        ("office", "stun.office.lan:3478"), ("plain", ""), ("zeta", "stun.zeta.lan"))
    # the same servers, in the same order, as the full path reads them
    from softphone.registration import stored_stun_servers

    assert usable_stun_servers(early.stun_entries) == stored_stun_servers(desk_db)


def test_the_early_check_never_loads_sqlalchemy() -> None:
    code = ("import sys; import softphone.crm.auth.early, softphone.ui.tasks, "
            "softphone.ui.crm_link; print(sorted(m for m in sys.modules if 'sqlalchemy' in m))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_users_on_file_says_whether_the_dialog_creates_the_first_admin(
    database: Database, tmp_path: Path
) -> None:
    assert users_on_file(database.url) == 0
    UserService(database).create("admin", PASSWORD, Role.ADMIN)
    assert users_on_file(database.url) == 1
    with database.session(write=True) as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert users_on_file(database.url) is None  # migrations first: the full path
    assert users_on_file(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None
    assert not (tmp_path / "missing.sqlite3").exists()
