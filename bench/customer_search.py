"""Customer search by name fragment in a CRM of a million customers: trigram index vs scan.

Seeds the crm_lookup data set (1,000,000 customers with Russian names, 1,500,000 numbers), then
times CustomerService.search() (cards included) on what an operator types: a 3–7 letter piece
of a surname, first name or patronymic in any case and with ё or е, two such pieces, one or
two letters, and 4–7 digits of a number. "before" runs the statement search() ran before
migration 0011 (LIKE '%x%' scans, filter fenced off from the ORDER BY on PostgreSQL) on the
same data, PostgreSQL's GIN indexes dropped meanwhile. Target: p95 well under 50 ms for
pieces of 3+ letters.

    .venv/bin/python -m bench customer_search [--customers N] [--queries N] [--backend ...]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session, aliased

from bench.crm_lookup import number_at, seed_postgresql, seed_sqlite
from bench.databases import bench_database_url, percentile
from softphone.crm.customers.cards import CustomerService, _cards
from softphone.crm.customers.index import INDEXES
from softphone.crm.db import Database
from softphone.crm.demo.names import FEMALE_NAMES, MALE_NAMES, SURNAMES, feminine
from softphone.crm.folding import like_pattern
from softphone.crm.models import Customer, PhoneNumber
from softphone.crm.phone import number_patterns
from softphone.crm.search import parse_query

SEED = 2_000_003
TARGET_MS = 50.0
HELD_TO_TARGET = ("3-7 letters", "two pieces")
WORDS = [
    *SURNAMES,
    *(feminine(s) for s in SURNAMES),
    *(form for forms in MALE_NAMES for form in forms),
    *FEMALE_NAMES,
]


def _typed(rng: random.Random, word: str) -> str:
    """A piece as typed: any case, ё written as е half the time."""
    piece = word.replace("ё", "е") if rng.random() < 0.5 else word
    return piece.upper() if rng.random() < 0.2 else piece.lower()


def piece(rng: random.Random, low: int, high: int) -> str:
    word = rng.choice(WORDS)
    size = rng.randint(low, min(high, len(word)))
    start = 0 if rng.random() < 0.6 else rng.randint(0, len(word) - size)  # mostly a prefix
    return _typed(rng, word[start : start + size])


QUERY_KINDS: dict[str, Callable[[random.Random, int], str]] = {
    "3-7 letters": lambda rng, _n: piece(rng, 3, 7),
    "two pieces": lambda rng, _n: f"{piece(rng, 3, 6)} {piece(rng, 3, 5)}",
    "1-2 letters": lambda rng, _n: piece(rng, 1, 2),
    "4-7 digits": lambda rng, n: number_at(rng.randrange(1, n))[-rng.randint(4, 7) :],
}


def scan_search(session: Session, dialect: str, text: str, limit: int = 50) -> list[object]:
    """search() as it was before the trigram indexes."""
    terms = parse_query(text)
    query = select(Customer)
    for fragment in terms.numbers:
        patterns = number_patterns(fragment)
        query = query.where(
            Customer.id.in_(
                select(PhoneNumber.customer_id).where(
                    or_(*(PhoneNumber.e164.like(p, escape="\\") for p in patterns))
                )
            )
        )
    for word in terms.words:
        query = query.where(Customer.search_name.like(like_pattern(word), escape="\\"))
    if dialect == "postgresql":
        fenced = aliased(Customer, query.offset(0).subquery())
        query = select(fenced).order_by(fenced.search_name, fenced.id)
    else:
        query = query.order_by(Customer.search_name, Customer.id)
    return list(_cards(session, session.execute(query.limit(limit)).scalars().all()))


@contextmanager
def without_indexes(db: Database) -> Iterator[Session]:
    """A session that sees the database as before migration 0011: PostgreSQL's GIN indexes
    are dropped inside a transaction that is rolled back (SQLite's old statement never
    touched its FTS5 tables)."""
    with db.engine.connect() as conn:
        transaction = conn.begin()
        if db.dialect == "postgresql":
            for *_rest, gin in INDEXES:
                conn.execute(text(f"DROP INDEX {gin}"))
        try:
            with Session(bind=conn) as session:
                yield session
        finally:
            transaction.rollback()


def time_queries(search: Callable[[str], object], queries: list[str]) -> tuple[float, float]:
    for query in queries[:5]:  # warm the connection pool and caches
        search(query)
    timings = []
    for query in queries:
        start = time.perf_counter()
        search(query)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return percentile(timings, 50), percentile(timings, 95)


def run_backend(name: str, customers: int, queries: int, before: int) -> list[float]:
    """Prints the figures; returns the p95s of the 3+ letter kinds (held to the target)."""
    held: list[float] = []
    with bench_database_url(name) as url:
        db = Database.open(url)
        try:
            start = time.perf_counter()
            (seed_sqlite if name == "sqlite" else seed_postgresql)(db, customers)
            seed_s = time.perf_counter() - start
            print(f"{name}: seeded {customers:,} customers in {seed_s:.1f} s")
            service = CustomerService(db)
            for kind, make in QUERY_KINDS.items():
                rng = random.Random(f"{SEED}{kind}")
                texts = [make(rng, customers) for _ in range(queries)]
                p50, p95 = time_queries(service.search, texts)
                line = f"{name}: {kind:<12} after  p50 {p50:7.2f} ms, p95 {p95:7.2f} ms"
                if kind in HELD_TO_TARGET:
                    held.append(p95)
                if before:
                    with without_indexes(db) as old:
                        b50, b95 = time_queries(
                            lambda t, old=old: scan_search(old, name, t), texts[:before]
                        )
                    line += f"; before p50 {b50:7.2f} ms, p95 {b95:7.2f} ms"
                print(line, flush=True)
        finally:
            db.dispose()
    return held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench customer_search",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--customers", type=int, default=int(os.environ.get("SOFTPHONE_BENCH_CUSTOMERS", "1000000"))
    )
    parser.add_argument("--queries", type=int, default=300, help="per kind of query")
    parser.add_argument("--before", type=int, default=40, help="queries timed on the old scan")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for name in backends:
        held = run_backend(name, args.customers, args.queries, args.before)
        verdict = "met" if max(held) < TARGET_MS else "NOT MET"
        print(f"{name}: p95 target {TARGET_MS:.0f} ms for 3+ letters: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
