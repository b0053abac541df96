"""Customers: the caller's card on ring, creating a card for an unknown caller, and search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import Select, bindparam, column, func, or_, select, table, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from softphone.crm.customers.calls import (
    RECORD_COLUMNS,
    CallRecord,
    record_from_row,
)
from softphone.crm.customers.index import MIN_INDEXED, NAMES, NUMBERS, fts_match
from softphone.crm.db import Database
from softphone.crm.folding import clean, like_pattern
from softphone.crm.models import Customer, Interaction, NumberKind, PhoneNumber
from softphone.crm.models.interaction import CallStatus
from softphone.crm.phone import normalize, number_patterns, try_normalize
from softphone.crm.search import parse_query

RECENT_CALLS = 5
# Typed as a word of a customer search, these find the VIP customers instead of a name.
VIP_WORDS = frozenset({"vip", "вип"})
# SQLite's FTS5 tables over customers.search_name and phone_numbers.e164 (see
# customer_index); no model describes them.
_NAME_FTS = table(NAMES[0], column("rowid"), column(NAMES[0]))
_NUMBER_FTS = table(NUMBERS[0], column("rowid"), column(NUMBERS[0]))


@dataclass(frozen=True)
class CustomerCard:
    id: int
    full_name: str
    address_as: str
    notes: str
    numbers: list[str]  # E.164, in the order they were added
    recent: list[CallRecord]  # newest first, at most RECENT_CALLS
    vip: bool = False

    @property
    def display_name(self) -> str:
        return self.address_as or self.full_name


class CustomerNotFound(LookupError):
    def __init__(self, customer_id: int) -> None:
        super().__init__(f"Клиент №{customer_id} не найден")


def number_kind(e164: str) -> NumberKind:
    """A guess the operator can correct: mobile ranges are mobile, the rest 'other'."""
    kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    return NumberKind.MOBILE if kind == phonenumbers.PhoneNumberType.MOBILE else NumberKind.OTHER


class CustomerService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -------------------------------------------------------------------------

    def find_by_number(self, text: str) -> CustomerCard | None:
        """The card for any spelling of a number or SIP/tel URI; None for unknown callers
        and for remotes that are not phone numbers at all (extensions, SIP names)."""
        number = try_normalize(text)
        if number is None:
            return None
        with self._db.session() as session:
            return _card_by_number(session, number)

    def get(self, customer_id: int) -> CustomerCard:
        with self._db.session() as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise CustomerNotFound(customer_id)
            return _cards(session, [customer])[0]

    def search(self, text: str, limit: int = 50) -> list[CustomerCard]:
        """Every word must match: letters the name (any case, ё = е, partial), digits a number.

        The result is the `limit` most recently added matching customers, in alphabetical
        order. "Most recent" rather than "first in the alphabet" lets both databases stop
        after `limit` matches walking newest first, where a common piece ("ова", "иван",
        hundreds of thousands of matches) would otherwise have to be sorted whole; a rare
        piece is looked up in the trigram index (customer_index) and its few rows sorted.
        The word "VIP" (or «вип») keeps only the VIP customers; alone it lists them."""
        terms = parse_query(text)
        only_vip = any(word in VIP_WORDS for word in terms.words)
        words = [word for word in terms.words if word not in VIP_WORDS]
        if not words and not terms.numbers and not only_vip:
            return []
        sqlite = self._db.dialect == "sqlite"
        indexed = [word for word in words if len(word) >= MIN_INDEXED]
        if sqlite and indexed:
            # FTS5 hands out its matches newest first and stops at the LIMIT; its match is
            # exact, so these words need no LIKE.
            newest = (
                select(Customer.id)
                .select_from(_NAME_FTS)
                .join(Customer, Customer.id == _NAME_FTS.c.rowid)
                .where(_NAME_FTS.c[NAMES[0]].op("MATCH")(fts_match(indexed)))
                .order_by(_NAME_FTS.c.rowid.desc())
            )
            scanned = [word for word in words if word not in indexed]
        else:
            # PostgreSQL picks between walking the primary key backwards (common pieces)
            # and the trigram index then a sort (rare ones) from its statistics.
            newest = select(Customer.id).order_by(Customer.id.desc())
            scanned = words
        if only_vip:
            newest = newest.where(Customer.vip.is_(True))
        for word in scanned:
            newest = newest.where(Customer.search_name.like(like_pattern(word), escape="\\"))
        for fragment in terms.numbers:
            newest = newest.where(Customer.id.in_(_owners_of_numbers_like(fragment, sqlite)))
        query = (
            select(Customer)
            .where(Customer.id.in_(newest.limit(limit).scalar_subquery()))
            .order_by(Customer.search_name, Customer.id)
        )
        with self._db.session() as session:
            return _cards(session, session.execute(query).scalars().all())

    # -- writing -------------------------------------------------------------------------

    def create_for_number(
        self,
        number: str,
        *,
        address_as: str,
        full_name: str = "",
        notes: str = "",
        vip: bool = False,
    ) -> CustomerCard:
        """A card for an unknown caller. If the number already has a customer (another desk
        was quicker), that customer is returned unchanged instead of an error."""
        e164 = normalize(number)
        with self._db.session(write=True) as session:
            existing = customer_for_number(session, e164, lambda: Customer(
                full_name=clean(full_name).strip(),
                address_as=clean(address_as).strip(),
                notes=clean(notes),
                vip=vip,
                numbers=[new_number(e164, number)],
            ))
            customer_row = session.get(Customer, existing)
            assert customer_row is not None
            return _cards(session, [customer_row])[0]

    def update(
        self,
        customer_id: int,
        *,
        full_name: str | None = None,
        address_as: str | None = None,
        notes: str | None = None,
        vip: bool | None = None,
    ) -> CustomerCard:
        with self._db.session(write=True) as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise CustomerNotFound(customer_id)
            if full_name is not None:
                customer.full_name = clean(full_name).strip()
            if address_as is not None:
                customer.address_as = clean(address_as).strip()
            if notes is not None:
                customer.notes = clean(notes)
            if vip is not None:
                customer.vip = vip
            session.flush()
            return _cards(session, [customer])[0]

    def add_number(self, customer_id: int, number: str, kind: str | None = None) -> CustomerCard:
        """Another number for a known customer; a number owned by someone else is an error."""
        e164 = normalize(number)
        with self._db.session(write=True) as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise CustomerNotFound(customer_id)
            owner = customer_id_for(session, e164)
            if owner is not None and owner != customer_id:
                raise ValueError(f"Номер {e164} уже записан за другим клиентом (№{owner})")
            if owner is None:
                session.add(
                    PhoneNumber(
                        customer_id=customer_id,
                        e164=e164,
                        raw=clean(number).strip()[:64],
                        kind=kind or number_kind(e164).value,
                    )
                )
                session.flush()
                _link_earlier_calls(session, e164, customer_id)
            session.refresh(customer)
            return _cards(session, [customer])[0]


def _owners_of_numbers_like(fragment: str, sqlite: bool) -> Select[int]:
    """Customers with a number containing the fragment's digits (or, for 8..., starting +7...).

    On SQLite the FTS5 table narrows the numbers down first (an exact substring match, kept
    as the LIKE anyway because "+7..." must be a prefix); PostgreSQL answers the LIKEs from
    its trigram index by itself. Fewer than MIN_INDEXED digits scan the numbers."""
    patterns = number_patterns(fragment)
    owners = select(PhoneNumber.customer_id).where(
        or_(*(PhoneNumber.e164.like(p, escape="\\") for p in patterns))
    )
    pieces = [p.strip("%") for p in patterns]
    if sqlite and min(len(p) for p in pieces) >= MIN_INDEXED:
        matching = select(_NUMBER_FTS.c.rowid).where(
            _NUMBER_FTS.c[NUMBERS[0]].op("MATCH")(fts_match(pieces, "OR"))
        )
        owners = owners.where(PhoneNumber.id.in_(matching))
    return owners


def customer_id_for(session: Session, e164: str) -> int | None:
    """The customer owning this number, if any."""
    return session.execute(
        select(PhoneNumber.customer_id).where(PhoneNumber.e164 == e164)
    ).scalar_one_or_none()


def new_number(e164: str, raw: str) -> PhoneNumber:
    """A customer's number as typed (`raw`, kept for display) and normalised."""
    return PhoneNumber(e164=e164, raw=clean(raw).strip()[:64], kind=number_kind(e164).value)


