"""Where the CRM database is and which schema it must have, without importing SQLAlchemy.

The first screen reads the embedded SQLite desk's users table before SQLAlchemy is loaded
(softphone.crm.auth.early, issue #15), so the database's location and the expected revision
live here; softphone.crm.db re-exports them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

ENV_URL = "SOFTPHONE_DATABASE_URL"
# The newest migration's revision id (softphone/crm/migrations/versions). Database.open compares
# it with the alembic_version table using plain SQL, so a desk whose schema is current never
# imports Alembic (~0.2-0.3 s and ~18 MB at every start). tests/crm/test_migrations.py checks it
# against Alembic's own head: a new migration that forgets to raise it fails there.
HEAD_REVISION = "0019"
SQLITE_FILE = "crm.sqlite3"
# sqlite:///relative/path, sqlite:////absolute/path; nothing else (no query, no memory)
_PLAIN_SQLITE = re.compile(r"sqlite(?:\+pysqlite)?:///([^?#]+)")


def default_url() -> str:
    """$SOFTPHONE_DATABASE_URL, else an SQLite file in the user's data folder."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    folder = Path(platformdirs.user_data_dir("softphone"))
    return f"sqlite:///{folder / SQLITE_FILE}"


def desk_url(configured: str | None) -> str:
    """The database a desk opens: $SOFTPHONE_DATABASE_URL, else the settings' `configured`
    URL (the team's server an admin chose), else the SQLite file in the user's data folder."""
    return os.environ.get(ENV_URL, "").strip() or configured or default_url()


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (as SQLAlchemy reads it); None for anything else."""
    match = _PLAIN_SQLITE.fullmatch(url.strip())
    if match is None or match.group(1) == ":memory:":
        return None
    return Path(match.group(1)).expanduser()
