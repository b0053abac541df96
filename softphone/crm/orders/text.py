"""An order or application as text to paste into a chat and as HTML for Qt's printing.

HTML is built here from escaped text only, so a customer's "<b>" in a comment stays text.
"""

from __future__ import annotations

from html import escape

from softphone.crm.orders.forms import APPLICATION_KIND_RU, DECISION_RU, ApplicationKind, Decision
from softphone.crm.orders.pricing import quantity_text
from softphone.crm.orders.status import status_text
from softphone.crm.orders.views import ApplicationDetails, OrderDetails
from softphone.formatting import format_date, format_date_time, money


def _when(details: OrderDetails | ApplicationDetails) -> str:
    return format_date_time(details.created_at)


def order_text(order: OrderDetails) -> str:
    lines = [
        f"Заказ {order.number} от {_when(order)} — {status_text(order.status)}",
        f"Клиент: {order.contact_name}, {order.contact_phone}",
    ]
    if order.delivery_address:
        lines.append(f"Адрес доставки: {order.delivery_address}")
    lines.append("")
    for i, line in enumerate(order.lines, 1):
        lines.append(
            f"{i}. {line.title} ({line.code}): {quantity_text(line.quantity)} {line.unit} × "
            f"{money(line.unit_price)} = {money(line.subtotal)}"
        )
        if line.discount:
            lines.append(f"   {line.explanation}")
    lines += [f"   {note}" for note in order.notes]
    lines += ["", f"Сумма: {money(order.subtotal)}"]
    if order.discount_total:
        lines.append(f"Скидка: −{money(order.discount_total)}")
    lines.append(f"Итого к оплате: {money(order.total)}")
    if order.comment:
        lines += ["", f"Комментарий: {order.comment}"]
    return "\n".join(lines)


def order_html(order: OrderDetails) -> str:
    """A printable page: header, a table of lines with discounts, totals, comment."""
    e = escape
    rows = []
    for i, line in enumerate(order.lines, 1):
        rows.append(
            f"<tr><td>{i}</td><td>{e(line.title)}<br><small>{e(line.code)}</small></td>"
            f"<td align='right'>{e(quantity_text(line.quantity))} {e(line.unit)}</td>"
            f"<td align='right'>{e(money(line.unit_price))}</td>"
            f"<td align='right'>{e(money(line.discount)) if line.discount else '—'}</td>"
            f"<td align='right'>{e(money(line.total))}</td></tr>"
        )
        if line.explanation:
            rows.append(f"<tr><td></td><td colspan='5'><i>{e(line.explanation)}</i></td></tr>")
    notes = "".join(f"<p><i>{e(n)}</i></p>" for n in order.notes)
    address = (
        f"<p>Адрес доставки: {e(order.delivery_address)}</p>" if order.delivery_address else ""
    )
    comment = f"<p>Комментарий: {e(order.comment)}</p>" if order.comment else ""
    discount = f"<p>Скидка: −{e(money(order.discount_total))}</p>" if order.discount_total else ""
    return (
        "<html><body>"
        f"<h2>Заказ {e(order.number)}</h2>"
        f"<p>от {e(_when(order))}, статус: {e(status_text(order.status))}</p>"
        f"<p>Клиент: {e(order.contact_name)}, {e(order.contact_phone)}</p>{address}"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        "<tr><th>№</th><th>Наименование</th><th>Кол-во</th><th>Цена</th><th>Скидка</th>"
        f"<th>Сумма</th></tr>{''.join(rows)}</table>{notes}"
        f"<p>Сумма: {e(money(order.subtotal))}</p>{discount}"
        f"<h3>Итого к оплате: {e(money(order.total))}</h3>{comment}"
        f"<p><small>Оформил: {e(order.created_by)}</small></p>"
        "</body></html>"
    )


def application_text(app: ApplicationDetails) -> str:
    kind = APPLICATION_KIND_RU.get(ApplicationKind(app.kind), app.kind)
    lines = [
        f"{kind} {app.number} от {_when(app)} — {status_text(app.status)}",
        f"Клиент: {app.contact_name}, {app.contact_phone}",
    ]
    pairs = [
        ("Услуга", app.service_title),
        ("Адрес", app.address),
        ("Тема", app.topic),
        ("Описание", app.description),
        ("Причина", app.reason),
    ]
    if app.period_from and app.period_to:
        pairs.append(("Период", f"{format_date(app.period_from)}–{format_date(app.period_to)}"))
    if app.amount_claimed is not None:
        pairs.append(("Заявленная сумма", money(app.amount_claimed)))
    if app.decision:
        pairs.append(("Решение", DECISION_RU.get(Decision(app.decision), app.decision)))
    if app.amount_granted is not None:
        pairs.append(("Сумма к возмещению", money(app.amount_granted)))
    if app.callback_at:
        pairs.append(("Перезвонить", format_date_time(app.callback_at)))
    lines += [f"{label}: {value}" for label, value in pairs if value]
    return "\n".join(lines)


def application_html(app: ApplicationDetails) -> str:
    text = application_text(app).split("\n")
    head, rest = text[0], text[1:]
    return (
        f"<html><body><h2>{escape(head)}</h2>"
        + "".join(f"<p>{escape(line)}</p>" for line in rest)
        + "</body></html>"
    )
