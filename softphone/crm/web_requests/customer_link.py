"""Which customer a website request belongs to: found by its number, or made from the request.

Finding, the race between two desks and claiming earlier calls are the customer service's own
(`customer_for_number`); this only says what a customer made from a request looks like.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from softphone.crm.customers.cards import customer_for_number, customer_id_for, new_number
from softphone.crm.models import Customer, WebRequest


def customer_for(session: Session, row: WebRequest, *, create: bool) -> int | None:
    """The customer owning the request's number; created from the request when asked."""
    if row.phone is None:
        return None
    if not create:
        return customer_id_for(session, row.phone)
    phone = row.phone
    return customer_for_number(session, phone, lambda: Customer(
        address_as=row.name,
        notes=f"Создан по заявке с сайта №{row.id}",
        numbers=[new_number(phone, row.phone_raw)],
    ))
