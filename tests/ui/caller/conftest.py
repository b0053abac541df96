"""The caller panels' widget tests run on an operator's desk: the shared SQLite `db` with an
operator signed in, roles enforced as in the app."""

from __future__ import annotations

import pytest

from softphone.crm.db import Database


@pytest.fixture
def db(db: Database, desk_session) -> Database:
    desk_session(db)
    return db