def customer_for_number(session: Session, e164: str, make: Callable[[], Customer]) -> int:
    """The customer owning the number, else a new one from `make()` (its numbers include it).

    Two desks may create the same caller at once: the loser of the unique number index gets
    the winner's customer instead of an error. A new customer also claims the calls logged
    before it existed.
    """
    existing = customer_id_for(session, e164)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            customer = make()
            session.add(customer)
            session.flush()
    except IntegrityError:
        existing = customer_id_for(session, e164)  # another desk committed it first
        if existing is None:
            raise
        return existing
    _link_earlier_calls(session, e164, customer.id)
    return customer.id


def _link_earlier_calls(session: Session, e164: str, customer_id: int) -> None:
    """Calls logged before the card existed now show the customer too."""
    session.execute(
        update(Interaction)
        .where(Interaction.number == e164, Interaction.customer_id.is_(None))
        .values(customer_id=customer_id)
    )


_OWNER = aliased(PhoneNumber)
# Built once: constructing and aliasing a select costs more than the query itself.
_CARD_BY_NUMBER = (
    select(
        Customer.id,
        Customer.full_name,
        Customer.address_as,
        Customer.notes,
        Customer.vip,
        PhoneNumber.e164,
    )
    .select_from(_OWNER)
    .join(Customer, Customer.id == _OWNER.customer_id)
    .join(PhoneNumber, PhoneNumber.customer_id == Customer.id)
    .where(_OWNER.e164 == bindparam("e164"))
    .order_by(PhoneNumber.id)
)
_RECENT_OF_CUSTOMER = (
    select(*RECORD_COLUMNS)
    .where(
        Interaction.customer_id == bindparam("customer_id"),
        Interaction.status != CallStatus.OPEN.value,  # the call still ringing is not history
    )
    .order_by(Interaction.started_at.desc(), Interaction.id.desc())
    .limit(RECENT_CALLS)
)


