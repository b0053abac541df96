"""The reports page on a real SQLite CRM: the figures in the table, one bar per day in the chart,
CSV and PDF of what is shown; an operator gets no operator picker and only their own row;
the main window's Tools menu opens it."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from softphone.crm.auth import Principal, Role
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.reports import ReportService
from softphone.ui.reports.page import ReportsPage
from softphone.ui.reports.window import install_reports
from softphone.ui.tasks import TaskRunner
from tests.people import person
from tests.ui.phone_helpers import close_phone, open_phone
from tests.ui.session_helpers import desk_of

pytestmark = pytest.mark.timeout(60)
MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW)


@pytest.fixture
def people(db: Database) -> dict[str, Principal]:
    """Anna: two answered inbound calls on 24.11, a missed one on 25.11 (00:05 Moscow, which
    is still the 24th in UTC). Ivan: one outgoing call on 25.11."""
    people = {
        "anna": person(db, "anna", "Анна", Role.OPERATOR),
        "ivan": person(db, "ivan", "Иван", Role.OPERATOR),
        "boss": person(db, "boss", "Ольга", Role.SUPERVISOR),
    }
    log = CallLogService(db)

    def call(who: str, inbound: bool, start: datetime, talk: int | None) -> None:
        answered = start + timedelta(seconds=6) if talk is not None else None
        log.record_call(
            inbound=inbound, remote="sip:+79161234567@pbx.example", display_name="",
            started_at=start, answered_at=answered,
            ended_at=(answered or start) + timedelta(seconds=talk or 15),
            operator_id=people[who].operator_id,
        )

    call("anna", True, datetime(2026, 11, 24, 10, 0, tzinfo=MOSCOW), 90)
    call("anna", True, datetime(2026, 11, 24, 15, 0, tzinfo=MOSCOW), 150)
    call("anna", True, datetime(2026, 11, 25, 0, 5, tzinfo=MOSCOW), None)
    call("ivan", False, datetime(2026, 11, 25, 9, 0, tzinfo=MOSCOW), 60)
    return people


def _page(db: Database, runner: TaskRunner, who: Principal, qtbot) -> ReportsPage:
    page = ReportsPage(ReportService(db, who), runner, zone=MOSCOW, now=lambda: NOW)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    return page


def _choose(page: ReportsPage, qtbot, key: str, first: date | None = None,
            last: date | None = None) -> None:
    with qtbot.waitSignal(page.report_shown, timeout=5000):
        page.choose(key, first, last)


def _table(page: ReportsPage) -> list[list[str]]:
    table = page.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_supervisor_sees_every_operator_and_a_bar_per_day(
    db: Database, runner: TaskRunner, people: dict[str, Principal], qtbot
) -> None:
    page = _page(db, runner, people["boss"], qtbot)
    assert not page.operator_box.isHidden()
    qtbot.waitUntil(lambda: page.operator_box.count() == 4, timeout=5000)  # all + three
    _choose(page, qtbot, "custom", date(2026, 11, 24), date(2026, 11, 25))
    rows = {row[0]: row for row in _table(page)}
    assert set(rows) == {"Анна", "Иван", "Ольга", "Total"}
    assert rows["Анна"][1:5] == ["2", "0", "1", "66,7 %"]
    assert rows["Анна"][5:8] == ["4:00", "2:00", "0:06"]
    assert rows["Иван"][1:4] == ["0", "1", "0"]
    assert rows["Total"][1:4] == ["2", "1", "1"]
    assert page.chart.points() == 2
    bars = page.chart.series.barSets()
    assert [[s.at(i) for i in range(s.count())] for s in bars] == [[2, 0], [0, 1], [0, 1]]

    _choose(page, qtbot, "month")  # 1..25 November
    assert page.chart.points() == 25
    assert page.first_date.date().day() == 1 and page.last_date.date().day() == 25

    ivan = page.operator_box.findData(people["ivan"].operator_id)
    with qtbot.waitSignal(page.report_shown, timeout=5000):
        page.operator_box.setCurrentIndex(ivan)
    assert [row[0] for row in _table(page)] == ["Иван"]


def test_csv_and_pdf_hold_what_is_shown(
    db: Database, runner: TaskRunner, people: dict[str, Principal], qtbot, tmp_path: Path
) -> None:
    page = _page(db, runner, people["boss"], qtbot)
    _choose(page, qtbot, "custom", date(2026, 11, 24), date(2026, 11, 24))
    page.export_csv(tmp_path / "report.csv")
    raw = (tmp_path / "report.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # spreadsheets read Cyrillic with the BOM
    with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert table[0][:4] == ["Оператор", "Входящие", "Исходящие", "Пропущенные"]
    assert [line[:4] for line in table[1:]] == [
        ["Анна", "2", "0", "0"],  # the missed call at 00:05 Moscow belongs to the 25th
        ["Иван", "0", "0", "0"],
        ["Ольга", "0", "0", "0"],
        ["Итого", "2", "0", "0"],
    ]
    page.export_pdf(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_an_operator_has_no_picker_and_sees_only_their_row(
    db: Database, runner: TaskRunner, people: dict[str, Principal], qtbot
) -> None:
    page = _page(db, runner, people["anna"], qtbot)
    assert page.operator_box.isHidden() and page.operator_label.isHidden()
    _choose(page, qtbot, "week")  # Monday 23.11 .. Wednesday 25.11
    assert _table(page) == [["Анна", "2", "0", "1", "66,7 %", "4:00", "2:00", "0:06",
                             "0", "0", "0", "0"]]
    assert page.chart.points() == 3


def test_tools_menu_opens_the_reports_window(tmp_path: Path, qtbot) -> None:
    phone = open_phone(tmp_path / "desk", qtbot)
    try:
        launcher = install_reports(desk_of(phone.window, phone.db, person(
            phone.db, "olga", "Ольга", Role.SUPERVISOR)))
        assert launcher.action in phone.window.tools_menu.actions()
        launcher.action.trigger()
        reports = launcher.reports
        assert reports is not None and reports.isVisible()
        qtbot.waitUntil(lambda: reports.page.report is not None, timeout=5000)
        assert reports.windowTitle() == reports.page.title()
        reports.close()
        qtbot.waitUntil(lambda: launcher.reports is None, timeout=2000)
    finally:
        close_phone(phone)


def test_now_in_utc_is_a_moscow_day(db: Database, runner: TaskRunner, qtbot,
                                    people: dict[str, Principal]) -> None:
    """22:30 UTC is already tomorrow in Moscow: 'today' follows the local day."""
    late = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)
    page = ReportsPage(ReportService(db, people["boss"]), runner, zone=MOSCOW, now=lambda: late)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert page.report.period.first == date(2026, 11, 25)
