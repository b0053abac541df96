"""How many website requests per second does the intake service accept, and how fast?

Starts `softphone intake` as its own process on 127.0.0.1 (rate limit off) against SQLite and
against a throwaway PostgreSQL, then drives it from a small asyncio HTTP/1.1 client over
keep-alive connections: every request a real authenticated JSON submission that is validated
and stored. Bounded in count and time. Target: at least 300 requests/s, p95 under 50 ms.

    .venv/bin/python -m bench intake_load [--requests N] [--connections N] [--seconds S]
                                          [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from softphone.crm.db import Database
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService
from tests.intake.server import IntakeServer
from tests.pgserver import PgServer

TARGET_RPS, TARGET_P95_MS = 300.0, 50.0
WARMUP = 100


def _request(site: str, token: str, index: int) -> bytes:
    body = json.dumps(
        {
            "kind": "callback",
            "name": f"Посетитель {index}",
            "phone": f"+7916{index % 10_000_000:07d}",
            "message": "Перезвоните, пожалуйста, по поводу тарифа",
            "utm_source": "bench",
        },
        ensure_ascii=False,
    ).encode()
    head = (
        f"POST /api/sites/{site}/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Idempotency-Key: bench-{index}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _read_reply(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def _drive(
    port: int, site: str, token: str, total: int, connections: int, seconds: float
) -> tuple[list[float], dict[int, int], float]:
    counter = iter(range(total))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for index in counter:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                writer.write(_request(site, token, index))
                status = await asyncio.wait_for(_read_reply(reader), timeout=30)
                if index >= WARMUP:
                    latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, statuses, time.perf_counter() - started


def run_backend(name: str, url: str, args: argparse.Namespace, log: Path) -> bool:
    db = Database.open(url)
    try:
        site = SiteService(db).add("bench.example")
        with IntakeServer(url, "--rate", "0", log=log) as server:
            drive = _drive(
                server.port, site.site.name, site.token, args.requests, args.connections,
                args.seconds,
            )
            latencies, statuses, elapsed = asyncio.run(drive)
        stored = WebRequestService(db).count(site_id=site.site.id)
    finally:
        db.dispose()
    done = sum(statuses.values())
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95)] * 1000 if ordered else float("nan")
    p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
    rps = done / elapsed if elapsed else 0.0
    ok = rps >= TARGET_RPS and p95 < TARGET_P95_MS and statuses.get(201, 0) == done == stored
    print(
        f"{name:10s} {done} requests over {args.connections} connections in {elapsed:.1f} s: "
        f"{rps:.0f} requests/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms; statuses {statuses}, "
        f"rows stored {stored} -> {'OK' if ok else 'BELOW TARGET'} "
        f"(target >= {TARGET_RPS:.0f}/s, p95 < {TARGET_P95_MS:.0f} ms)",
        flush=True,
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench intake_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0, help="stop after this long")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    with tempfile.TemporaryDirectory(prefix="softphone-intake-bench-") as folder:
        log = Path(folder) / "intake.log"
        for name in backends:
            if name == "sqlite":
                results.append(run_backend(name, f"sqlite:///{folder}/crm.sqlite3", args, log))
            else:
                with PgServer() as pg:
                    results.append(run_backend(name, pg.create_database("bench"), args, log))
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
