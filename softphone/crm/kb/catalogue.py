"""The admin's view of the whole catalogue: one light row per item, retired ones included.

Search (service.search) hides retired items and ranks; the editor needs the opposite: every
item, in a stable order, cheap enough to list 100,000 of them. So this reads a few columns
only and leaves bodies, plans and promotions' targets to `KnowledgeBaseService.draft()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from softphone.crm.db import Database
from softphone.crm.kb.models import KbCategory, KbItem


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    item_id: int
    kind: str
    code: str
    title: str
    category: str  # "" when the item has none
    price: Decimal | None
    unit: str
    retired: bool


def catalogue_rows(db: Database) -> list[CatalogueRow]:
    """Every item, retired ones too, ordered by kind and title like the editor shows them."""
    query = (
        select(
            KbItem.id,
            KbItem.kind,
            KbItem.code,
            KbItem.title,
            KbCategory.name,
            KbItem.price,
            KbItem.unit,
            KbItem.retired_at,
        )
        .outerjoin(KbCategory, KbCategory.id == KbItem.category_id)
        .order_by(KbItem.kind, KbItem.title, KbItem.id)
    )
    with db.session() as session:
        return [
            CatalogueRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6] or "", r[7] is not None)
            for r in session.execute(query)
        ]
