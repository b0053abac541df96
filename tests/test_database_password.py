"""The team database's password comes from the secret store, not from settings.json.

A real PostgreSQL server that demands a SCRAM password for one role, and a real
keyrings.cryptfile store (this machine has no OS keyring; the app uses the OS one).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from softphone import database_password
from softphone.crm.db import CrmDatabaseError, Database, use_password_source
from softphone.secrets import SecretStore, os_backend
from softphone.settings import Settings
from tests.pgserver import PgServer

pytestmark = pytest.mark.timeout(60)
PASSWORD = "Пароль-базы-77"


@pytest.fixture(autouse=True)
def no_password_source() -> Iterator[None]:
    yield
    use_password_source(None)


@pytest.fixture
def guarded_role(postgres_server: PgServer) -> Iterator[str]:
    """A role that must give its password over TCP (the rest of the server stays trust)."""
    role = f"desk_{uuid.uuid4().hex[:8]}"
    postgres_server.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
    hba = postgres_server.datadir / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{original}")
    postgres_server.execute("SELECT pg_reload_conf()")
    try:
        yield f"postgresql://{role}@127.0.0.1:{postgres_server.port}/postgres"
    finally:
        hba.write_text(original)
        postgres_server.execute("SELECT pg_reload_conf()")
        postgres_server.execute(f"DROP ROLE {role}")


def _select_one(url: str) -> int:
    db = Database.open(url, migrate=False)
    try:
        with db.session() as session:
            return int(session.execute(text("SELECT 1")).scalar_one())
    finally:
        db.dispose()


def test_a_password_less_url_connects_with_the_stored_password(
    guarded_role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(OperationalError) as refused:  # no password anywhere: the server says no
        _select_one(guarded_role)
    assert PASSWORD not in str(refused.value)

    store = SecretStore.encrypted_file("мастер", tmp_path / "keys.cfg")
    key = database_password.store_password(guarded_role, PASSWORD, store)
    assert key.startswith("db:desk_") and PASSWORD not in key
    database_password.install(store)
    assert _select_one(guarded_role) == 1


def test_urls_that_cannot_take_a_stored_password_are_refused_in_russian(tmp_path: Path) -> None:
    store = SecretStore.encrypted_file("мастер", tmp_path / "keys.cfg")
    cases = {
        "sqlite:///crm.sqlite3": "SQLite",
        "postgresql://anna:secret@db.office/crm": "Уберите пароль",
        "postgresql://db.office/crm": "имени пользователя",
    }
    for url, reason in cases.items():
        with pytest.raises(CrmDatabaseError, match=reason):
            database_password.store_password(url, PASSWORD, store)


def test_a_password_in_settings_json_is_warned_about_without_echoing_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"database_url": f"postgresql://anna:{PASSWORD}@db.office/crm"}))
    with caplog.at_level(logging.WARNING):
        Settings.load(path)
    assert "softphone db password" in caplog.text
    assert PASSWORD not in caplog.text
    path.write_text(json.dumps({"database_url": "postgresql://anna@db.office/crm"}))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        Settings.load(path)
    assert caplog.text == ""


def test_db_password_command_without_an_os_keyring_says_what_to_use(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOFTPHONE_DATABASE_URL"}
    env.update(SOFTPHONE_DATABASE_URL="postgresql://anna@127.0.0.1:1/crm",
               SOFTPHONE_CONFIG_DIR=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "softphone", "db", "password", "--password-stdin"],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=50, check=False,
    )
    if os_backend() is not None:
        pytest.skip("this machine has an OS keyring")
    assert done.returncode == 2
    assert "хранилища паролей" in done.stderr and ".pgpass" in done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def test_the_early_sign_in_reads_with_the_same_stored_password(
    guarded_role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg before SQLAlchemy (softphone.crm.auth.early_pg) finds the entry that
    `softphone db password` wrote, under the same key; without it the server refuses and the
    early check answers None (the full path then reports it)."""
    from softphone.crm.auth.early_pg import read_postgres

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    store = SecretStore.encrypted_file("мастер", tmp_path / "keys.cfg")

    def select_one(rows: Callable[[str, tuple[object, ...]], list[tuple[Any, ...]]]) -> object:
        return rows("SELECT ?", (1,))

    assert read_postgres(guarded_role, select_one, store) is None
    database_password.store_password(guarded_role, PASSWORD, store)
    assert read_postgres(guarded_role, select_one, store) == [(1,)]
    assert read_postgres(guarded_role.replace("postgresql:", "postgresql+psycopg:"), select_one,
                         store) == [(1,)]
