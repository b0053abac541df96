"""Vocabulary of title lemmas: what a mistyped word is corrected to.

Only ever grows (a stale word costs a query that finds nothing), so saving an item is one
"insert if missing" per title word and never a scan.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base


class KbTerm(Base):
    __tablename__ = "kb_terms"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
