"""Call log: kinds, durations, customer links, history filters and the missed-call counter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerService
from softphone.crm.customers.finished import FinishedCall, StartedCall
from softphone.crm.db import Database

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _call(
    log: CallLogService,
    *,
    inbound: bool = True,
    answered: bool = True,
    remote: str = "sip:+79123456789@pbx.example",
    minute: int = 0,
    talk: int = 65,
    **extra: object,
):
    started = T0 + timedelta(minutes=minute)
    answered_at = started + timedelta(seconds=5) if answered else None
    ended = (answered_at or started) + timedelta(seconds=talk if answered else 20)
    return log.record_call(
        inbound=inbound,
        remote=remote,
        display_name="Мария",
        started_at=started,
        answered_at=answered_at,
        ended_at=ended,
        **extra,
    )  # type: ignore[arg-type]


def test_kinds_and_durations(database: Database) -> None:
    log = CallLogService(database)
    answered_in = _call(log)
    missed = _call(log, answered=False, status_code=487, reason="Request Terminated")
    out = _call(log, inbound=False, talk=12)
    unanswered_out = _call(log, inbound=False, answered=False, status_code=486)
    assert (answered_in.kind, answered_in.duration_s) == ("call_in", 65.0)
    assert (missed.kind, missed.duration_s) == ("call_missed", 0.0)
    assert (out.kind, out.duration_s) == ("call_out", 12.0)
    assert (unanswered_out.kind, unanswered_out.duration_s) == ("call_out", 0.0)
    assert answered_in.number == "+79123456789"
    assert answered_in.remote == "sip:+79123456789@pbx.example"
    assert answered_in.started_at == T0 and answered_in.started_at.tzinfo == UTC


def test_remote_that_is_not_a_number_is_kept_raw(database: Database) -> None:
    record = _call(CallLogService(database), remote="sip:reception@pbx.example")
    assert record.number is None
    assert record.customer_id is None
    assert record.remote == "sip:reception@pbx.example"


def test_call_is_linked_to_the_customer_by_number(database: Database) -> None:
    card = CustomerService(database).create_for_number(
        "8 912 345-67-89", full_name="Ёлкина Мария Ивановна", address_as="Мария Ивановна"
    )
    record = _call(CallLogService(database), remote="sip:89123456789@10.0.0.1;user=phone")
    assert record.customer_id == card.id
    assert record.customer_name == "Мария Ивановна"


def test_naive_times_are_refused_before_anything_is_written(database: Database) -> None:
    log = CallLogService(database)
    with pytest.raises(ValueError, match="started_at"):
        log.record_call(
            inbound=True,
            remote="+79123456789",
            display_name="",
            started_at=datetime(2026, 1, 1),
            answered_at=None,
            ended_at=T0,
        )
    assert log.history() == []


def test_history_newest_first_with_kind_filter_search_and_limit(database: Database) -> None:
    CustomerService(database).create_for_number(
        "+79123456789", full_name="Семёнов Пётр", address_as="Пётр Ильич"
    )
    log = CallLogService(database)
    a = _call(log, minute=1)
    b = _call(log, minute=2, answered=False)
    c = _call(log, minute=3, inbound=False, remote="sip:+79161112233@pbx.example")
    d = _call(log, minute=4, remote="sip:operator2@pbx.example")
    assert [r.id for r in log.history()] == [d.id, c.id, b.id, a.id]
    assert [r.id for r in log.history(limit=2)] == [d.id, c.id]
    assert [r.id for r in log.history(kinds={"call_missed"})] == [b.id]
    assert [r.id for r in log.history(kinds=["call_in", "call_out"])] == [d.id, c.id, a.id]
    assert [r.id for r in log.history(search="семен")] == [b.id, a.id]
    assert [r.id for r in log.history(search="ПЁТР")] == [b.id, a.id]
    assert [r.id for r in log.history(search="1112")] == [c.id]
    assert [r.id for r in log.history(search="8 916")] == [c.id]
    assert [r.id for r in log.history(search="operator2")] == [d.id]
    assert log.history(search="нет такого") == []


def test_missed_since_counts_only_missed_calls_after_the_moment(database: Database) -> None:
    log = CallLogService(database)
    _call(log, minute=0, answered=False)
    _call(log, minute=10, answered=False)
    _call(log, minute=11, answered=False)
    _call(log, minute=12)
    assert log.missed_since(T0 + timedelta(minutes=5)) == 2
    assert log.missed_since(T0 - timedelta(days=1)) == 3
    assert log.missed_since(T0 + timedelta(hours=1)) == 0


def test_operator_notes_after_the_call(database: Database) -> None:
    log = CallLogService(database)
    record = _call(log)
    noted = log.annotate(record.id, disposition="оформлен заказ", notes="Доставка в субботу")
    assert (noted.disposition, noted.notes) == ("оформлен заказ", "Доставка в субботу")
    assert log.history()[0].notes == "Доставка в субботу"
    with pytest.raises(LookupError, match="№999999"):
        log.annotate(999999, notes="x")


def test_control_characters_from_sip_are_dropped(database: Database) -> None:
    record = _call(CallLogService(database), remote="sip:+79123456789@pbx\x00.example")
    assert record.remote == "sip:+79123456789@pbx.example"
    noted = CallLogService(database).annotate(record.id, notes="итог\x00")
    assert noted.notes == "итог"


def test_conference_legs_are_marked_and_read_back(database: Database) -> None:
    log = CallLogService(database)
    alone = _call(log, minute=0)
    leg = _call(log, minute=1, conference=True)
    opened = log.open_call(StartedCall(False, "sip:supervisor@pbx.example", "", T0))
    completed = log.record_finished(
        FinishedCall(False, "sip:supervisor@pbx.example", "", T0, T0, T0 + timedelta(seconds=30),
                     200, "", conference=True),
        open_id=opened.id,
    )
    assert not alone.conference and leg.conference
    assert completed.id == opened.id and completed.conference
    assert {r.id: r.conference for r in log.history()} == {
        alone.id: False, leg.id: True, opened.id: True,
    }
