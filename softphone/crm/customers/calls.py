"""The call log: every call the desk made or received, linked to the customer when known."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TypeAlias

from sqlalchemy import ColumnElement, Nullable, Row, Select, func, or_, select
from sqlalchemy.orm import Session

from softphone.crm.auth.roles import signed_in
from softphone.crm.customers.finished import FinishedCall
from softphone.crm.db import Database
from softphone.crm.folding import clean, like_pattern
from softphone.crm.models import Customer, Interaction, InteractionKind, PhoneNumber
from softphone.crm.phone import digits, number_patterns, try_normalize
from softphone.crm.search import parse_query

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


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name}: время без часового пояса ({value.isoformat()})")
    return value.astimezone(UTC)


class CallLogService:
    """Writes calls as they end and reads the history the call list shows."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
        operator_id: int | None = None,
    ) -> CallRecord:
        """Log one finished call; an inbound call nobody answered is call_missed.

        Without an explicit operator the call is the desk's signed-in person's (sign-in on).
        """
        if operator_id is None:
            person = signed_in(self._db)
            operator_id = person.operator_id if person is not None else None
        started = _aware(started_at, "started_at")
        ended = _aware(ended_at, "ended_at")
        answered = _aware(answered_at, "answered_at") if answered_at is not None else None
        duration = max(0.0, (ended - answered).total_seconds()) if answered else 0.0
        number = try_normalize(remote)
        with self._db.session(write=True) as session:
            customer = _customer_by_number(session, number) if number else None
            interaction = Interaction(
                kind=call_kind(inbound=inbound, answered=answered is not None),
                operator_id=operator_id,
                customer_id=customer.id if customer else None,
                remote=clean(remote)[:512],
                remote_name=clean(display_name)[:255],
                number=number,
                started_at=started,
                answered_at=answered,
                ended_at=ended,
                duration_s=duration,
                status_code=status_code,
                reason=clean(reason)[:255],
            )
            session.add(interaction)
            session.flush()
            return to_record(interaction, customer)

    def record_finished(
        self, call: FinishedCall, *, operator_id: int | None = None
    ) -> CallRecord:
        return self.record_call(**asdict(call), operator_id=operator_id)

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
        query = query.where(*_search_filters(search))
        query = query.order_by(Interaction.started_at.desc(), Interaction.id.desc()).limit(limit)
        with self._db.session() as session:
            return [to_record(i, c) for i, c in session.execute(query)]

    def missed_since(self, since: datetime) -> int:
        query = select(func.count(Interaction.id)).where(
            Interaction.kind == InteractionKind.CALL_MISSED.value,
            Interaction.started_at >= _aware(since, "since"),
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
