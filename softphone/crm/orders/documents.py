"""A customer's orders and applications in one list, newest first (the customer card)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from softphone.crm.db import Database
from softphone.crm.orders.forms import APPLICATION_KIND_RU, ApplicationKind
from softphone.crm.orders.models import Application, Order
from softphone.crm.orders.views import DocumentSummary

CARD_LIMIT = 50


def customer_documents(
    db: Database, customer_id: int, *, limit: int = CARD_LIMIT
) -> list[DocumentSummary]:
    with db.session() as session:
        orders = session.scalars(
            select(Order)
            .where(Order.customer_id == customer_id)
            .order_by(Order.created_at.desc(), Order.id.desc())
            .limit(limit)
            .options(selectinload(Order.lines))
        )
        rows = [order_summary(order) for order in orders]
        apps = session.scalars(
            select(Application)
            .where(Application.customer_id == customer_id)
            .order_by(Application.created_at.desc(), Application.id.desc())
            .limit(limit)
        )
        for app in apps:
            subject = app.service_title or app.topic or app.description[:60]
            kind = APPLICATION_KIND_RU[ApplicationKind(app.kind)]
            rows.append(
                DocumentSummary(
                    kind=app.kind,
                    id=app.id,
                    number=app.number,
                    status=app.status,
                    title=f"{kind}: {subject}" if subject else kind,
                    amount=app.amount_claimed,
                    customer_id=app.customer_id,
                    contact_name=app.contact_name,
                    created_at=app.created_at,
                )
            )
    rows.sort(key=lambda r: (r.created_at, r.number), reverse=True)
    return rows[:limit]


def order_summary(order: Order) -> DocumentSummary:
    titles = [line.title for line in order.lines]
    title = ", ".join(titles[:2]) + (f" и ещё {len(titles) - 2}" if len(titles) > 2 else "")
    return DocumentSummary(
        kind="order",
        id=order.id,
        number=order.number,
        status=order.status,
        title=title,
        amount=order.total,
        customer_id=order.customer_id,
        contact_name=order.contact_name,
        created_at=order.created_at,
    )
