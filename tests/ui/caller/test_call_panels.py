"""The call side panel against the real engine with sipp calling the app (127.0.0.1).

Known caller: card while ringing, script addressed by name, wrap-up saved with disposition.
Unknown caller: the question, saved in one step, then a differently spelled number finds them.
(After-call work, which turns callers away while the wrap-up is finished, is the agent
status's: tests/ui/agent/test_agent_desk.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.guide.wrapup import WrapUpService
from tests.sip.sip_helpers import Processes, free_port, sipp_media_port
from tests.ui.call_panel_helpers import PanelDesk, call_from, close_desk, open_desk

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'crm.sqlite3'}"


@pytest.fixture
def desk(db_url: str, tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    desk = open_desk(db_url, tmp_path, qtbot)
    try:
        yield desk
    finally:
        close_desk(desk)


def ringing(desk: PanelDesk) -> bool:
    return desk.window.call_list.ringing_call() is not None


def finish(qtbot, proc, timeout_ms: int = 10_000) -> int:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=timeout_ms)
    return int(proc.returncode)


def test_known_caller_card_while_ringing_then_wrap_up_with_disposition(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    customers = desk.customers
    known = customers.create_for_number(
        "+7 916 123-45-67", address_as="Иван Петрович", full_name="Петров Иван Петрович"
    )
    earlier = desk.call_log.record_call(
        inbound=True, remote="sip:+79161234567@127.0.0.1", display_name="",
        started_at=datetime.now(UTC) - timedelta(days=2),
        answered_at=datetime.now(UTC) - timedelta(days=2), ended_at=datetime.now(UTC),
    )
    desk.call_log.annotate(earlier.id, disposition="Консультация", notes="Спрашивал про тариф")
    card, panels = desk.panels.card, desk.panels
    desk.window.side_tabs.setCurrentIndex(0)  # history in front: the pop must switch tabs

    # talks until the desk hangs up: on a 1.5 s talk timer a GUI thread that late never saw
    # the card say "Talking"
    sipp = call_from(processes, desk, "+79161234567", until_bye=True)
    qtbot.waitUntil(lambda: card.name_label.text() == "Иван Петрович", timeout=5000)
    assert ringing(desk), "the card must be there before the call is answered"
    assert card.heading.text() == "Incoming call"
    assert desk.window.side_tabs.currentWidget() is panels.caller_tab
    assert card.card is not None and card.card.id == known.id
    assert "Петров Иван Петрович" in card.detail_label.text()
    assert [b.text() for b in card.number_buttons] == ["+7 916 123-45-67"]
    assert "Спрашивал про тариф" in card.recent.list.item(0).text()
    assert not card.question.isVisible()
    script = panels.script.view.toPlainText()
    assert "Иван Петрович, чем я могу Вам помочь?" in script
    assert "Меня зовут Анна, компания «Связь Плюс»" in script

    assert desk.window.controller.answer()
    qtbot.waitUntil(lambda: card.heading.text() == "Talking", timeout=3000)
    desk.window.controller.hangup()
    assert finish(qtbot, sipp) == 0, processes.output(sipp)  # sipp talked, its BYE answered
    qtbot.waitUntil(lambda: card.heading.text() == "Call ended", timeout=3000)
    assert card.name_label.text() == "Иван Петрович"  # the card stays for the wrap-up
    wrapup = panels.wrapup
    qtbot.waitUntil(wrapup.isVisible, timeout=5000)
    assert "Иван Петрович" in wrapup.title.text()
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("Оформлен заказ"))
    wrapup.notes.insertPlainText("Заказ оформлен, доставка в среду")  # keyClicks: ASCII only
    wrapup.callback_check.setChecked(True)
    qtbot.mouseClick(wrapup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wrapup.isVisible(), timeout=5000)
    # The call's row is completed by its own write, which may land after the wrap-up's.
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)

    call = desk.call_log.history(search="+79161234567")[0]
    assert call.kind == "call_in" and call.customer_id == known.id
    saved = WrapUpService(desk.db).get(call.id)
    assert saved.disposition == "Оформлен заказ"
    assert saved.notes == "Заказ оформлен, доставка в среду"
    assert saved.callback_at is not None and saved.callback_at > datetime.now(UTC)
    # The card refreshed itself with the call just wrapped up.
    qtbot.waitUntil(lambda: "Оформлен заказ" in card.recent.list.item(0).text(), timeout=5000)


def test_unknown_caller_is_asked_saved_and_recognised_in_another_spelling(
    desk: PanelDesk, processes: Processes, qtbot, db_url: str
) -> None:
    card = desk.panels.card
    first = call_from(processes, desk, "+79035550101")
    qtbot.waitUntil(card.question.isVisible, timeout=5000)
    assert ringing(desk)
    assert card.question.label.text() == "How may I address you?"  # tests run untranslated
    assert [b.text() for b in card.number_buttons] == ["+7 903 555-01-01"]
    qtbot.mouseClick(card.question.save_button, Qt.MouseButton.LeftButton)  # empty: refused
    assert card.error_label.isVisible() and card.question.isVisible()
    card.question.address_edit.insert("Мария Ивановна")  # Qt test key clicks are ASCII only
    card.question.full_name_edit.insert("Смирнова Мария Ивановна")
    qtbot.mouseClick(card.question.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.name_label.text() == "Мария Ивановна", timeout=5000)
    assert not card.question.isVisible() and ringing(desk)
    assert "Мария Ивановна, чем я могу" in desk.panels.script.view.toPlainText()
    stored = CustomerService(desk.db).find_by_number("+79035550101")
    assert stored is not None and stored.full_name == "Смирнова Мария Ивановна"
    assert desk.window.controller.answer()
    assert finish(qtbot, first) == 0, processes.output(first)
    qtbot.waitUntil(lambda: not desk.window.call_list.calls(), timeout=5000)

    # The same customer dials with the national trunk prefix: 8 903 ... instead of +7 903 ...
    second = call_from(processes, desk, "89035550101")
    qtbot.waitUntil(lambda: ringing(desk), timeout=5000)
    qtbot.waitUntil(lambda: card.name_label.text() == "Мария Ивановна", timeout=5000)
    assert ringing(desk) and not card.question.isVisible()
    assert desk.window.controller.answer()
    assert finish(qtbot, second) == 0, processes.output(second)
    other = Database.open(db_url)  # a second desk on the same database sees the card too
    try:
        assert CustomerService(other).find_by_number("8 (903) 555-01-01").id == stored.id
    finally:
        other.dispose()


def test_caller_id_name_fills_the_full_name_but_the_address_is_asked(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    card = desk.panels.card
    scenario = Path(__file__).parents[1] / "scenarios" / "uac_named_caller.xml"
    processes.start(
        "sipp",
        ["sipp", "-sf", str(scenario), "-s", "operator", "-i", "127.0.0.1",
         "-p", str(free_port()), "-mp", str(sipp_media_port()), "-m", "1", "-nostdin",
         "-timeout", "20s", "-timeout_error", desk.address],
    )
    qtbot.waitUntil(card.question.isVisible, timeout=5000)
    assert card.question.full_name_edit.text() == "Анна Смирнова"  # the From header's name
    assert card.question.address_edit.text() == ""  # how to address her is her answer, not a guess
    desk.window.controller.reject()
    qtbot.waitUntil(lambda: not desk.window.call_list.calls(), timeout=5000)


def test_click_to_call_a_number_on_the_card(desk: PanelDesk, processes: Processes, qtbot) -> None:
    desk.customers.create_for_number("+79161112233", address_as="Олег")
    sipp = call_from(processes, desk, "+79161112233")
    card = desk.panels.card
    qtbot.waitUntil(lambda: card.name_label.text() == "Олег", timeout=5000)
    desk.window.controller.reject()
    finish(qtbot, sipp)
    qtbot.waitUntil(lambda: not desk.window.call_list.calls(), timeout=5000)
    dialled: list[str] = []
    card.call_requested.connect(dialled.append)
    qtbot.mouseClick(card.number_buttons[0], Qt.MouseButton.LeftButton)
    assert dialled == ["+79161112233"]
    qtbot.waitUntil(lambda: bool(desk.window.call_list.calls()), timeout=5000)
    assert desk.window.call_list.calls()[0].remote_uri.startswith("sip:+79161112233")
    desk.window.controller.hangup()
    qtbot.waitUntil(lambda: not desk.window.call_list.calls(), timeout=5000)


def test_a_waiting_call_pops_its_card_and_the_talking_callers_card_returns(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    desk.customers.create_for_number("+79161230001", address_as="Анна Сергеевна")
    card = desk.panels.card
    # The talking caller stays until we hang up: on a talk timer of its own it could leave
    # before the waiting caller's card came and went, and the card would have nobody to return to.
    talking = call_from(processes, desk, "+79161230001", until_bye=True)
    qtbot.waitUntil(lambda: card.name_label.text() == "Анна Сергеевна", timeout=5000)
    assert desk.window.controller.answer()
    qtbot.waitUntil(lambda: not ringing(desk), timeout=5000)

    waiting = call_from(processes, desk, "+79035550199")
    qtbot.waitUntil(card.question.isVisible, timeout=5000)  # the waiting stranger's card
    desk.window.controller.reject(desk.window.call_list.ringing_call().call_id)
    qtbot.waitUntil(lambda: card.name_label.text() == "Анна Сергеевна", timeout=5000)
    assert not card.question.isVisible()
    assert "Анна Сергеевна" in desk.panels.script.view.toPlainText()
    finish(qtbot, waiting)
    talked = desk.window.controller.talking_call()
    assert talked is not None and talked.remote_number == "+79161230001"
    desk.window.controller.hangup(talked.call_id)
    assert finish(qtbot, talking) == 0, processes.output(talking)


def test_call_settings_page_changes_script_names_and_ring_timeout_live(
    desk: PanelDesk, qtbot
) -> None:
    from softphone.settings import Settings
    from softphone.ui.caller.settings_page import CallCenterPage
    from softphone.ui.settings.dialog import SettingsDialog

    desk.window.open_settings()
    dialog = desk.window.findChild(SettingsDialog)
    page = next(p for p in dialog.pages if isinstance(p, CallCenterPage))
    assert page.company_edit.text() == "Связь Плюс"
    assert page.company_edit.isReadOnly(), "an operator does not rename the company"
    page.operator_edit.setText("Ольга")
    assert page.ring_spin.value() == 30  # the default no-answer timeout
    page.ring_spin.setValue(12)
    assert dialog.save()
    dialog.close()
    assert desk.window.bridge.engine.ring_timeout_s == 12  # live, no restart
    assert "Меня зовут Ольга, компания «Связь Плюс»." in desk.panels.script.view.toPlainText()
    stored = Settings.load(desk.window.settings.path).call_center
    assert (stored.company, stored.operator_name) == ("Связь Плюс", "Ольга")
    assert stored.ring_timeout_s == 12
