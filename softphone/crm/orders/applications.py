"""ApplicationService: service requests, complaints, recalculation and compensation claims,
callback requests. Each kind has its own required fields (see _check); numbers А-ГГГГ-NNNNNN.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from softphone.crm.db import Database
from softphone.crm.folding import fold
from softphone.crm.kb.models import ItemKind, KbItem
from softphone.crm.models.base import utcnow
from softphone.crm.orders.forms import (
    CALLBACK_HORIZON,
    CLAIM_KINDS,
    ApplicationForm,
    ApplicationKind,
    Checker,
    Decision,
    FormErrors,
)
from softphone.crm.orders.models import Application, FormDraft, StatusChange
from softphone.crm.orders.numbering import APPLICATION_SERIES, next_number
from softphone.crm.orders.service import history, move
from softphone.crm.orders.status import Status
from softphone.crm.orders.views import ApplicationDetails

SERVICE_KINDS = (ItemKind.SERVICE.value, ItemKind.TARIFF.value, ItemKind.PRODUCT.value)


class ApplicationNotFound(LookupError):
    def __init__(self, application_id: int) -> None:
        super().__init__(f"Заявка №{application_id} не найдена")


class ApplicationService:
    def __init__(self, db: Database, *, now: Callable[[], datetime] = utcnow) -> None:
        self._db = db
        self._now = now

    def validate(self, form: ApplicationForm) -> dict[str, str]:
        """Field -> message for everything wrong with the form (empty when it can be saved)."""
        with self._db.session() as session:
            try:
                self._check(session, form)
            except FormErrors as exc:
                return exc.errors
            return {}

    def create(
        self, form: ApplicationForm, *, operator: str = "", draft_id: str | None = None
    ) -> ApplicationDetails:
        with self._db.session(write=True) as session:
            app = self._check(session, form)
            now = self._now()
            app.number = next_number(session, APPLICATION_SERIES, now.year)
            app.status = Status.SUBMITTED.value
            app.created_by = operator
            app.created_at = now
            parts = (app.number, app.contact_name, app.contact_phone, app.service_title, app.topic)
            app.search_text = fold(" ".join(p or "" for p in parts))
            session.add(app)
            session.flush()
            session.add(
                StatusChange(
                    application_id=app.id, to_status=app.status, changed_by=operator, changed_at=now
                )
            )
            if draft_id:
                session.execute(delete(FormDraft).where(FormDraft.form_id == draft_id))
            session.flush()
            return _details(session, app)

    def change_status(
        self, application_id: int, status: str, *, operator: str = "", note: str = ""
    ) -> ApplicationDetails:
        with self._db.session(write=True) as session:
            app = _load(session, application_id, lock=True)
            move(session, app, status, operator, note, at=self._now(), application_id=app.id)
            return _details(session, app)

    def decide(
        self,
        application_id: int,
        decision: str,
        amount_granted: str = "",
        *,
        operator: str = "",
    ) -> ApplicationDetails:
        """Record the decision on a claim; the history notes who decided."""
        with self._db.session(write=True) as session:
            app = _load(session, application_id, lock=True)
            if app.kind not in CLAIM_KINDS:
                raise FormErrors({"decision": "Решение принимают только по заявлениям"})
            check = Checker()
            granted = _decision(check, decision, amount_granted, app.amount_claimed)
            check.raise_if_any()
            app.decision, app.amount_granted = decision, granted
            session.add(
                StatusChange(
                    application_id=app.id,
                    from_status=app.status,
                    to_status=app.status,
                    changed_by=operator,
                    changed_at=self._now(),
                    note=f"решение: {decision}",
                )
            )
            session.flush()
            return _details(session, app)

    def get(self, application_id: int) -> ApplicationDetails:
        with self._db.session() as session:
            return _details(session, _load(session, application_id))

    def _check(self, session: Session, form: ApplicationForm) -> Application:
        check = Checker()
        try:
            kind = ApplicationKind(form.kind)
        except ValueError:
            raise FormErrors({"kind": f"Неизвестный вид заявки: «{form.kind}»"}) from None
        app = Application(
            kind=kind.value,
            customer_id=form.customer_id,
            interaction_id=form.interaction_id,
            contact_name=check.text(
                "contact_name", form.contact_name, "Контактное лицо", required=True
            ),
            contact_phone=check.phone("contact_phone", form.contact_phone),
        )
        needs_service = kind is ApplicationKind.SERVICE_REQUEST or kind in CLAIM_KINDS
        if needs_service:
            item = session.get(KbItem, form.service_item_id) if form.service_item_id else None
            if item is None or item.kind not in SERVICE_KINDS:
                check.add("service_item_id", "Выберите услугу из базы знаний")
            else:
                app.service_item_id, app.service_title = item.id, item.title
        app.address = check.text(
            "address", form.address, "Адрес", required=kind is ApplicationKind.SERVICE_REQUEST
        )
        app.topic = check.text(
            "topic", form.topic, "Тема", required=kind is ApplicationKind.COMPLAINT
        )
        app.description = check.text(
            "description",
            form.description,
            "Описание",
            required=kind in (ApplicationKind.SERVICE_REQUEST, ApplicationKind.COMPLAINT),
        )
        if kind in CLAIM_KINDS:
            _claim(check, form, app, self._now())
        if kind is ApplicationKind.CALLBACK:
            when = check.moment("callback_at", form.callback_at, "когда перезвонить")
            now = self._now()
            if when is not None and when <= now:
                check.add("callback_at", "Время обратного звонка уже прошло")
            elif when is not None and when > now + CALLBACK_HORIZON:
                check.add("callback_at", "Обратный звонок — не позже чем через 90 дней")
            app.callback_at = when
        check.raise_if_any()
        return app


def _claim(check: Checker, form: ApplicationForm, app: Application, now: datetime) -> None:
    start = check.day("period_from", form.period_from, "начало периода")
    end = check.day("period_to", form.period_to, "конец периода")
    if start and end and start > end:
        check.add("period_to", "Конец периода раньше его начала")
    elif end and end > now.date():
        check.add("period_to", "Период ещё не закончился: конец периода в будущем")
    app.period_from, app.period_to = start, end
    claimed = check.money("amount_claimed", form.amount_claimed, "заявленную сумму", required=True)
    if claimed is not None and claimed == 0:
        check.add("amount_claimed", "Заявленная сумма должна быть больше нуля")
    app.amount_claimed = claimed
    app.reason = check.text("reason", form.reason, "Причина", required=True)
    app.decision = form.decision or Decision.PENDING.value
    app.amount_granted = _decision(check, app.decision, form.amount_granted, claimed)


def _decision(
    check: Checker, decision: str, granted_text: str, claimed: Decimal | None
) -> Decimal | None:
    try:
        kind = Decision(decision)
    except ValueError:
        check.add("decision", f"Неизвестное решение: «{decision}»")
        return None
    if kind is Decision.PENDING:
        if (granted_text or "").strip():
            check.add("amount_granted", "Сумма к возмещению — только после решения")
        return None
    if kind is Decision.REFUSED:
        granted = check.money("amount_granted", granted_text, "сумму к возмещению", required=False)
        if granted:
            check.add("amount_granted", "При отказе сумма к возмещению — 0")
        return Decimal("0.00")
    granted = check.money("amount_granted", granted_text, "сумму к возмещению", required=True)
    if granted is None or claimed is None:
        return granted
    if granted <= 0:
        check.add("amount_granted", "Сумма к возмещению должна быть больше нуля")
    elif granted > claimed:
        check.add("amount_granted", "Сумма к возмещению больше заявленной")
    elif kind is Decision.PARTLY and granted == claimed:
        check.add("amount_granted", "Частичное решение — сумма меньше заявленной")
    return granted


def _load(session: Session, application_id: int, *, lock: bool = False) -> Application:
    query = select(Application).where(Application.id == application_id)
    if lock:
        query = query.with_for_update()
    app = session.scalars(query).one_or_none()
    if app is None:
        raise ApplicationNotFound(application_id)
    return app


def _details(session: Session, app: Application) -> ApplicationDetails:
    return ApplicationDetails(
        id=app.id,
        number=app.number,
        kind=app.kind,
        status=app.status,
        customer_id=app.customer_id,
        contact_name=app.contact_name,
        contact_phone=app.contact_phone,
        service_title=app.service_title,
        address=app.address,
        topic=app.topic,
        description=app.description,
        period_from=app.period_from,
        period_to=app.period_to,
        amount_claimed=app.amount_claimed,
        reason=app.reason,
        decision=app.decision,
        amount_granted=app.amount_granted,
        callback_at=app.callback_at,
        created_by=app.created_by,
        created_at=app.created_at,
        history=history(session, StatusChange.application_id, app.id),
    )
