"""Hearing about new website requests the moment they are stored (PostgreSQL LISTEN).

The intake service and every desk send NOTIFY on the web_requests channel in the same
transaction as their change, so a listener wakes only for committed rows. The listener owns a
separate autocommit connection: a LISTEN must not sit in the pool or in a transaction.
SQLite has nothing like it; desks on SQLite poll instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from softphone.crm.db import Database

if TYPE_CHECKING:  # psycopg (~11 MB, ~0.1-0.2 s) is imported by PostgreSQL desks only
    import psycopg

NOTIFY_CHANNEL = "web_requests"  # PostgreSQL LISTEN/NOTIFY channel; the payload is the id


def notify(session: Session, dialect: str, request_id: int) -> None:
    """Desks LISTENing on PostgreSQL refresh at once; delivered only if the session commits."""
    if dialect == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": str(request_id)},
        )


class RequestListener:
    """Blocking waits for notifications; meant for one background thread."""

    def __init__(self, db: Database, connect_timeout: int = 10) -> None:
        if db.dialect != "postgresql":
            raise ValueError("Уведомления о новых заявках есть только в PostgreSQL")
        url = db.engine.url
        params = {
            k: v
            for k, v in {
                "host": url.host,
                "port": url.port,
                "user": url.username,
                "password": url.password,
                "dbname": url.database,
                **{k: v for k, v in url.query.items() if isinstance(v, str)},
            }.items()
            if v is not None
        }
        from psycopg.conninfo import make_conninfo

        # One connection string (what psycopg.connect builds from keywords anyway).
        self._conninfo = make_conninfo("", **params)
        self._timeout = connect_timeout
        self._conn: psycopg.Connection | None = None

    def open(self) -> None:
        import psycopg

        self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=self._timeout)
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout: float) -> list[int]:
        """Request ids notified within `timeout` seconds (empty if none); opens on first use.

        Raises psycopg.OperationalError when the server goes away; the caller reopens later.
        """
        if self._conn is None or self._conn.closed:
            self.open()
        assert self._conn is not None
        ids: list[int] = []
        for note in self._conn.notifies(timeout=timeout, stop_after=1):
            if note.payload.isdigit():
                ids.append(int(note.payload))
        # Drain whatever else already arrived, without waiting again.
        for note in self._conn.notifies(timeout=0):
            if note.payload.isdigit():
                ids.append(int(note.payload))
        return ids

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
