"""Database: where it lives, how it is configured, and transaction boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from softphone.crm import db_url
from softphone.crm.db import CrmDatabaseError, Database, default_url, normalize_url
from softphone.crm.models import Customer, Interaction
from tests.pgserver import PgServer, free_port


def test_default_url_is_sqlite_in_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SOFTPHONE_DATABASE_URL", raising=False)
    monkeypatch.setattr(db_url.platformdirs, "user_data_dir", lambda app: str(tmp_path / app))
    assert default_url() == f"sqlite:///{tmp_path / 'softphone' / 'crm.sqlite3'}"
    db = Database.open()
    try:
        assert (tmp_path / "softphone" / "crm.sqlite3").exists()
    finally:
        db.dispose()


def test_environment_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTPHONE_DATABASE_URL", "postgresql://desk:pw@db.example/crm")
    assert default_url() == "postgresql://desk:pw@db.example/crm"


def test_postgres_urls_use_psycopg3_and_other_backends_are_refused() -> None:
    assert normalize_url("postgresql://a@h/d").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://a@h/d").drivername == "postgresql+psycopg"
    with pytest.raises(CrmDatabaseError, match="mysql"):
        normalize_url("mysql://a@h/d")
    with pytest.raises(CrmDatabaseError, match="не такой"):
        normalize_url("не такой адрес")


def test_password_is_masked_in_url(postgres_server: PgServer) -> None:
    url = postgres_server.url().replace("postgres@", "postgres:s3cret@")
    db = Database.open(url, migrate=False)
    try:
        assert "s3cret" not in db.url and "s3cret" not in repr(db)
        assert "***" in db.url
    finally:
        db.dispose()


def test_unreachable_server_gives_readable_error() -> None:
    with pytest.raises(CrmDatabaseError, match="Не удалось открыть базу данных"):
        Database.open(f"postgresql://nobody:pw@127.0.0.1:{free_port()}/crm")


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        with db.session() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_session_rolls_back_everything_on_error(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session(write=True) as session:
        session.add(Customer(full_name="Незаконченная Запись"))
        session.flush()
        raise RuntimeError("сбой посреди записи")
    with database.session() as session:
        assert session.execute(select(func.count(Customer.id))).scalar_one() == 0


def test_foreign_keys_are_enforced(database: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    from softphone.crm.models import PhoneNumber

    with pytest.raises(IntegrityError), database.session(write=True) as session:
        session.add(PhoneNumber(customer_id=999_999, e164="+79123456789", raw=""))
    with database.session() as session:
        assert session.execute(select(func.count(PhoneNumber.id))).scalar_one() == 0


def test_timestamps_come_back_timezone_aware_utc(database: Database) -> None:
    moscow = timezone(timedelta(hours=3))
    started = datetime(2026, 3, 1, 12, 0, 5, tzinfo=moscow)
    with database.session(write=True) as session:
        session.add(Interaction(kind="call_in", remote="x", started_at=started))
    with database.session() as session:
        stored = session.execute(select(Interaction)).scalar_one()
        assert stored.started_at == started
        assert stored.started_at.tzinfo == UTC
        assert stored.started_at.hour == 9


def test_naive_timestamps_are_refused(database: Database) -> None:
    from sqlalchemy.exc import StatementError

    with (
        pytest.raises(StatementError, match="без часового пояса"),
        database.session(write=True) as session,
    ):
        session.add(Interaction(kind="call_in", remote="x", started_at=datetime(2026, 3, 1)))
