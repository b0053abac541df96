"""History panel against a real CallLogService on a temporary SQLite database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.formatting import format_duration
from softphone.ui.phone.history_panel import HistoryPanel
from softphone.ui.tasks import TaskRunner

pytestmark = pytest.mark.timeout(60)

ANNA = "+79123456789"


@pytest.fixture
def db(db: Database, desk_session) -> Database:
    desk_session(db)  # an operator's desk, roles enforced as in the app
    return db


@pytest.fixture
def call_log(db) -> CallLogService:
    return CallLogService(db)


def _record(log: CallLogService, *, inbound: bool, remote: str, answered: bool,
            start: datetime, talk_s: float = 0.0) -> None:
    answered_at = start + timedelta(seconds=5) if answered else None
    ended = (answered_at or start) + timedelta(seconds=talk_s or 20)
    log.record_call(inbound=inbound, remote=remote, display_name="", started_at=start,
                    answered_at=answered_at, ended_at=ended, status_code=200)


@pytest.fixture
def history(db, call_log) -> datetime:
    """Four calls an hour ago; Anna Petrovna is a known customer."""
    CustomerService(db).create_for_number(ANNA, address_as="Анна Петровна")
    base = datetime.now(UTC) - timedelta(hours=1)
    _record(call_log, inbound=True, remote=f"sip:{ANNA}@127.0.0.1", answered=True,
            start=base, talk_s=75)
    _record(call_log, inbound=False, remote="sip:+74951234567@127.0.0.1", answered=True,
            start=base + timedelta(minutes=1), talk_s=3725)
    _record(call_log, inbound=True, remote="sip:bob@127.0.0.1", answered=False,
            start=base + timedelta(minutes=2))
    _record(call_log, inbound=True, remote=f"sip:{ANNA}@127.0.0.1", answered=False,
            start=base + timedelta(minutes=3))
    return base


def _panel(qtbot, call_log, runner) -> HistoryPanel:
    panel = HistoryPanel(call_log, runner)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _settle(qtbot, runner: TaskRunner, panel: HistoryPanel) -> None:
    qtbot.waitUntil(lambda: not panel.loading and not runner.busy, timeout=5000)


def _column(panel: HistoryPanel, col: int) -> list[str]:
    model = panel.model
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_lists_newest_first_with_customer_and_duration(qtbot, history, call_log, runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    panel.refresh()
    _settle(qtbot, runner, panel)

    assert _column(panel, 0) == ["Missed", "Missed", "Outgoing", "Incoming"]
    names = _column(panel, 1)
    assert names[0] == "Анна Петровна" and names[3] == "Анна Петровна"
    assert names[1] == "Not in the customer base"
    assert _column(panel, 2)[0] == ANNA
    assert _column(panel, 4) == ["—", "—", "1:02:05", "1:15"]
    assert "4" in panel.status_label.text()


@pytest.mark.parametrize(
    ("key", "kinds"),
    [("all", ["Missed", "Missed", "Outgoing", "Incoming"]), ("in", ["Incoming"]),
     ("out", ["Outgoing"]), ("missed", ["Missed", "Missed"])],
)
def test_filters(qtbot, history, call_log, runner, key, kinds) -> None:
    panel = _panel(qtbot, call_log, runner)
    qtbot.mouseClick(panel.filter_buttons[key], Qt.MouseButton.LeftButton)
    _settle(qtbot, runner, panel)
    assert panel.current_filter == key
    assert _column(panel, 0) == kinds


def test_search_by_name_and_number_is_debounced(qtbot, history, call_log, runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    panel.refresh()
    _settle(qtbot, runner, panel)
    panel.search_edit.setText("анна")  # QTest.keyClicks aborts on non-Latin-1 text
    assert panel.model.rowCount() == 4  # nothing asked yet: waiting for a pause in typing
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    assert set(_column(panel, 1)) == {"Анна Петровна"}

    panel.search_edit.setText("495 123")
    qtbot.waitUntil(lambda: _column(panel, 2) == ["+74951234567"], timeout=5000)

    panel.set_filter("missed")
    panel.search_edit.setText("nobody-like-this")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=5000)
    _settle(qtbot, runner, panel)
    assert panel.status_label.text() == "Nothing found"


def test_call_back_by_double_click_button_and_enter(qtbot, history, call_log, runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    panel.refresh()
    _settle(qtbot, runner, panel)
    assert not panel.call_back_button.isEnabled()

    qtbot.waitExposed(panel)
    rect = panel.table.visualRect(panel.model.index(2, 1))
    assert rect.isValid()
    viewport = panel.table.viewport()
    with qtbot.waitSignal(panel.call_back_requested, timeout=2000) as signal:
        # a real double-click is press, release, then a double-click press: QTest needs the first
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["+74951234567"]

    panel.table.selectRow(1)  # bob: no E.164 number, so the raw SIP URI is dialled
    assert panel.call_back_button.isEnabled()
    with qtbot.waitSignal(panel.call_back_requested, timeout=2000) as signal:
        qtbot.mouseClick(panel.call_back_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["sip:bob@127.0.0.1"]

    panel.table.selectRow(0)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.call_back_requested, timeout=2000) as signal:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert signal.args == [ANNA]


def test_context_menu_calls_back_and_copies_the_number(qtbot, qapp, history, call_log,
                                                       runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    _settle(qtbot, runner, panel)
    menu = panel.context_menu_for(panel.model.index(2, 0))
    call_back, copy = menu.actions()
    assert [call_back.text(), copy.text()] == ["Call back", "Copy number"]
    copy.trigger()
    assert qapp.clipboard().text() == "+74951234567"
    with qtbot.waitSignal(panel.call_back_requested, timeout=2000) as signal:
        call_back.trigger()
    assert signal.args == ["+74951234567"]
    assert panel.context_menu_for(panel.model.index(99, 0)) is None  # below the last row


def test_missed_badge_counts_since_last_look(qtbot, history, call_log, runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    panel.refresh()
    _settle(qtbot, runner, panel)
    assert panel.missed_count == 0  # the two missed calls happened before the panel existed

    now = datetime.now(UTC)  # after the panel was made, before mark_seen below
    with qtbot.waitSignal(panel.missed_count_changed, timeout=5000) as signal:
        for i in range(2):
            _record(call_log, inbound=True, remote=f"sip:+7916000000{i}@127.0.0.1",
                    answered=False, start=now + timedelta(microseconds=i))
        panel.refresh()
    assert signal.args == [2]
    _settle(qtbot, runner, panel)

    with qtbot.waitSignal(panel.missed_count_changed, timeout=2000) as signal:
        panel.mark_seen()
    assert signal.args == [0]

    # a write through the runner broadcasts data_changed("calls"): the panel reloads itself
    later = datetime.now(UTC)
    with qtbot.waitSignal(panel.missed_count_changed, timeout=5000) as signal:
        runner.run(lambda: _record(call_log, inbound=True, remote="sip:eve@127.0.0.1",
                                   answered=False, start=later), changes="calls")
    assert signal.args == [1]
    _settle(qtbot, runner, panel)
    assert _column(panel, 2)[0] == "sip:eve@127.0.0.1"


def test_loads_itself_when_first_shown(qtbot, history, call_log, runner) -> None:
    panel = HistoryPanel(call_log, runner)
    qtbot.addWidget(panel)
    qtbot.wait(50)
    assert panel.model.rowCount() == 0 and not runner.busy  # hidden: no query yet
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4, timeout=5000)


def test_database_is_never_queried_on_the_gui_thread(qtbot, db, runner) -> None:
    class ThreadNotingCallLog(CallLogService):  # the real service, noting where it runs
        threads: list[str] = []  # noqa: RUF012

        def history(self, **kwargs):
            self.threads.append(threading.current_thread().name)
            return super().history(**kwargs)

        def missed_since(self, since):
            self.threads.append(threading.current_thread().name)
            return super().missed_since(since)

    call_log = ThreadNotingCallLog(db)
    panel = _panel(qtbot, call_log, runner)
    panel.set_filter("missed")
    panel.search_edit.setText("анна")
    qtbot.waitUntil(lambda: len(call_log.threads) >= 6, timeout=5000)
    _settle(qtbot, runner, panel)
    assert threading.main_thread().name not in call_log.threads


def test_a_slow_older_answer_never_replaces_a_newer_one(qtbot, history, db, runner) -> None:
    class SlowUnfilteredCallLog(CallLogService):  # the real service; the full list is slow
        def history(self, **kwargs):
            if kwargs.get("kinds") is None:
                threading.Event().wait(0.5)
            return super().history(**kwargs)

    panel = _panel(qtbot, SlowUnfilteredCallLog(db), runner)  # showing it asks for "all"
    panel.set_filter("out")  # asked later, answered first
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    _settle(qtbot, runner, panel)  # the slow "all" answer has arrived by now, and was dropped
    assert _column(panel, 0) == ["Outgoing"]


def test_empty_history_says_so(qtbot, call_log, runner) -> None:
    panel = _panel(qtbot, call_log, runner)
    panel.refresh()
    _settle(qtbot, runner, panel)
    assert panel.model.rowCount() == 0
    assert panel.status_label.text() == "No calls yet"


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.6, "1:00"), (3600, "1:00:00")])
def test_duration_format(seconds, text) -> None:
    assert format_duration(seconds) == text
