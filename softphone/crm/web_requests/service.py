"""Website requests from intake to outcome: submit, the open queue, exclusive take, outcomes.

Taking is one conditional UPDATE (`... WHERE taken_by IS NULL`) whose row count says who won,
so two desks clicking at the same moment cannot both get a request, on SQLite or PostgreSQL.
Each outcome is also written as an Interaction (kind web_request) on the customer's history,
creating the customer by number when the request leads to a conversation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Update, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import (
    Interaction,
    InteractionKind,
    Operator,
    Outcome,
    RequestKind,
    RequestStatus,
    Site,
    WebRequest,
    utcnow,
)
from softphone.crm.models.web_request import OPEN_STATUSES
from softphone.crm.upsert import insert_for
from softphone.crm.web_requests.customer_link import customer_for
from softphone.crm.web_requests.events import notify
from softphone.crm.web_requests.input import KIND_LABELS, Submission
from softphone.crm.web_requests.request_info import (
    UTM_COLUMNS,
    RequestInfo,
    info_from_row,
    select_requests,
)


@functools.cache
def _insert(dialect: str) -> ReturningInsert[Any]:
    """Built once per dialect: constructing the statement costs more than running it."""
    return (
        insert_for(dialect)(WebRequest.metadata.tables[WebRequest.__tablename__])
        .on_conflict_do_nothing(index_elements=["site_id", "idempotency_key"])
        .returning(WebRequest.id)
    )


DEFAULT_RETRY = timedelta(minutes=30)
_FREE = (RequestStatus.NEW.value, RequestStatus.RETRY.value)
_CLOSED_BY = {
    Outcome.DONE: RequestStatus.DONE,
    Outcome.NO_ANSWER: RequestStatus.RETRY,
    Outcome.WRONG_NUMBER: RequestStatus.WRONG_NUMBER,
    Outcome.DUPLICATE: RequestStatus.DUPLICATE,
}


@dataclass(frozen=True)
class Accepted:
    request: RequestInfo
    created: bool  # False: the idempotency key was seen before, this is the earlier request


class RequestNotFound(LookupError):
    def __init__(self, request_id: int) -> None:
        super().__init__(f"Заявка №{request_id} не найдена")


class RequestUnavailable(RuntimeError):
    """Someone else has the request, or it is already closed."""


class WebRequestService:
    def __init__(self, db: Database, *, now: Callable[[], datetime] = utcnow) -> None:
        """`now` stamps submissions, takes and outcomes (the demo replays past weeks)."""
        self._db = db
        self._now = now

    # -- intake --------------------------------------------------------------------------

    def submit(
        self,
        site_id: int,
        submission: Submission,
        *,
        idempotency_key: str | None = None,
        client_ip: str = "",
        site_name: str | None = None,
    ) -> Accepted:
        """Store a checked submission; a repeated (site, key) returns the first request.

        One INSERT ... ON CONFLICT DO NOTHING RETURNING: a new request costs one statement
        (plus the NOTIFY), and two workers racing with the same key cannot both insert.
        """
        key = idempotency_key or None
        now = self._now()
        kind = RequestKind(submission.kind).value
        values = {
            "site_id": site_id,
            "kind": kind,
            "name": submission.name,
            "phone_raw": submission.phone_raw,
            "phone": submission.phone,
            "email": submission.email,
            "message": submission.message,
            "preferred_time": submission.preferred_time,
            "page_url": submission.page_url,
            "client_ip": client_ip[:45],
            "idempotency_key": key,
            "status": RequestStatus.NEW.value,
            "created_at": now,
            **{column: submission.utm.get(column, "") for column in UTM_COLUMNS},
        }
        with self._db.session(write=True) as session:
            insert = _insert(self._db.dialect)
            new_id = session.connection().execute(insert, values).scalar_one_or_none()
            if new_id is None:  # the key was used before: that request is the answer
                earlier = self._by_key(session, site_id, key) if key else None
                if earlier is None:
                    raise RuntimeError("заявка не сохранена, причина неизвестна")
                return Accepted(earlier, created=False)
            notify(session, self._db.dialect, new_id)
            if site_name is None:
                site_name = session.execute(
                    select(Site.name).where(Site.id == site_id)
                ).scalar_one()
        utm = {k: v for k, v in submission.utm.items() if v}
        info = RequestInfo(
            id=new_id,
            site=site_name,
            kind=kind,
            name=submission.name,
            phone_raw=submission.phone_raw,
            phone=submission.phone,
            email=submission.email,
            message=submission.message,
            preferred_time=submission.preferred_time,
            page_url=submission.page_url,
            status=RequestStatus.NEW.value,
            created_at=now,
            utm=utm,
        )
        return Accepted(info, created=True)

    def _by_key(self, session: Session, site_id: int, key: str) -> RequestInfo | None:
        query = select_requests().where(
            WebRequest.site_id == site_id, WebRequest.idempotency_key == key
        )
        found = session.execute(query).first()
        return info_from_row(*found) if found else None

    # -- reading -------------------------------------------------------------------------

    def get(self, request_id: int) -> RequestInfo:
        with self._db.session() as session:
            found = session.execute(select_requests().where(WebRequest.id == request_id)).first()
            if found is None:
                raise RequestNotFound(request_id)
            return info_from_row(*found)

    def open_queue(self, limit: int = 500) -> list[RequestInfo]:
        """Requests still to be handled, the longest waiting first."""
        waiting = func.coalesce(WebRequest.retry_at, WebRequest.created_at)
        query = (
            select_requests()
            .where(WebRequest.status.in_(OPEN_STATUSES))
            .order_by(waiting, WebRequest.id)
            .limit(limit)
        )
        with self._db.session() as session:
            return [info_from_row(*found) for found in session.execute(query)]

    def count(self, *, site_id: int | None = None) -> int:
        query = select(func.count(WebRequest.id))
        if site_id is not None:
            query = query.where(WebRequest.site_id == site_id)
        with self._db.session() as session:
            return int(session.execute(query).scalar_one())

    # -- working -------------------------------------------------------------------------

    def take(self, request_id: int, operator_id: int) -> bool:
        """Exclusive: True for exactly one of several desks taking the same request."""
        with self._db.session(write=True) as session:
            taken = _rows_changed(
                session,
                update(WebRequest)
                .where(
                    WebRequest.id == request_id,
                    WebRequest.taken_by.is_(None),
                    WebRequest.status.in_(_FREE),
                )
                .values(
                    taken_by=operator_id, taken_at=self._now(), status=RequestStatus.TAKEN.value
                )
                .execution_options(synchronize_session=False),
            )
            won = taken == 1
            if won:
                notify(session, self._db.dialect, request_id)
            return won

    def release(self, request_id: int, operator_id: int) -> bool:
        """Give a taken request back to the queue (the operator could not handle it)."""
        with self._db.session(write=True) as session:
            done = _rows_changed(
                session,
                update(WebRequest)
                .where(WebRequest.id == request_id, WebRequest.taken_by == operator_id)
                .where(WebRequest.status == RequestStatus.TAKEN.value)
                .values(taken_by=None, taken_at=None, status=RequestStatus.NEW.value)
                .execution_options(synchronize_session=False),
            )
            if done == 1:
                notify(session, self._db.dialect, request_id)
            return done == 1

    def call_back(self, request_id: int, operator_id: int) -> RequestInfo:
        """Take the request if free and link (or create) the customer; returns what to dial."""
        with self._db.session(write=True) as session:
            row = self._own(session, request_id, operator_id)
            if row.phone is None:
                raise RequestUnavailable(f"В заявке №{request_id} нет номера телефона")
            row.customer_id = customer_for(session, row, create=True)
            session.flush()
            notify(session, self._db.dialect, request_id)
            return self._reload(session, request_id)

    def close(
        self,
        request_id: int,
        operator_id: int,
        outcome: Outcome | str,
        *,
        retry_at: datetime | None = None,
        notes: str = "",
    ) -> RequestInfo:
        """Record the outcome (taking the request first if it is free) as an interaction."""
        outcome = Outcome(outcome)
        now = self._now()
        with self._db.session(write=True) as session:
            row = self._own(session, request_id, operator_id)
            started = row.taken_at or now
            create = outcome is not Outcome.WRONG_NUMBER
            customer_id = customer_for(session, row, create=create) if row.phone else None
            row.customer_id = customer_id
            row.outcome = outcome.value
            row.status = _CLOSED_BY[outcome].value
            if outcome is Outcome.NO_ANSWER:
                row.retry_at = retry_at or now + DEFAULT_RETRY
                row.taken_by = row.taken_at = None
            else:
                row.closed_at = now
            label = KIND_LABELS.get(row.kind, row.kind)
            note = clean(notes).strip()
            session.add(
                Interaction(
                    kind=InteractionKind.WEB_REQUEST.value,
                    operator_id=operator_id,
                    customer_id=customer_id,
                    remote=row.phone_raw or row.email,
                    remote_name=row.name,
                    number=row.phone,
                    started_at=started,
                    ended_at=now,
                    disposition=outcome.value,
                    notes=f"Заявка с сайта №{row.id} ({label})" + (f": {note}" if note else ""),
                )
            )
            session.flush()
            notify(session, self._db.dialect, request_id)
            return self._reload(session, request_id)

    def _own(self, session: Session, request_id: int, operator_id: int) -> WebRequest:
        """The request, taken by `operator_id` now if it was free; else RequestUnavailable."""
        session.execute(
            update(WebRequest)
            .where(
                WebRequest.id == request_id,
                WebRequest.taken_by.is_(None),
                WebRequest.status.in_(_FREE),
            )
            .values(taken_by=operator_id, taken_at=self._now(), status=RequestStatus.TAKEN.value)
            .execution_options(synchronize_session=False)
        )
        row = session.get(WebRequest, request_id, with_for_update=self._db.dialect != "sqlite")
        if row is None:
            raise RequestNotFound(request_id)
        if row.status != RequestStatus.TAKEN.value:
            raise RequestUnavailable(f"Заявка №{request_id} уже закрыта")
        if row.taken_by != operator_id:
            who = session.get(Operator, row.taken_by) if row.taken_by else None
            name = who.display_name if who is not None else "другой оператор"
            raise RequestUnavailable(f"Заявку №{request_id} уже взял(а) {name}")
        return row

    def _reload(self, session: Session, request_id: int) -> RequestInfo:
        found = session.execute(select_requests().where(WebRequest.id == request_id)).one()
        return info_from_row(*found)


def _rows_changed(session: Session, statement: Update) -> int:
    """The row count of an UPDATE: Session.execute returns a CursorResult for one, though
    SQLAlchemy types it as a plain Result."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount
