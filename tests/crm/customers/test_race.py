"""Two desks creating a card for the same caller at the same moment end with one customer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Customer, PhoneNumber

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def two_desks(database_url: str) -> Iterator[tuple[Database, Database]]:
    """Two independent Database objects (own engines and pools), as on two computers."""
    desk_a, desk_b = Database.open(database_url), Database.open(database_url, migrate=False)
    try:
        yield desk_a, desk_b
    finally:
        desk_a.dispose()
        desk_b.dispose()


def _customers(db: Database) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count(Customer.id))).scalar_one())


def test_simultaneous_creation_gives_one_customer(two_desks: tuple[Database, Database]) -> None:
    desk_a, desk_b = two_desks
    rounds = 15
    barrier = threading.Barrier(2, timeout=20)

    def create(db: Database, number: str, name: str) -> CustomerCard:
        barrier.wait()
        return CustomerService(db).create_for_number(number, address_as=name)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for i in range(rounds):
            number = f"+7916555{i:04d}"
            first = pool.submit(create, desk_a, number, "Стол А")
            second = pool.submit(
                create, desk_b, f"8 916 555-{i // 100:02d}-{i % 100:02d}", "Стол Б"
            )
            a, b = first.result(timeout=30), second.result(timeout=30)
            assert a.id == b.id, f"round {i}: two customers for {number}"
            assert a.address_as == b.address_as  # both see the winner's card
    assert _customers(desk_a) == rounds


def _wait_until_blocked(db: Database, worker: threading.Thread) -> None:
    """Until the other desk's INSERT waits for our uncommitted row (PostgreSQL shows it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert worker.is_alive(), "the second desk finished without waiting"
        if db.dialect != "postgresql":
            time.sleep(0.5)  # SQLite: it waits in BEGIN IMMEDIATE; nothing to poll
            return
        with db.engine.connect() as conn:
            waiting = conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar_one()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the second desk never blocked on the first desk's number")


def test_the_loser_of_the_race_gets_the_winners_customer_without_error(
    two_desks: tuple[Database, Database],
) -> None:
    """Deterministic interleaving: desk B inserts while desk A holds the same number
    uncommitted, so B must take the conflict path (unique violation -> existing customer)."""
    desk_a, desk_b = two_desks
    results: list[CustomerCard | BaseException] = []

    def desk_b_creates() -> None:
        try:
            results.append(
                CustomerService(desk_b).create_for_number("+79123456789", address_as="Стол Б")
            )
        except BaseException as exc:  # handed to the main thread's assertion
            results.append(exc)

    worker = threading.Thread(target=desk_b_creates)
    with desk_a.session(write=True) as session:
        winner = Customer(
            address_as="Стол А", numbers=[PhoneNumber(e164="+79123456789", raw="", kind="mobile")]
        )
        session.add(winner)
        session.flush()
        worker.start()
        _wait_until_blocked(desk_a, worker)
    worker.join(timeout=20)
    assert not worker.is_alive()
    [result] = results
    assert isinstance(result, CustomerCard), result
    assert result.id == winner.id
    assert result.address_as == "Стол А"
    assert _customers(desk_a) == 1
