"""The call log: every call the desk made or received, linked to the customer when known."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TypeAlias

from sqlalchemy import ColumnElement, Nullable, Row, Select, func, or_, select
from sqlalchemy.orm import Session

from softphone.crm.auth.roles import signed_in
from softphone.crm.customers.finished import FinishedCall, StartedCall
from softphone.crm.db import Database
from softphone.crm.folding import clean, like_pattern
from softphone.crm.models import CallStatus, Customer, Interaction, InteractionKind, PhoneNumber
from softphone.crm.phone import digits, number_patterns, try_normalize
from softphone.crm.search import parse_query

log = logging.getLogger(__name__)
INTERRUPTED_REASON = "прерван: программа закрылась во время звонка"
CALL_KINDS = frozenset(
    {InteractionKind.CALL_IN, InteractionKind.CALL_OUT, InteractionKind.CALL_MISSED}
)


@dataclass(frozen=True)
class CallRecord:
    id: int
    kind: InteractionKind  # one of CALL_KINDS
    remote: str  # as SIP gave it
    number: str | None  # E.164 if it parsed
    customer_id: int | None
    customer_name: str | None  # form of address, else full name
    started_at: datetime
    duration_s: float
    disposition: str | None
    notes: str | None
    reason: str = ""  # why the phone ended it ("линия занята", "нет ответа за 30 с", ...)
    status: str = CallStatus.DONE.value  # open while it lasts; interrupted if the desk died
    conference: bool = False  # a leg of a three-way call


def call_kind(*, inbound: bool, answered: bool) -> InteractionKind:
    if not inbound:
        return InteractionKind.CALL_OUT
    return InteractionKind.CALL_IN if answered else InteractionKind.CALL_MISSED


def record_select() -> Select[Interaction, Customer | None]:
    """Interactions with their (optional) customer, the shape every CallRecord is built from."""
    return select(Interaction, Nullable(Customer)).outerjoin(
        Customer, Customer.id == Interaction.customer_id
    )


def to_record(interaction: Interaction, customer: Customer | None) -> CallRecord:
    return CallRecord(
        id=interaction.id,
        kind=InteractionKind(interaction.kind),
        remote=interaction.remote,
        number=interaction.number,
        customer_id=interaction.customer_id,
        customer_name=(customer.display_name or None) if customer is not None else None,
        started_at=interaction.started_at,
        duration_s=interaction.duration_s,
        disposition=interaction.disposition,
        notes=interaction.notes,
        reason=interaction.reason or "",
        status=interaction.status or CallStatus.DONE.value,
        conference=bool(interaction.conference),
    )


RECORD_COLUMNS = (
    Interaction.id,
    Interaction.kind,
    Interaction.remote,
    Interaction.number,
    Interaction.customer_id,
    Interaction.started_at,
    Interaction.duration_s,
    Interaction.disposition,
    Interaction.notes,
)
# A row of RECORD_COLUMNS (a string: Row takes several type arguments only from SQLAlchemy 2.1).
RecordRow: TypeAlias = (
    "Row[int, str, str, str | None, int | None, datetime, float, str | None, str | None]"
)


def record_from_row(row: RecordRow, customer_name: str | None) -> CallRecord:
    """A CallRecord from a row of RECORD_COLUMNS: no ORM objects on hot paths."""
    return CallRecord(
        id=row.id,
        kind=InteractionKind(row.kind),
        remote=row.remote,
        number=row.number,
        customer_id=row.customer_id,
        customer_name=customer_name,
        started_at=row.started_at,
        duration_s=row.duration_s,
        disposition=row.disposition,
        notes=row.notes,
    )


def process_token(pid: int | None = None) -> str:
    """"host:pid:start" of a desk process; start (Linux /proc ticks) tells a reused pid apart."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()[:80]}:{pid}:{_start_ticks(pid)}"


