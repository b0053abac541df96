"""How fast is the caller's card ready? Lookup by number in a CRM of a million customers.

Seeds 1,000,000 customers with 1,500,000 numbers (bulk executemany on SQLite, COPY on
PostgreSQL), then times CustomerService.find_by_number() on random spellings of stored numbers,
normalisation included. Target: p95 under 2 ms.

    .venv/bin/python -m bench crm_lookup [--customers N] [--lookups N] [--backend sqlite|postgresql]
    SOFTPHONE_BENCH_CUSTOMERS=20000 .venv/bin/python -m bench crm_lookup   # quick run
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from bench.databases import bench_database_url, percentile
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.demo.names import FEMALE_NAMES, MALE_NAMES, SURNAMES, feminine
from softphone.crm.folding import fold
from softphone.crm.models import InteractionKind
from softphone.crm.phone import normalize, try_normalize

SEED = 1_000_003
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CALLS_PER_CUSTOMER = 0.2
SPELLINGS: list[Callable[[str], str]] = [
    lambda n: n,
    lambda n: f"8 ({n[2:5]}) {n[5:8]}-{n[8:10]}-{n[10:]}",
    lambda n: f"+7 {n[2:5]} {n[5:8]} {n[8:10]} {n[10:]}",
    lambda n: n[2:],
    lambda n: f"sip:{n}@pbx.example",
    lambda n: f"sip:8{n[2:]}@10.0.0.1;user=phone",
    lambda n: f"tel:+7-{n[2:5]}-{n[5:8]}-{n[8:10]}-{n[10:]}",
]


def number_at(index: int) -> str:
    """The index-th seeded number: a bijection onto +79XXXXXXXXX, so all are unique."""
    return f"+79{(index * 7919 + 12_345) % 1_000_000_000:09d}"


def customer_rows(count: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(SEED)
    for cid in range(1, count + 1):
        surname = rng.choice(SURNAMES)
        father = rng.choice(MALE_NAMES)
        if rng.random() < 0.5:
            first, patronymic = rng.choice(MALE_NAMES)[0], father[1]
        else:
            first, patronymic, surname = rng.choice(FEMALE_NAMES), father[2], feminine(surname)
        full_name = f"{surname} {first} {patronymic}"
        address_as = f"{first} {patronymic}"
        created = NOW - timedelta(minutes=cid)
        yield (cid, full_name, address_as, "", fold(f"{full_name} {address_as}"), created, created)


def number_rows(customers: int) -> Iterator[tuple[object, ...]]:
    """Every customer one mobile; every second customer one more number (1.5 per customer)."""
    index = 0
    for cid in range(1, customers + 1):
        for _ in range(2 if cid % 2 == 0 else 1):
            index += 1
            e164 = number_at(index)
            yield (index, cid, e164, f"8{e164[2:]}", "mobile")


def call_rows(customers: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(SEED + 1)
    for call_id in range(1, int(customers * CALLS_PER_CUSTOMER) + 1):
        cid = rng.randrange(1, customers + 1)
        started = NOW - timedelta(seconds=rng.randrange(90 * 86400))
        ended = started + timedelta(seconds=rng.randrange(20, 600))
        yield (
            call_id,
            InteractionKind.CALL_IN.value,
            None,
            cid,
            "",
            "",
            None,
            started,
            started,
            ended,
            float((ended - started).seconds),
            200,
            "OK",
            None,
            None,
        )


CUSTOMER_COLS = "id, full_name, address_as, notes, search_name, created_at, updated_at"
NUMBER_COLS = "id, customer_id, e164, raw, kind"
CALL_COLS = (
    "id, kind, operator_id, customer_id, remote, remote_name, number, started_at, "
    "answered_at, ended_at, duration_s, status_code, reason, disposition, notes"
)


def _sqlite_time(row: tuple[object, ...]) -> tuple[object, ...]:
    # Same storage format the UTCDateTime type writes on SQLite: naive UTC ISO text.
    return tuple(
        v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
        for v in row
    )


def seed_sqlite(db: Database, customers: int) -> None:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN")
        for table, cols, rows in (
            ("customers", CUSTOMER_COLS, customer_rows(customers)),
            ("phone_numbers", NUMBER_COLS, number_rows(customers)),
            ("interactions", CALL_COLS, call_rows(customers)),
        ):
            marks = ", ".join("?" * len(cols.split(",")))
            cursor.executemany(
                f"INSERT INTO {table} ({cols}) VALUES ({marks})", (_sqlite_time(r) for r in rows)
            )
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
    finally:
        raw.close()


def seed_postgresql(db: Database, customers: int) -> None:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, cols, rows in (
            ("customers", CUSTOMER_COLS, customer_rows(customers)),
            ("phone_numbers", NUMBER_COLS, number_rows(customers)),
            ("interactions", CALL_COLS, call_rows(customers)),
        ):
            with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def measure(db: Database, customers: int, lookups: int) -> dict[str, float]:
    rng = random.Random(SEED + 2)
    total_numbers = customers + customers // 2
    service = CustomerService(db)
    targets: list[str] = []
    while len(targets) < lookups + 200:
        e164 = number_at(rng.randrange(1, total_numbers + 1))
        if try_normalize(e164) == e164:  # a few +79 ranges are unallocated; skip those
            targets.append(rng.choice(SPELLINGS)(e164))
    for text in targets[:200]:  # warm caches and the connection pool
        service.find_by_number(text)
    timings: list[float] = []
    for text in targets[200:]:
        start = time.perf_counter()
        card = service.find_by_number(text)
        timings.append((time.perf_counter() - start) * 1000)
        if card is None:
            raise AssertionError(f"seeded number not found: {text}")
    norm_start = time.perf_counter()
    for text in targets[200:]:
        normalize(text)
    norm_ms = (time.perf_counter() - norm_start) * 1000 / lookups
    timings.sort()
    return {
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "p99": percentile(timings, 99),
        "max": timings[-1],
        "mean": statistics.fmean(timings),
        "normalise": norm_ms,
    }


def measure_search(db: Database, customers: int, queries: int = 20) -> tuple[float, float]:
    """Median ms of name and partial-number searches, for information (not held to the
    ring-time target; bench customer_search measures them properly)."""
    rng = random.Random(SEED + 3)
    service = CustomerService(db)
    names, numbers = [], []
    for _ in range(queries):
        start = time.perf_counter()
        service.search(f"{rng.choice(SURNAMES)[:5]} {rng.choice(FEMALE_NAMES)[:3]}")
        names.append((time.perf_counter() - start) * 1000)
        digits_part = number_at(rng.randrange(1, customers))[5:12]
        start = time.perf_counter()
        service.search(digits_part)
        numbers.append((time.perf_counter() - start) * 1000)
    return statistics.median(names), statistics.median(numbers)


def run_backend(name: str, customers: int, lookups: int) -> None:
    with bench_database_url(name) as url:
        db = Database.open(url)
        try:
            start = time.perf_counter()
            (seed_sqlite if name == "sqlite" else seed_postgresql)(db, customers)
            seed_s = time.perf_counter() - start
            print(
                f"{name}: seeded {customers:,} customers, "
                f"{customers + customers // 2:,} numbers, "
                f"{int(customers * CALLS_PER_CUSTOMER):,} calls in {seed_s:.1f} s"
            )
            r = measure(db, customers, lookups)
            verdict = "OK" if r["p95"] < 2.0 else "SLOWER THAN TARGET"
            print(
                f"{name}: find_by_number x{lookups}: p50 {r['p50']:.3f} ms, "
                f"p95 {r['p95']:.3f} ms, p99 {r['p99']:.3f} ms, max {r['max']:.3f} ms, "
                f"mean {r['mean']:.3f} ms (normalise alone {r['normalise']:.3f} ms); "
                f"p95 target 2 ms: {verdict}"
            )
            by_name, by_digits = measure_search(db, customers)
            print(
                f"{name}: search (limit 50): by name {by_name:.1f} ms, "
                f"by 7 digits {by_digits:.1f} ms (median of 20)"
            )
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench crm_lookup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--customers", type=int, default=int(os.environ.get("SOFTPHONE_BENCH_CUSTOMERS", "1000000"))
    )
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for name in backends:
        run_backend(name, args.customers, args.lookups)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
