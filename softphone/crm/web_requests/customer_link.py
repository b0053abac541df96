"""Which customer a website request belongs to: found by its number, or made from the request.

Two desks may create the same customer at once; the loser of the unique number finds the
winner's card instead of failing. A new card also claims the calls logged before it existed.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from softphone.crm.customers.cards import number_kind
from softphone.crm.models import Customer, Interaction, PhoneNumber, WebRequest


def customer_for(session: Session, row: WebRequest, *, create: bool) -> int | None:
    """The customer owning the request's number; created from the request when asked."""
    if row.phone is None:
        return None
    query = select(PhoneNumber.customer_id).where(PhoneNumber.e164 == row.phone)
    existing = session.execute(query).scalar_one_or_none()
    if existing is not None or not create:
        return existing
    try:
        with session.begin_nested():
            customer = Customer(
                address_as=row.name,
                notes=f"Создан по заявке с сайта №{row.id}",
                numbers=[
                    PhoneNumber(
                        e164=row.phone, raw=row.phone_raw[:64], kind=number_kind(row.phone).value
                    )
                ],
            )
            session.add(customer)
            session.flush()
    except IntegrityError:
        return session.execute(query).scalar_one()  # another desk created it a moment ago
    # Calls logged before the card existed now show the customer too.
    session.execute(
        update(Interaction)
        .where(Interaction.number == row.phone, Interaction.customer_id.is_(None))
        .values(customer_id=customer.id)
        .execution_options(synchronize_session=False)
    )
    return customer.id
