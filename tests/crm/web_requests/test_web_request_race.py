"""Two desks taking the same website request at the same moment: exactly one gets it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from softphone.crm.db import Database
from softphone.crm.models import Interaction
from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.input import parse_submission
from softphone.crm.web_requests.service import RequestUnavailable, WebRequestService
from softphone.crm.web_requests.sites import SiteService

pytestmark = pytest.mark.timeout(90)
ROUNDS = 20


@pytest.fixture
def two_desks(database_url: str) -> Iterator[tuple[Database, Database]]:
    """Own engines and pools per desk, as on two computers."""
    desk_a, desk_b = Database.open(database_url), Database.open(database_url, migrate=False)
    try:
        yield desk_a, desk_b
    finally:
        desk_a.dispose()
        desk_b.dispose()


def _requests(db: Database, count: int) -> list[int]:
    site = SiteService(db).add("race.example").site
    service = WebRequestService(db)
    form = {"kind": "callback", "name": "Пётр", "phone": "+79161234567"}
    return [service.submit(site.id, parse_submission(form)).request.id for _ in range(count)]


def test_simultaneous_take_has_one_winner(two_desks: tuple[Database, Database]) -> None:
    desk_a, desk_b = two_desks
    ids = _requests(desk_a, ROUNDS)
    anna = OperatorService(desk_a).ensure("anna").id
    boris = OperatorService(desk_b).ensure("boris").id
    barrier = threading.Barrier(2, timeout=20)

    def take(db: Database, request_id: int, operator_id: int) -> bool:
        barrier.wait()
        return WebRequestService(db).take(request_id, operator_id)

    wins = {anna: 0, boris: 0}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for request_id in ids:
            a = pool.submit(take, desk_a, request_id, anna)
            b = pool.submit(take, desk_b, request_id, boris)
            results = (a.result(timeout=30), b.result(timeout=30))
            assert sorted(results) == [False, True], request_id
            winner = anna if results[0] else boris
            wins[winner] += 1
            assert WebRequestService(desk_b).get(request_id).taken_by == winner
    assert sum(wins.values()) == ROUNDS


def test_simultaneous_outcomes_record_one_interaction(
    two_desks: tuple[Database, Database],
) -> None:
    """Closing without taking first also takes: one desk's outcome wins, the other is told."""
    desk_a, desk_b = two_desks
    ids = _requests(desk_a, ROUNDS // 2)
    anna = OperatorService(desk_a).ensure("anna", display_name="Анна").id
    boris = OperatorService(desk_b).ensure("boris", display_name="Борис").id
    barrier = threading.Barrier(2, timeout=20)

    def close(db: Database, request_id: int, operator_id: int) -> str:
        barrier.wait()
        try:
            return WebRequestService(db).close(request_id, operator_id, "done").status
        except RequestUnavailable as exc:
            return str(exc)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for request_id in ids:
            a = pool.submit(close, desk_a, request_id, anna)
            b = pool.submit(close, desk_b, request_id, boris)
            results = sorted((a.result(timeout=30), b.result(timeout=30)))
            assert results[0] == "done", results
            # Taken by the other desk, or already closed when it committed first.
            assert "уже взял(а)" in results[1] or "уже закрыта" in results[1], results
    with desk_a.session() as session:
        logged = session.execute(select(func.count(Interaction.id))).scalar_one()
    assert logged == len(ids)
