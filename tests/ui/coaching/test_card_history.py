"""The caller's card lists past calls with the speech figures saved with them, on SQLite and
PostgreSQL; an operator's card shows only their own calls' figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from softphone.crm.auth import Principal, Role
from softphone.crm.coaching.service import CallCoaching, CoachingService
from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.sip.events import CallInfo, CallState, Direction
from softphone.ui.caller.card import CallerCard
from softphone.ui.tasks import TaskRunner
from tests.people import person

NUMBER = "+79161234567"


def _past_call(db: Database, who: Principal, hours_ago: int) -> int:
    start = datetime.now(UTC) - timedelta(hours=hours_ago)
    return CallLogService(db).record_call(
        inbound=True, remote=f"sip:{NUMBER}@pbx.example", display_name="",
        started_at=start, answered_at=start + timedelta(seconds=2),
        ended_at=start + timedelta(seconds=80), operator_id=who.operator_id,
    ).id


def _ringing() -> CallInfo:
    return CallInfo(call_id=1, account_id="a", direction=Direction.INBOUND,
                    state=CallState.INCOMING, remote_uri=f"sip:{NUMBER}@pbx.example",
                    remote_number=NUMBER, display_name="")


def _card_lines(card: CallerCard) -> list[str]:
    return [card.recent.list.item(i).text() for i in range(card.recent.list.count())]


def test_the_card_shows_the_speech_figures_of_past_calls(
    qtbot: Any, database: Database, runner: TaskRunner
) -> None:
    CustomerService(database).create_for_number(NUMBER, address_as="Мария Ивановна")
    anna = person(database, "anna", "anna", Role.OPERATOR)
    ivan = person(database, "ivan", "ivan", Role.OPERATOR)
    annas, ivans = _past_call(database, anna, 3), _past_call(database, ivan, 2)
    CoachingService(database).save(annas, CallCoaching(
        operator_rate=5.5, pace_match=0.8, in_band=0.9, longest_pause_s=6.6, overtalk_count=2))
    CoachingService(database).save(ivans, CallCoaching(operator_rate=7.0, longest_pause_s=1.0))

    def lines_for(viewer: Principal) -> list[str]:
        card = CallerCard(CustomerService(database), runner,
                          coaching=CoachingService(database, viewer))
        qtbot.addWidget(card)
        card.show_call(_ringing())
        qtbot.waitUntil(lambda: any("Speech" in line for line in _card_lines(card)),
                        timeout=5000)
        runner.wait_idle()
        return _card_lines(card)

    boss = person(database, "boss", "boss", Role.SUPERVISOR)
    everyone = lines_for(boss)
    assert len(everyone) == 2  # newest first: Ivan's call, then Anna's
    assert "pace 7.0 syll./s" in everyone[0]
    assert "pace 5.5 syll./s (with the caller 80 %)" in everyone[1]
    assert "volume right 90 %" in everyone[1] and "longest pause 7 s" in everyone[1]
    assert "talked over 2 time(s)" in everyone[1]
    own = lines_for(anna)
    assert "Speech" not in own[0] and "pace 5.5" in own[1]


def test_a_card_shown_twice_in_a_row_lists_each_calls_figures_once(
    qtbot: Any, database: Database, runner: TaskRunner
) -> None:
    """The card refreshes (a saved answer, an edit) while the first figures are on their way:
    only the last look-up's figures are added, not both."""
    CustomerService(database).create_for_number(NUMBER, address_as="Мария Ивановна")
    anna = person(database, "anna", "anna", Role.OPERATOR)
    call = _past_call(database, anna, 3)
    CoachingService(database).save(call, CallCoaching(operator_rate=5.5, longest_pause_s=2.0))
    card = CallerCard(CustomerService(database), runner,
                      coaching=CoachingService(database, anna))
    qtbot.addWidget(card)
    card.show_call(_ringing())
    qtbot.waitUntil(lambda: card.card is not None, timeout=5000)
    runner.wait_idle()
    assert card.card is not None
    card.show_card(card.card)
    card.show_card(card.card)  # two look-ups in flight for the same list
    qtbot.waitUntil(lambda: any("Speech" in line for line in _card_lines(card)), timeout=5000)
    runner.wait_idle()
    qtbot.wait(50)  # the look-ups' answers are delivered to the GUI thread
    [line] = _card_lines(card)
    assert line.count("Speech") == 1 and line.count("pace 5.5") == 1
