"""Migrations: from nothing to head, back down and up again, and in step with the models."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from softphone.crm import db as db_module
from softphone.crm import migrate
from softphone.crm.customers.cards import CustomerService
from softphone.crm.customers.index import is_search_index
from softphone.crm.db import CrmDatabaseError, Database
from softphone.crm.kb.models import is_index_table
from softphone.crm.models import Base

TABLES = {"customers", "phone_numbers", "operators", "interactions"}
TABLES |= {"kb_categories", "kb_items", "kb_promotion_items", "kb_tariff_plans", "kb_terms"}
TABLES |= {"web_sites", "web_requests"}
TABLES |= {"script_steps", "playbooks", "avoid_phrases", "dispositions"}
TABLES |= {"orders", "order_lines", "applications", "document_status_changes"}
TABLES |= {"document_counters", "form_drafts"}
TABLES |= {"users", "audit_log", "sip_accounts", "recording_policy", "recordings"}
TABLES |= {"sign_in_misses"}
TABLES |= {"agent_policy", "agent_status_log"}
TABLES |= {"coaching_policy", "call_coaching"}
TABLES |= {"company_settings"}


@pytest.fixture
def empty_db(empty_database_url: str) -> Iterator[Database]:
    db = Database.open(empty_database_url, migrate=False)
    try:
        yield db
    finally:
        db.dispose()


def _tables(db: Database) -> set[str]:
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    # The full-text tables are checked in tests/crm/kb and tests/crm/test_customer_index.py.
    return {
        name for name in names if not is_index_table(name) and not is_search_index(name, "table")
    }


def test_upgrade_from_empty_creates_every_table(empty_db: Database) -> None:
    assert _tables(empty_db) == set()
    assert migrate.current_revision(empty_db) is None
    assert migrate.upgrade(empty_db) is True
    assert _tables(empty_db) == TABLES
    assert migrate.current_revision(empty_db) == migrate.head_revision()
    assert migrate.upgrade(empty_db) is False  # at head: nothing to do


def test_downgrade_and_upgrade_round_trip(empty_db: Database) -> None:
    migrate.upgrade(empty_db)
    migrate.downgrade(empty_db, "base")
    assert _tables(empty_db) == set()
    assert migrate.current_revision(empty_db) is None
    migrate.upgrade(empty_db)
    assert _tables(empty_db) == TABLES


def test_open_migrates_automatically(empty_database_url: str) -> None:
    db = Database.open(empty_database_url)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


def _not_index_table(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and is_index_table(name)) and not is_search_index(name, type_)


def test_models_match_the_migrations(empty_db: Database) -> None:
    """Autogenerate would write nothing: no model change is missing a migration."""
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": _not_index_table}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrations_ship_inside_the_package() -> None:
    """No alembic.ini at run time: the env, template and versions sit in the package."""
    folder = migrate.MIGRATIONS_DIR
    assert folder.parent == Path(migrate.__file__).parent
    for name in ("env.py", "script.py.mako", "__init__.py", "versions/__init__.py"):
        assert (folder / name).is_file(), name
    assert list(folder.glob("versions/0001_*.py"))


@pytest.mark.timeout(60)
def test_desks_starting_together_migrate_once(empty_database_url: str) -> None:
    """Several apps opening an empty database at once: one migrates, the others wait."""
    barrier = threading.Barrier(3, timeout=20)

    def start_desk() -> str | None:
        barrier.wait()
        db = Database.open(empty_database_url)
        try:
            return migrate.current_revision(db)
        finally:
            db.dispose()

    with ThreadPoolExecutor(max_workers=3) as pool:
        revisions = [f.result(timeout=40) for f in [pool.submit(start_desk) for _ in range(3)]]
    assert revisions == [migrate.head_revision()] * 3


def test_database_from_a_newer_program_version_is_refused_readably(database_url: str) -> None:
    db = Database.open(database_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    finally:
        db.dispose()
    with pytest.raises(CrmDatabaseError, match="более новой версией программы"):
        Database.open(database_url)


def test_upgrading_keeps_the_data_of_the_first_schema(empty_db: Database) -> None:
    """Later migrations rebuild tables on SQLite (batch mode): rows must survive them."""
    migrate.upgrade(empty_db, "0001")
    with empty_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO customers (id, full_name, address_as, notes, search_name, created_at,"
                " updated_at) VALUES (7, 'Ёлкина Мария', 'Мария', '', 'елкина мария мария',"
                " '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO phone_numbers (id, customer_id, e164, raw, kind)"
                " VALUES (3, 7, '+79123456789', '8 912 345-67-89', 'mobile')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO interactions (id, kind, customer_id, remote, remote_name, number,"
                " started_at, duration_s, status_code, reason, notes) VALUES (5, 'call_in', 7,"
                " 'sip:+79123456789@pbx', '', '+79123456789', '2026-01-01 09:00:00', 42.0, 200,"
                " 'OK', 'перезвонить')"
            )
        )
    migrate.upgrade(empty_db)
    card = CustomerService(empty_db).find_by_number("8 912 345 67 89")
    assert card is not None and (card.id, card.address_as) == (7, "Мария")
    assert [(r.id, r.duration_s, r.notes) for r in card.recent] == [(5, 42.0, "перезвонить")]


def test_the_cheap_revision_check_knows_alembics_head(database_url: str) -> None:
    """db.HEAD_REVISION (read without Alembic at every start) is Alembic's real head, and the
    plain-SQL check agrees with Alembic on both databases, before and after a downgrade."""
    assert migrate.head_revision() == db_module.HEAD_REVISION
    db = Database.open(database_url)
    try:
        assert migrate.current_revision(db) == db_module.HEAD_REVISION
        assert db_module.schema_is_current(db.engine)
        migrate.downgrade(db, "0011")
        assert not db_module.schema_is_current(db.engine)
        db.dispose()
        db = Database.open(database_url)  # not current: Alembic upgrades it again
        assert migrate.current_revision(db) == db_module.HEAD_REVISION
    finally:
        db.dispose()


def test_an_empty_database_is_not_current(empty_database_url: str) -> None:
    db = Database.open(empty_database_url, migrate=False)
    try:
        assert not db_module.schema_is_current(db.engine)
    finally:
        db.dispose()


def test_opening_a_current_database_does_not_import_alembic(database_url: str) -> None:
    script = (
        "import sys\n"
        "from softphone.crm.db import Database\n"
        f"Database.open({database_url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
