"""Customer: a person who calls us, with the form of address they asked for."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, Text, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softphone.crm.folding import fold
from softphone.crm.models.base import Base, utcnow

if TYPE_CHECKING:
    from softphone.crm.models.interaction import Interaction
    from softphone.crm.models.phone_number import PhoneNumber


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    # «Как к Вам обращаться»: what the operator says, e.g. "Мария Ивановна".
    address_as: Mapped[str] = mapped_column(String(255), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # A customer the operator must treat with special care; shown prominently on ring.
    vip: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Folded full_name + address_as (see folding.fold); kept in sync by the listeners below.
    search_name: Mapped[str] = mapped_column(String(512), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    numbers: Mapped[list[PhoneNumber]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="PhoneNumber.id",
        passive_deletes=True,
    )
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="customer", passive_deletes=True
    )

    @property
    def display_name(self) -> str:
        """What the operator reads out: the asked-for form of address, else the full name."""
        return self.address_as or self.full_name

    def __repr__(self) -> str:
        return f"Customer(id={self.id!r}, full_name={self.full_name!r})"


def searchable_name(full_name: str | None, address_as: str | None) -> str:
    return fold(f"{full_name or ''} {address_as or ''}")


@event.listens_for(Customer, "before_insert")
@event.listens_for(Customer, "before_update")
def _refresh_search_name(_mapper: object, _connection: object, target: Customer) -> None:
    target.search_name = searchable_name(target.full_name, target.address_as)
