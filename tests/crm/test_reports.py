"""Reports on the operators' work, on SQLite and PostgreSQL: figures from calls, wrap-ups,
orders, applications and website requests written through the real services; local days
across midnight and a daylight-saving change; who may see whose report."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from softphone.crm.auth import PermissionDenied, Principal, enforce_sign_in, start_session
from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.finished import StartedCall
from softphone.crm.db import Database
from softphone.crm.guide.wrapup import WrapUpService
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.forms import ApplicationForm, LineInput, OrderForm
from softphone.crm.orders.service import OrderService
from softphone.crm.reports import Period, PeriodError, ReportService, to_csv, to_html
from softphone.crm.reports.days import offset_stretches
from softphone.crm.web_requests.input import Submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService
from tests.people import team

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")  # summer time ends on 25.10.2026 at 03:00 local


@pytest.fixture
def people(database: Database) -> dict[str, Principal]:
    return team(database)


def _msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


def _call(
    db: Database, who: Principal, *, inbound: bool, start: datetime, wait: int | None, talk: int
) -> int:
    answered = start + timedelta(seconds=wait) if wait is not None else None
    ended = (answered or start) + timedelta(seconds=talk if answered else 20)
    return CallLogService(db).record_call(
        inbound=inbound,
        remote="sip:+79161234567@pbx.example",
        display_name="",
        started_at=start,
        answered_at=answered,
        ended_at=ended,
        operator_id=who.operator_id,
    ).id


@pytest.fixture
def calls(database: Database, people: dict[str, Principal]) -> None:
    """Anna: 10.11 three calls, one just before midnight; 11.11 a missed call at 00:10 and
    an outgoing one. Ivan: one call on 10.11 and one outside the period (12.11)."""
    anna, ivan = people["anna"], people["ivan"]
    WrapUpService(database, people["admin"]).replace_dispositions(["консультация", "жалоба"])
    wrap = WrapUpService(database)
    first = _call(database, anna, inbound=True, start=_msk(10, 9), wait=5, talk=120)
    wrap.save(first, disposition="консультация")
    second = _call(database, anna, inbound=True, start=_msk(10, 23, 50), wait=15, talk=300)
    wrap.save(second, disposition="жалоба")
    _call(database, anna, inbound=False, start=_msk(10, 12), wait=None, talk=0)
    _call(database, anna, inbound=True, start=_msk(11, 0, 10), wait=None, talk=0)
    out = _call(database, anna, inbound=False, start=_msk(11, 15), wait=8, talk=60)
    wrap.save(out, disposition="консультация")
    _call(database, ivan, inbound=True, start=_msk(10, 10), wait=10, talk=200)
    _call(database, ivan, inbound=True, start=_msk(12, 10), wait=10, talk=999)


PERIOD = Period(date(2026, 11, 10), date(2026, 11, 11), MOSCOW)


@pytest.mark.usefixtures("calls")
def test_call_figures_of_one_operator(database: Database, people: dict[str, Principal]) -> None:
    anna = people["anna"]
    report = ReportService(database, anna).report(PERIOD, anna.operator_id)
    assert len(report.rows) == 1
    row = report.rows[0]
    assert (row.name, row.calls_in, row.calls_out, row.calls_missed) == ("Анна", 2, 2, 1)
    assert row.answered_share == pytest.approx(2 / 3)
    assert row.connected == 3
    assert row.talk_s == pytest.approx(480)
    assert row.average_talk_s == pytest.approx(160)
    assert row.average_answer_s == pytest.approx(10, abs=0.01)  # (5 + 15) / 2, inbound only
    assert dict(report.dispositions) == {"консультация": 2, "жалоба": 1, "": 2}
    assert report.dispositions[0] == ("консультация", 2)


@pytest.mark.usefixtures("calls")
def test_a_call_still_ringing_or_talking_is_not_counted_yet(
    database: Database, people: dict[str, Principal]
) -> None:
    """Calls are logged (open) the moment they ring: a report made meanwhile must not count
    the ringing call as missed, nor the one being talked as a call without talk time."""
    anna = people["anna"]
    log = CallLogService(database)
    before = ReportService(database, anna).report(PERIOD, anna.operator_id).rows[0]
    ringing = StartedCall(True, "sip:+79161234567@pbx.example", "", _msk(10, 15))
    log.open_call(ringing, operator_id=anna.operator_id)
    talking = log.open_call(StartedCall(True, "sip:+79035550000@pbx.example", "", _msk(10, 16)),
                            operator_id=anna.operator_id)
    log.mark_answered(talking.id, _msk(10, 16, 1))
    now = ReportService(database, anna).report(PERIOD, anna.operator_id).rows[0]
    assert now == before


@pytest.mark.usefixtures("calls")
def test_calls_fall_on_the_operators_local_day(
    database: Database, people: dict[str, Principal]
) -> None:
    """23:50 Moscow is 20:50 UTC the same day; 00:10 Moscow is 21:10 UTC the day before."""
    report = ReportService(database, people["boss"]).report(PERIOD)
    by_day = {d.day: (d.calls_in, d.calls_out, d.calls_missed) for d in report.days}
    assert by_day == {date(2026, 11, 10): (3, 1, 0), date(2026, 11, 11): (0, 1, 1)}
    in_utc = Period(date(2026, 11, 10), date(2026, 11, 11), UTC)
    shifted = ReportService(database, people["boss"]).report(in_utc)
    assert {d.day: d.total for d in shifted.days} == {
        date(2026, 11, 10): 5,  # 00:10 Moscow on the 11th is still the 10th in UTC
        date(2026, 11, 11): 1,
    }


@pytest.mark.usefixtures("calls")
def test_everyone_with_a_total_for_the_supervisor(
    database: Database, people: dict[str, Principal]
) -> None:
    report = ReportService(database, people["boss"]).report(PERIOD)
    rows = {row.login: row for row in report.rows}
    assert set(rows) == {"anna", "ivan", "boss", "admin"}  # idle operators show as zeros
    assert (rows["ivan"].calls_in, rows["ivan"].talk_s) == (1, pytest.approx(200))
    assert rows["boss"].calls == 0 and rows["boss"].answered_share is None
    total = report.total
    assert (total.calls_in, total.calls_out, total.calls_missed) == (3, 2, 1)
    assert total.talk_s == pytest.approx(680)
    assert total.average_answer_s == pytest.approx(10, abs=0.01)  # (5 + 15 + 10) / 3
    assert sum(d.total for d in report.days) == total.calls == 6


def test_day_buckets_follow_a_daylight_saving_change(
    database: Database, people: dict[str, Principal]
) -> None:
    anna = people["anna"]
    moments = [
        datetime(2026, 10, 24, 21, 30, tzinfo=UTC),  # 23:30 summer time, 24.10
        datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00:30 summer time, 25.10
        datetime(2026, 10, 25, 22, 30, tzinfo=UTC),  # 23:30 winter time, 25.10
        datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # 00:30 winter time, 26.10
    ]
    for moment in moments:
        _call(database, anna, inbound=True, start=moment, wait=3, talk=30)
    period = Period(date(2026, 10, 24), date(2026, 10, 26), BERLIN)
    assert [offset for _, offset in offset_stretches(period)] == [7200, 3600]
    report = ReportService(database, anna).report(period, anna.operator_id)
    assert [(d.day.day, d.calls_in) for d in report.days] == [(24, 1), (25, 2), (26, 1)]


def test_documents_and_website_requests_count_for_their_operator(
    database: Database, people: dict[str, Principal]
) -> None:
    anna, ivan = people["anna"], people["ivan"]
    load_demo_catalogue(database)
    setup = _catalogue_item(database, "SD-SRV-SETUP")  # a service: no delivery address
    order = OrderForm(
        contact_name="Мария", contact_phone="+79161234567", lines=(LineInput(setup, "1"),)
    )
    OrderService(database).create(order, operator="anna")
    OrderService(database).create(order, operator="anna")
    OrderService(database).create(order, operator="ivan")
    callback = ApplicationForm(
        kind="callback",
        contact_name="Мария",
        contact_phone="+79161234567",
        callback_at=(datetime.now(UTC) + timedelta(hours=2)).isoformat(),
    )
    ApplicationService(database).create(callback, operator="ivan")

    site = SiteService(database, people["admin"]).add("shop.example.ru").site
    requests = WebRequestService(database)
    ids = [
        requests.submit(site.id, Submission("callback", f"Гость {n}", "", None, "", "")).request.id
        for n in range(4)
    ]
    requests.close(ids[0], anna.operator_id, "done")
    requests.close(ids[1], anna.operator_id, "no_answer")
    requests.close(ids[2], anna.operator_id, "duplicate")
    assert requests.take(ids[3], ivan.operator_id)  # still being worked

    local_today = datetime.now(MOSCOW).date()
    around_now = Period(local_today - timedelta(days=1), local_today + timedelta(days=1), MOSCOW)
    rows = {r.login: r for r in ReportService(database, people["boss"]).report(around_now).rows}
    assert (rows["anna"].orders, rows["anna"].applications) == (2, 0)
    assert (rows["ivan"].orders, rows["ivan"].applications) == (1, 1)
    assert (rows["anna"].requests_taken, rows["anna"].requests_closed) == (3, 2)
    assert (rows["ivan"].requests_taken, rows["ivan"].requests_closed) == (1, 0)
    yesterday = Period(local_today - timedelta(days=3), local_today - timedelta(days=2), MOSCOW)
    quiet = ReportService(database, anna).report(yesterday, anna.operator_id).rows[0]
    assert (quiet.orders, quiet.requests_taken) == (0, 0)


def _catalogue_item(db: Database, code: str) -> int:
    from sqlalchemy import select

    from softphone.crm.kb.models import KbItem

    with db.session() as session:
        return session.execute(select(KbItem.id).where(KbItem.code == code)).scalar_one()


@pytest.mark.usefixtures("calls")
def test_operator_sees_only_their_own_report(
    database: Database, people: dict[str, Principal]
) -> None:
    anna, ivan = people["anna"], people["ivan"]
    service = ReportService(database, anna)
    assert service.report(PERIOD, anna.operator_id).rows[0].login == "anna"
    assert not service.can_view_all()
    assert [o.login for o in service.operators()] == ["anna"]
    for other in (ivan.operator_id, None):
        with pytest.raises(PermissionDenied, match="просматривать отчёты всех операторов"):
            service.report(PERIOD, other)
    for chief in ("boss", "admin"):
        boss = ReportService(database, people[chief])
        assert boss.can_view_all()
        assert boss.report(PERIOD, ivan.operator_id).rows[0].calls_in == 1
        assert len(boss.operators()) == 4


def test_signed_in_desk_and_enforced_sign_in(database: Database, people: dict[str, Principal]):
    anna = people["anna"]
    enforce_sign_in(database)
    with pytest.raises(PermissionDenied, match="Войдите в программу"):
        ReportService(database).report(PERIOD)
    start_session(database, anna)
    desk = ReportService(database)
    assert desk.report(PERIOD, anna.operator_id).rows[0].login == "anna"
    with pytest.raises(PermissionDenied, match="супервизор"):
        desk.report(PERIOD)


@pytest.mark.usefixtures("calls")
def test_csv_and_html_export(database: Database, people: dict[str, Principal]) -> None:
    report = ReportService(database, people["boss"]).report(PERIOD)
    table = list(csv.reader(io.StringIO(to_csv(report)), delimiter=";"))
    assert table[0][:4] == ["Оператор", "Входящие", "Исходящие", "Пропущенные"]
    assert [line[0] for line in table[1:]] == ["Админ", "Анна", "Иван", "Ольга", "Итого"]
    assert table[2][1:8] == ["2", "2", "1", "66,7", "480", "160,0", "10,0"]
    assert table[-1][1:4] == ["3", "2", "1"]
    page = to_html(report)
    assert "10.11.2026 — 11.11.2026" in page and "жалоба" in page and "8:00" in page


def test_periods() -> None:
    now = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # already Thursday 26.11 in Moscow
    assert Period.today(MOSCOW, now).first == date(2026, 11, 26)
    week = Period.this_week(MOSCOW, now)
    assert (week.first, week.last) == (date(2026, 11, 23), date(2026, 11, 26))
    assert Period.this_month(MOSCOW, now).first == date(2026, 11, 1)
    assert Period.today(MOSCOW, now).start == datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    with pytest.raises(PeriodError, match="раньше"):
        Period(date(2026, 11, 2), date(2026, 11, 1), MOSCOW)
    with pytest.raises(PeriodError, match="длиннее"):
        Period(date(2025, 1, 1), date(2026, 11, 1), MOSCOW)


def test_demo_data_gives_every_operator_a_month_to_report(database: Database) -> None:
    from softphone.crm.demo.people import load_demo

    now = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    summary = load_demo(database, now=now)
    local_today = now.astimezone(MOSCOW).date()
    month = Period(local_today - timedelta(days=31), local_today, MOSCOW)
    report = ReportService(database).report(month)  # sign-in off: tools and the demo
    assert len(report.rows) == summary.operators  # missed calls rang at someone's desk too
    assert all(r.calls_in and r.calls_out and r.calls_missed for r in report.rows)
    assert report.total.calls == summary.calls == sum(d.total for d in report.days)
    assert report.total.average_answer_s is not None and 3 <= report.total.average_answer_s <= 25
