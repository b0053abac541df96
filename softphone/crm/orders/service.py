"""OrderService: price, validate, number, save and find orders; one transaction per call.

Safe to call from worker threads (softphone.ui.tasks.TaskRunner). Invalid input raises
FormErrors (field -> Russian message) before anything is written; a forbidden status move
raises TransitionError; a missing order raises OrderNotFound.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from softphone.crm.db import Database
from softphone.crm.folding import fold, like_pattern
from softphone.crm.kb.models import KbItem
from softphone.crm.models import Customer
from softphone.crm.models.base import utcnow
from softphone.crm.orders import catalogue
from softphone.crm.orders.documents import customer_documents, order_summary
from softphone.crm.orders.forms import MAX_LINES, MAX_ORDER_TOTAL, Checker, OrderForm
from softphone.crm.orders.models import Application, FormDraft, Order, OrderLine, StatusChange
from softphone.crm.orders.numbering import ORDER_SERIES, next_number
from softphone.crm.orders.pricing import CatalogueItem, PromotionRule, Quote, price_order
from softphone.crm.orders.status import Status, check_transition
from softphone.crm.orders.views import (
    DocumentSummary,
    LineView,
    OrderDetails,
    Preview,
    StatusEntry,
)

SEARCH_LIMIT = 50


class OrderNotFound(LookupError):
    def __init__(self, order_id: int) -> None:
        super().__init__(f"Заказ №{order_id} не найден")


class OrderService:
    def __init__(
        self,
        db: Database,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        """`today` prices and numbers orders; `now` stamps them (the demo loads past weeks)."""
        self._db = db
        self._today = today
        self._now = now

    # -- pricing and validation -------------------------------------------------------------

    def preview(self, form: OrderForm) -> Preview:
        """Totals of what is valid so far and every problem, without saving: the form shows
        both as the operator types."""
        with self._db.session() as session:
            return self._check(session, form)

    def _check(self, session: Session, form: OrderForm) -> Preview:
        check = Checker()
        check.text("contact_name", form.contact_name, "Контактное лицо", required=True)
        check.phone("contact_phone", form.contact_phone)
        check.text("comment", form.comment, "Комментарий", required=False)
        if not form.lines:
            check.add("lines", "Добавьте в заказ хотя бы одну позицию")
        elif len(form.lines) > MAX_LINES:
            check.add("lines", f"В заказе больше {MAX_LINES} позиций — разделите его")
        items = catalogue.load_items(session, {ln.item_id for ln in form.lines if ln.item_id})
        priced: list[tuple[CatalogueItem, Decimal]] = []
        for i, line in enumerate(form.lines):
            quantity = check.quantity(f"lines.{i}.quantity", line.quantity)
            item = items.get(line.item_id) if line.item_id is not None else None
            problem = _item_problem(item, line.title)
            if problem:
                check.add(f"lines.{i}.item", problem)
            elif item is not None and quantity is not None:
                priced.append((catalogue.snapshot(item), quantity))
        if any(item.kind == "product" for item, _ in priced):
            check.text("delivery_address", form.delivery_address, "Адрес доставки", required=True)
        else:
            check.text("delivery_address", form.delivery_address, "Адрес", required=False)
        ids = {item.item_id for item, _ in priced}
        today = self._today()
        rules = catalogue.load_promotions(session, ids, form.promotion_ids)
        by_id: dict[int, PromotionRule] = {rule.promotion_id: rule for rule in rules}
        for promotion_id in form.promotion_ids:
            problem = catalogue.promotion_problem(by_id.get(promotion_id), ids, today)
            if problem:
                check.add("promotions", problem)
        quote = price_order(priced, rules, today, form.promotion_ids)
        if quote.total > MAX_ORDER_TOTAL:
            check.add("lines", "Сумма заказа больше 10 000 000 ₽ — проверьте количества")
        return Preview(quote, check.errors)

    # -- writing ----------------------------------------------------------------------------

    def create(
        self,
        form: OrderForm,
        *,
        operator: str = "",
        submit: bool = True,
        draft_id: str | None = None,
    ) -> OrderDetails:
        """Save the order with a new number (status submitted, or draft) and drop the form's
        autosaved draft in the same transaction: either both happen or neither."""
        with self._db.session(write=True) as session:
            preview = self._check(session, form)
            preview.raise_if_invalid()
            quote = preview.quote
            now = self._now()
            status = Status.SUBMITTED if submit else Status.DRAFT
            order = Order(
                number=next_number(session, ORDER_SERIES, self._today().year),
                status=status.value,
                customer_id=form.customer_id,
                interaction_id=form.interaction_id,
                contact_name=form.contact_name.strip(),
                contact_phone=Checker().phone("p", form.contact_phone),
                delivery_address=form.delivery_address.strip(),
                comment=form.comment.strip(),
                subtotal=quote.subtotal,
                discount_total=quote.discount_total,
                total=quote.total,
                notes="\n".join(note.text for note in quote.order_notes),
                created_by=operator,
                created_at=now,
                lines=_lines(quote),
            )
            order.search_text = _search_text(session, order)
            session.add(order)
            session.flush()
            session.add(
                StatusChange(
                    order_id=order.id, to_status=status.value, changed_by=operator, changed_at=now
                )
            )
            if draft_id:
                session.execute(delete(FormDraft).where(FormDraft.form_id == draft_id))
            session.flush()
            return _details(session, order)

    def change_status(
        self, order_id: int, status: str, *, operator: str = "", note: str = ""
    ) -> OrderDetails:
        with self._db.session(write=True) as session:
            order = _load(session, order_id, lock=True)
            move(session, order, status, operator, note, at=self._now(), order_id=order.id)
            return _details(session, order)

    # -- reading ----------------------------------------------------------------------------

    def get(self, order_id: int) -> OrderDetails:
        with self._db.session() as session:
            return _details(session, _load(session, order_id))

    def customer_documents(self, customer_id: int) -> list[DocumentSummary]:
        """The customer's orders and applications, newest first (for the customer's card)."""
        return customer_documents(self._db, customer_id)

    def search(self, text: str, *, limit: int = SEARCH_LIMIT) -> list[DocumentSummary]:
        """Orders whose number, customer or product (name or article) contains every word."""
        query = select(Order).order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)
        for word in fold(text).split()[:8]:
            query = query.where(Order.search_text.like(like_pattern(word), escape="\\"))
        with self._db.session() as session:
            orders = list(session.scalars(query.options(selectinload(Order.lines))))
            return [order_summary(order) for order in orders]


def _item_problem(item: KbItem | None, title: str) -> str:
    name = f"«{title}»" if title else "Позиция"
    if item is None:
        return (
            "Выберите товар или услугу из базы знаний"
            if not title
            else (f"{name} нет в базе знаний — выберите из списка")
        )
    if item.kind not in catalogue.ORDERABLE:
        return f"«{item.title}» нельзя заказать: это не товар и не услуга"
    if item.retired_at is not None:
        return f"«{item.title}» больше не продаётся"
    if item.price is None:
        return f"У «{item.title}» нет цены — уточните у старшего"
    return ""


def _lines(quote: Quote) -> list[OrderLine]:
    return [
        OrderLine(
            position=i,
            item_id=line.item.item_id,
            code=line.item.code,
            title=line.item.title,
            unit=line.item.unit,
            unit_price=line.item.price,
            quantity=line.quantity,
            subtotal=line.subtotal,
            discount=line.discount,
            total=line.total,
            promotion_id=line.promotion.promotion_id if line.promotion else None,
            promotion_title=line.promotion.title if line.promotion else "",
            explanation=line.explanation,
        )
        for i, line in enumerate(quote.lines)
    ]


def _search_text(session: Session, order: Order) -> str:
    parts = [order.number, order.contact_name, order.contact_phone]
    if order.customer_id is not None:
        customer = session.get(Customer, order.customer_id)
        if customer is not None:
            parts += [customer.full_name, customer.address_as]
    parts += [f"{line.title} {line.code}" for line in order.lines]
    return fold(" ".join(parts))


def _load(session: Session, order_id: int, *, lock: bool = False) -> Order:
    query = select(Order).where(Order.id == order_id).options(selectinload(Order.lines))
    if lock:
        query = query.with_for_update()
    order = session.scalars(query).one_or_none()
    if order is None:
        raise OrderNotFound(order_id)
    return order


def move(
    session: Session,
    document: Order | Application,
    status: str,
    operator: str,
    note: str,
    at: datetime | None = None,
    **owner: int,
) -> None:
    """Change an order's or application's status if allowed, recording who, when and why."""
    target = check_transition(document.status, status)
    session.add(
        StatusChange(
            from_status=document.status,
            to_status=target.value,
            changed_by=operator,
            changed_at=at or utcnow(),
            note=note.strip(),
            **owner,
        )
    )
    document.status = target.value
    session.flush()


def history(
    session: Session, column: InstrumentedAttribute[int | None], document_id: int
) -> tuple[StatusEntry, ...]:
    """`column` is StatusChange.order_id or StatusChange.application_id."""
    rows = session.scalars(
        select(StatusChange).where(column == document_id).order_by(StatusChange.id)
    )
    return tuple(
        StatusEntry(r.from_status, r.to_status, r.changed_by, r.changed_at, r.note) for r in rows
    )


def _details(session: Session, order: Order) -> OrderDetails:
    return OrderDetails(
        id=order.id,
        number=order.number,
        status=order.status,
        customer_id=order.customer_id,
        contact_name=order.contact_name,
        contact_phone=order.contact_phone,
        delivery_address=order.delivery_address,
        comment=order.comment,
        lines=tuple(
            LineView(
                line.code,
                line.title,
                line.unit,
                line.unit_price,
                line.quantity,
                line.subtotal,
                line.discount,
                line.total,
                line.explanation,
            )
            for line in order.lines
        ),
        notes=tuple(n for n in order.notes.split("\n") if n),
        subtotal=order.subtotal,
        discount_total=order.discount_total,
        total=order.total,
        created_by=order.created_by,
        created_at=order.created_at,
        history=history(session, StatusChange.order_id, order.id),
    )
