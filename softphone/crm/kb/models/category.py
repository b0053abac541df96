"""A catalogue section ("Роутеры", "Доставка"): the operator filters results by it."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base


class KbCategory(Base):
    __tablename__ = "kb_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)

    def __repr__(self) -> str:
        return f"KbCategory(id={self.id!r}, name={self.name!r})"
