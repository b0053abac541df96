"""Intake tests talk real HTTP to `softphone intake` running as its own process on 127.0.0.1.

One server per database kind and module (starting one costs about a second); each test gets
its own site, so "nothing stored" is counted per site and tests cannot see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.db import Database
from softphone.crm.web_requests.sites import SiteCredentials, SiteService
from tests.intake.server import IntakeServer

DATABASE_KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def intake_db_url(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('intake') / 'crm.sqlite3'}"
        Database.open(url).dispose()
        yield url
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template")
    name = f"i_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name, template=template)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture(scope="module")
def intake_db(intake_db_url: str) -> Iterator[Database]:
    db = Database.open(intake_db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def intake(intake_db_url: str, tmp_path_factory) -> Iterator[IntakeServer]:
    """The service without rate limiting (tested on its own server)."""
    log = Path(tmp_path_factory.mktemp("intake-log")) / "intake.log"
    with IntakeServer(intake_db_url, "--rate", "0", log=log) as server:
        yield server


@pytest.fixture
def site(intake_db: Database) -> SiteCredentials:
    return SiteService(intake_db).add(f"site-{uuid.uuid4().hex[:10]}")
