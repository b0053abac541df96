"""Migration 0011: trigram indexes over names and numbers, and PostgreSQL without pg_trgm rights."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from softphone.crm import migrate
from softphone.crm.customers.cards import CustomerService
from softphone.crm.customers.index import INDEXES, NAMES, NUMBERS
from softphone.crm.db import Database
from tests.pgserver import PgServer

_NUMBER = (
    "INSERT INTO phone_numbers (id, customer_id, e164, raw, kind)"
    " VALUES ({id}, 7, '{e164}', '', 'mobile')"
)
_ROW = (
    "INSERT INTO customers (id, full_name, address_as, notes, search_name, created_at,"
    " updated_at) VALUES (7, 'Ёлкина Мария', 'Мария', '', 'елкина мария мария',"
    " '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
)


@pytest.fixture
def empty_db(empty_database_url: str) -> Iterator[Database]:
    db = Database.open(empty_database_url, migrate=False)
    try:
        yield db
    finally:
        db.dispose()


def test_names_written_before_the_upgrade_are_indexed(empty_db: Database) -> None:
    migrate.upgrade(empty_db, "0010")
    with empty_db.engine.begin() as conn:
        conn.execute(text(_ROW))
    migrate.upgrade(empty_db)
    service = CustomerService(empty_db)
    assert [c.id for c in service.search("ЁЛКИН")] == [7]
    migrate.downgrade(empty_db, "0010")
    migrate.upgrade(empty_db)
    assert [c.id for c in service.search("мария")] == [7]


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def postgres_db(postgres_server: PgServer) -> Iterator[Database]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    db = Database.open(postgres_server.create_database(name))
    try:
        yield db
    finally:
        db.dispose()
        postgres_server.drop_database(name)


def test_sqlite_index_stays_in_step_with_raw_writes(sqlite_db: Database) -> None:
    """Triggers, not the service, keep FTS5 in step: bulk loads and raw SQL are covered too."""
    with sqlite_db.engine.begin() as conn:
        conn.execute(text(_ROW))
        conn.execute(text("UPDATE customers SET search_name = 'петрова анна' WHERE id = 7"))
        conn.execute(text(_ROW.replace("(7,", "(8,")))
        conn.execute(text("DELETE FROM customers WHERE id = 8"))
        conn.execute(text(_NUMBER.format(id=1, e164="+79123456789")))
        conn.execute(text(_NUMBER.format(id=2, e164="+79160000000")))
        conn.execute(text("UPDATE phone_numbers SET e164 = '+74951234567' WHERE id = 1"))
        conn.execute(text("DELETE FROM phone_numbers WHERE id = 2"))
        for fts, *_rest in INDEXES:
            # FTS5 compares its index with the source rows (rank 1: external content).
            check = f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"
            conn.execute(text(check))
    service = CustomerService(sqlite_db)
    assert [c.id for c in service.search("петрова")] == [7]
    assert service.search("елкина") == []
    assert [c.id for c in service.search("495 123")] == [7]
    assert service.search("912345") == []
    assert service.search("0000") == []


@pytest.mark.postgres
@pytest.mark.parametrize(("index", "piece"), [(NAMES, "елкин"), (NUMBERS, "4567")])
def test_postgresql_answers_a_piece_from_the_trigram_index(
    postgres_db: Database, index: tuple[str, str, str, str], piece: str
) -> None:
    _fts, table, column, gin = index
    with postgres_db.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        statement = f"EXPLAIN SELECT id FROM {table} WHERE {column} LIKE '%{piece}%'"
        plan = "\n".join(row[0] for row in conn.execute(text(statement)))
    assert gin in plan, plan


@pytest.fixture
def unprivileged_url(postgres_server: PgServer) -> Iterator[str]:
    """A database whose role may create tables but not install extensions (no CREATE on
    the database), the way a careful administrator may set up a team's server."""
    name, role = f"t_{uuid.uuid4().hex[:12]}", f"desk_{uuid.uuid4().hex[:8]}"
    postgres_server.execute(f"CREATE ROLE {role} LOGIN")
    postgres_server.create_database(name)
    with psycopg.connect(postgres_server.dsn(name), autocommit=True) as conn:
        conn.execute(f"GRANT CREATE, USAGE ON SCHEMA public TO {role}")  # type: ignore[arg-type]
    try:
        yield f"postgresql+psycopg://{role}@127.0.0.1:{postgres_server.port}/{name}"
    finally:
        postgres_server.drop_database(name)
        postgres_server.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_without_rights_for_pg_trgm_the_upgrade_succeeds_and_says_what_to_run(
    unprivileged_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="softphone.crm.migrate"):
        db = Database.open(unprivileged_url)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        warning = " ".join(r.getMessage() for r in caplog.records)
        assert "pg_trgm" in warning and "CREATE EXTENSION pg_trgm" in warning, warning
        with db.engine.connect() as conn:
            indexes = conn.execute(text("SELECT indexname FROM pg_indexes")).scalars().all()
        for *_rest, gin in INDEXES:
            assert gin in warning
            assert gin not in indexes
        service = CustomerService(db)  # same answers, by a scan
        card = service.create_for_number("+79123456789", full_name="Ёлкина Мария", address_as="")
        assert [c.id for c in service.search("ЕЛКИН")] == [card.id]
        assert [c.id for c in service.search("ёл")] == [card.id]
        assert [c.id for c in service.search("345-67")] == [card.id]
    finally:
        db.dispose()
