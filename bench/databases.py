"""The throw-away database a benchmark runs on, and the percentile every benchmark prints."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LARGE = {"shared_buffers": "512MB", "maintenance_work_mem": "256MB"}  # a million customers


@contextmanager
def bench_database_url(
    backend: str, name: str = "bench", pg_settings: dict[str, str] | None = None
) -> Iterator[str]:
    """An SQLite file in a temporary folder, or a private PostgreSQL server on 127.0.0.1;
    both are gone (the server stopped by pid) when the block ends."""
    with tempfile.TemporaryDirectory(prefix="softphone-bench-") as tmp:
        if backend == "sqlite":
            yield f"sqlite:///{Path(tmp) / f'{name}.sqlite3'}"
            return
        from tests.pgserver import PgServer

        server = PgServer(LARGE if pg_settings is None else pg_settings)
        server.start()
        try:
            yield server.create_database(name)
        finally:
            server.stop()


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    return sorted_ms[min(len(sorted_ms) - 1, round(p / 100 * (len(sorted_ms) - 1)))]