def _start_ticks(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def process_alive(token: str) -> bool:
    """Whether the desk process named by process_token() may still be running.

    Another host's process cannot be checked from here: it counts as alive (its own desk
    marks its calls at its next start).
    """
    parts = token.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid_text, ticks = parts
    if host != socket.gethostname()[:80]:
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return ticks == _start_ticks(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process with that pid: alive, but maybe not ours
    return bool(ticks) and ticks == _start_ticks(pid)


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name}: время без часового пояса ({value.isoformat()})")
    return value.astimezone(UTC)


class CallLogService:
    """Writes calls as they end and reads the history the call list shows."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def database(self) -> Database:
        return self._db

    def _operator(self, operator_id: int | None) -> int | None:
        if operator_id is None:
            person = signed_in(self._db)
            operator_id = person.operator_id if person is not None else None
        return operator_id

    def open_call(self, call: StartedCall, *, operator_id: int | None = None) -> CallRecord:
        """Log a call the moment it rings here or is dialled (status open).

        An inbound call is call_missed until mark_answered; the row is completed by
        record_finished(..., open_id=id), or marked interrupted by close_interrupted() at the
        next start if this process dies first.
        """
        operator_id = self._operator(operator_id)
        number = try_normalize(call.remote)
        with self._db.session(write=True) as session:
            customer = _customer_by_number(session, number) if number else None
            interaction = Interaction(
                kind=call_kind(inbound=call.inbound, answered=False),
                operator_id=operator_id,
                customer_id=customer.id if customer else None,
                remote=clean(call.remote)[:512],
                remote_name=clean(call.display_name)[:255],
                number=number,
                started_at=_aware(call.started_at, "started_at"),
                status=CallStatus.OPEN.value,
                open_by=process_token(),
            )
            session.add(interaction)
            session.flush()
            return to_record(interaction, customer)

    def mark_answered(self, interaction_id: int, answered_at: datetime) -> None:
        """The open call was answered: after a crash it shows as talked, not missed."""
        with self._db.session(write=True) as session:
            interaction = session.get(Interaction, interaction_id)
            if interaction is None or interaction.status != CallStatus.OPEN.value:
                return
            interaction.answered_at = _aware(answered_at, "answered_at")
            if interaction.kind == InteractionKind.CALL_MISSED.value:
                interaction.kind = InteractionKind.CALL_IN.value

    def save_notes_draft(self, interaction_id: int, notes: str) -> bool:
        """Notes typed so far, kept on the call so they survive a crash; False once the
        wrap-up was saved (its own notes win over a late draft)."""
        with self._db.session(write=True) as session:
            interaction = session.get(Interaction, interaction_id)
            if interaction is None or interaction.disposition is not None:
                return False
            interaction.notes = clean(notes).strip() or None
            return True

    def close_interrupted(
        self, alive: Callable[[str], bool] = process_alive, *, now: datetime | None = None
    ) -> list[int]:
        """At start-up: calls left open by a desk process that is gone become interrupted."""
        with self._db.session(write=True) as session:
            rows = session.scalars(
                select(Interaction).where(Interaction.status == CallStatus.OPEN.value)
            ).all()
            closed: list[int] = []
            for interaction in rows:
                if interaction.open_by and alive(interaction.open_by):
                    continue
                interaction.status = CallStatus.INTERRUPTED.value
                interaction.reason = INTERRUPTED_REASON
                interaction.open_by = None
                closed.append(interaction.id)
            if closed:
                log.warning("call log: %d call(s) left open by a closed desk marked interrupted: "
                            "%s", len(closed), closed)
            return closed

    def record_call(
        self,
        *,
        inbound: bool,
        remote: str,
        display_name: str,
        started_at: datetime,
        answered_at: datetime | None,
        ended_at: datetime,
        status_code: int = 0,
        reason: str = "",
        conference: bool = False,
        operator_id: int | None = None,
        open_id: int | None = None,
        once: bool = False,
    ) -> CallRecord:
        """Log one finished call; an inbound call nobody answered is call_missed.

        With `open_id` the row open_call wrote is completed (its notes kept), else a new row
        is written; with `once` not if this call (same far end, same start to the microsecond)
        is already in the log, so a write replayed after a database outage never logs a call
        twice. Without an explicit operator the call is the desk's signed-in person's.
        """
        started = _aware(started_at, "started_at")
        ended = _aware(ended_at, "ended_at")
        answered = _aware(answered_at, "answered_at") if answered_at is not None else None
        duration = max(0.0, (ended - answered).total_seconds()) if answered else 0.0
        number = try_normalize(remote)
        with self._db.session(write=True) as session:
            interaction = session.get(Interaction, open_id) if open_id is not None else None
            if interaction is None and once:
                interaction = session.scalars(
                    select(Interaction)
                    .where(Interaction.remote == clean(remote)[:512])
                    .where(Interaction.started_at == started)
                    .limit(1)
                ).first()
            if interaction is None:
                customer = _customer_by_number(session, number) if number else None
                interaction = Interaction(
                    operator_id=self._operator(operator_id),
                    customer_id=customer.id if customer else None,
                    remote=clean(remote)[:512],
                    remote_name=clean(display_name)[:255],
                    number=number,
                    started_at=started,
                )
                session.add(interaction)
            else:
                customer = (
                    session.get(Customer, interaction.customer_id)
                    if interaction.customer_id else None
                )
            interaction.kind = call_kind(inbound=inbound, answered=answered is not None)
            interaction.answered_at = answered
            interaction.ended_at = ended
            interaction.duration_s = duration
            interaction.status_code = status_code
            interaction.reason = clean(reason)[:255]
            interaction.conference = conference
            interaction.status = CallStatus.DONE.value
            interaction.open_by = None
            session.flush()
            return to_record(interaction, customer)

    def record_finished(
        self,
        call: FinishedCall,
        *,
        operator_id: int | None = None,
        open_id: int | None = None,
        once: bool = False,
    ) -> CallRecord:
        return self.record_call(
            **asdict(call), operator_id=operator_id, open_id=open_id, once=once
        )

    def annotate(
        self, call_id: int, *, disposition: str | None = None, notes: str | None = None
    ) -> CallRecord:
        """The operator's outcome and notes, written after (or during) the call."""
        with self._db.session(write=True) as session:
            interaction = session.get(Interaction, call_id)
            if interaction is None:
                raise LookupError(f"Звонок №{call_id} не найден")
            if disposition is not None:
                interaction.disposition = clean(disposition)[:64] or None
            if notes is not None:
                interaction.notes = clean(notes) or None
            customer = (
                session.get(Customer, interaction.customer_id) if interaction.customer_id else None
            )
            session.flush()
            return to_record(interaction, customer)

    def history(
        self, *, kinds: Collection[str] | None = None, search: str = "", limit: int = 200
    ) -> list[CallRecord]:
        """Newest first; `search` matches the customer's name, the number or the raw remote."""
        query = record_select()
        if kinds is not None:
            query = query.where(Interaction.kind.in_([str(k) for k in kinds]))
        else:
            query = query.where(Interaction.kind.in_([str(k) for k in CALL_KINDS]))
        query = query.where(*_search_filters(search), Interaction.status != CallStatus.OPEN.value)
        query = query.order_by(Interaction.started_at.desc(), Interaction.id.desc()).limit(limit)
        with self._db.session() as session:
            return [to_record(i, c) for i, c in session.execute(query)]

    def missed_since(self, since: datetime) -> int:
        query = select(func.count(Interaction.id)).where(
            Interaction.kind == InteractionKind.CALL_MISSED.value,
            Interaction.started_at >= _aware(since, "since"),
            Interaction.status != CallStatus.OPEN.value,
        )
        with self._db.session() as session:
            return int(session.execute(query).scalar_one())


def _customer_by_number(session: Session, number: str) -> Customer | None:
    return session.execute(
        select(Customer).join(PhoneNumber).where(PhoneNumber.e164 == number)
    ).scalar_one_or_none()


def _search_filters(search: str) -> list[ColumnElement[bool]]:
    """Number fragments match the stored number or raw remote; words the name or remote."""
    terms = parse_query(search)
    remote = func.lower(Interaction.remote)
    filters: list[ColumnElement[bool]] = []
    for fragment in terms.numbers:
        filters.append(
            or_(
                *(Interaction.number.like(p, escape="\\") for p in number_patterns(fragment)),
                remote.like(like_pattern(digits(fragment)), escape="\\"),
            )
        )
    for word in terms.words:
        pattern = like_pattern(word)
        filters.append(
            or_(
                Customer.search_name.like(pattern, escape="\\"),
                remote.like(pattern, escape="\\"),
            )
        )
    return filters
