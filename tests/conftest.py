"""Fixtures shared across test areas.

Processes: `processes` starts sipp, baresip, kamailio, Xvfb or the app and stops them by pid.

Databases: `database` (and `database_url`) run a test on SQLite and on a real PostgreSQL
server that is started once per session (tests/pgserver.py) and gives every test its own
database, copied from a migrated template so each test starts empty and fast.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.db import Database
from tests.pgserver import PgServer
from tests.sip.sip_helpers import Processes


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    """Peers and servers a test starts (sipp, baresip, kamailio, Xvfb, the app): killed by
    pid at teardown, their output kept in tmp_path for the failure message."""
    procs = Processes(tmp_path)
    try:
        yield procs
    finally:
        procs.stop_all()


DATABASE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_TEMPLATE = "softphone_template"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole run; fails (never skips) without the binaries."""
    server = PgServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PgServer) -> str:
    """An empty, unmigrated database kept for the whole session."""
    return postgres_server.create_database("softphone_session")


@pytest.fixture(scope="session")
def _postgres_template(postgres_server: PgServer) -> str:
    url = postgres_server.create_database(_TEMPLATE)
    Database.open(url).dispose()
    return _TEMPLATE


def _new_postgres_db(request: pytest.FixtureRequest, *, migrated: bool) -> Iterator[str]:
    server: PgServer = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template") if migrated else None
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name, template=template)
    try:
        yield url
    finally:
        server.drop_database(name)


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'crm.sqlite3'}"


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, migrated, empty CRM database of each kind."""
    if request.param == "sqlite":
        url = _sqlite_url(tmp_path)
        Database.open(url).dispose()
        yield url
    else:
        yield from _new_postgres_db(request, migrated=True)


@pytest.fixture(params=DATABASE_KINDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database of each kind with no tables at all (for migration tests)."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
    else:
        yield from _new_postgres_db(request, migrated=False)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An open Database on each kind of server; disposed afterwards."""
    db = Database.open(database_url)
    try:
        yield db
    finally:
        db.dispose()
