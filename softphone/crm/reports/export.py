"""The report table as CSV (for spreadsheets) and as HTML (for printing and PDF).

CSV uses ';' and decimal commas: what a Russian-locale spreadsheet opens without an import
dialog. Durations are whole seconds there, so they can be summed; HTML shows them as m:ss.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable

from softphone.crm.reports.figures import OperatorFigures, Report
from softphone.formatting import NOTHING, format_date, format_duration

Column = tuple[str, Callable[[OperatorFigures], object]]

COLUMNS: list[Column] = [
    ("Оператор", lambda r: r.name),
    ("Входящие", lambda r: r.calls_in),
    ("Исходящие", lambda r: r.calls_out),
    ("Пропущенные", lambda r: r.calls_missed),
    ("Доля отвеченных, %", lambda r: _percent(r.answered_share)),
    ("Время разговоров, с", lambda r: round(r.talk_s)),
    ("Средний разговор, с", lambda r: _seconds(r.average_talk_s)),
    ("Среднее время ответа, с", lambda r: _seconds(r.average_answer_s)),
    ("Заказы", lambda r: r.orders),
    ("Заявки", lambda r: r.applications),
    ("Заявки с сайта: взято", lambda r: r.requests_taken),
    ("Заявки с сайта: закрыто", lambda r: r.requests_closed),
]


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}".replace(".", ",")


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def clock(seconds: float | None) -> str:
    """1:05:09 or 5:09; an em dash when there is nothing to average."""
    return NOTHING if seconds is None else format_duration(seconds)


def period_text(report: Report) -> str:
    first, last = report.period.first, report.period.last
    if first == last:
        return format_date(first)
    return f"{format_date(first)} — {format_date(last)}"


def table_rows(report: Report) -> list[OperatorFigures]:
    """The operators' rows, and the total when there is more than one of them."""
    rows = list(report.rows)
    return [*rows, report.total] if len(rows) > 1 else rows


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in COLUMNS])
    for row in table_rows(report):
        writer.writerow([value(row) for _, value in COLUMNS])
    return out.getvalue()


def to_html(
    report: Report, title: str = "Отчёт о работе операторов", chart: str | None = None
) -> str:
    """A plain table QTextDocument can print; every value is escaped. `chart` names an
    image resource the printing code supplies (the calls-per-day chart)."""
    cells: list[Column] = [
        ("Оператор", lambda r: r.name),
        ("Вх.", lambda r: r.calls_in),
        ("Исх.", lambda r: r.calls_out),
        ("Проп.", lambda r: r.calls_missed),
        ("Отв.", lambda r: f"{_percent(r.answered_share)} %" if r.calls_in + r.calls_missed
         else "—"),
        ("Разг. всего", lambda r: clock(r.talk_s)),
        ("Ср. разг.", lambda r: clock(r.average_talk_s)),
        ("Ср. ответ", lambda r: clock(r.average_answer_s)),
        ("Заказы", lambda r: r.orders),
        ("Заявки", lambda r: r.applications),
        ("Сайт: взято / закрыто", lambda r: f"{r.requests_taken} / {r.requests_closed}"),
    ]
    table = 'border="1" cellspacing="0" cellpadding="3"'
    # The name column gets its width up front: QTextDocument would otherwise split names.
    head = '<th width="17%">Оператор</th>' + "".join(
        f"<th>{html.escape(name)}</th>" for name, _ in cells[1:]
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(value(row)))}</td>" for _, value in cells)
        + "</tr>"
        for row in table_rows(report)
    )
    outcomes = "".join(
        f"<tr><td>{html.escape(label or 'без итога')}</td><td>{number}</td></tr>"
        for label, number in report.dispositions
    )
    return (
        f"<h2>{html.escape(title)}</h2><p>Период: {html.escape(period_text(report))}</p>"
        f"<table {table}><tr>{head}</tr>{body}</table>"
        + (f'<p><img src="{html.escape(chart)}" width="640"></p>' if chart else "")
        + "<h3>Итоги звонков</h3>"
        f"<table {table}>{outcomes}</table>"
    )
