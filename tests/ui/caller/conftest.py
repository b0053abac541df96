"""The caller panels' widget tests: an operator's SQLite desk and a task runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.db import Database
from softphone.ui.tasks import TaskRunner


@pytest.fixture
def db(tmp_path: Path, desk_session) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    desk_session(database)  # an operator's desk, roles enforced as in the app
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()