def _card_by_number(session: Session, e164: str) -> CustomerCard | None:
    """The ring-time path: two prepared Core queries, no ORM objects, before the second ring."""
    conn = session.connection()
    rows = conn.execute(_CARD_BY_NUMBER, {"e164": e164}).all()
    if not rows:
        return None
    customer_id, full_name, address_as, notes, vip, _ = rows[0]
    calls = conn.execute(_RECENT_OF_CUSTOMER, {"customer_id": customer_id}).all()
    name = address_as or full_name or None
    return CustomerCard(
        id=customer_id,
        full_name=full_name,
        address_as=address_as,
        notes=notes,
        numbers=[row.e164 for row in rows],
        recent=[record_from_row(row, name) for row in calls],
        vip=bool(vip),
    )


def _cards(session: Session, customers: Sequence[Customer | None]) -> list[CustomerCard]:
    """Cards with numbers and recent calls, in three queries however many customers."""
    rows = [c for c in customers if c is not None]
    if not rows:
        return []
    ids = [c.id for c in rows]
    numbers: dict[int, list[str]] = {i: [] for i in ids}
    for customer_id, e164 in session.execute(
        select(PhoneNumber.customer_id, PhoneNumber.e164)
        .where(PhoneNumber.customer_id.in_(ids))
        .order_by(PhoneNumber.id)
    ):
        numbers[customer_id].append(e164)
    recent = _recent_calls(session, rows)
    return [
        CustomerCard(
            id=c.id,
            full_name=c.full_name,
            address_as=c.address_as,
            notes=c.notes,
            numbers=numbers[c.id],
            recent=recent.get(c.id, []),
            vip=c.vip,
        )
        for c in rows
    ]


def _recent_calls(session: Session, customers: Sequence[Customer]) -> dict[int, list[CallRecord]]:
    """The last RECENT_CALLS calls of each customer in one query over the interactions index
    (no join back to customers: we already hold them)."""
    names = {c.id: c.display_name or None for c in customers}
    position = (
        func.row_number()
        .over(
            partition_by=Interaction.customer_id,
            order_by=(Interaction.started_at.desc(), Interaction.id.desc()),
        )
        .label("position")
    )
    ranked = (
        select(*RECORD_COLUMNS, position)
        .where(
            Interaction.customer_id.in_(list(names)),
            Interaction.status != CallStatus.OPEN.value,
        )
        .subquery()
    )
    query = (
        select(ranked)
        .where(ranked.c.position <= RECENT_CALLS)
        .order_by(ranked.c.started_at.desc(), ranked.c.id.desc())
    )
    result: dict[int, list[CallRecord]] = {}
    for row in session.execute(query):
        result.setdefault(row.customer_id, []).append(record_from_row(row, names[row.customer_id]))
    return result
