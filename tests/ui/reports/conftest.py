"""The reports window's tests: a desk's SQLite database and a task runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.db import Database
from softphone.ui.tasks import TaskRunner


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()
