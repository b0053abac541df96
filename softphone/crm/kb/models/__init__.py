"""Knowledge-base tables. The full-text index tables (`kb_fts*`) are not models: they are
dialect-specific (FTS5 virtual tables on SQLite, a tsvector table on PostgreSQL), made by the
migrations and kept by softphone.crm.kb.index, so schema comparisons skip them."""

from softphone.crm.kb.models.category import KbCategory
from softphone.crm.kb.models.item import (
    Availability,
    DiscountKind,
    ItemKind,
    KbItem,
    promotion_items,
)
from softphone.crm.kb.models.tariff_plan import KbTariffPlan
from softphone.crm.kb.models.term import KbTerm

INDEX_TABLE_PREFIX = "kb_fts"


def is_index_table(name: str | None) -> bool:
    """True for the full-text index tables that no model describes."""
    return bool(name) and str(name).startswith(INDEX_TABLE_PREFIX)


__all__ = [
    "INDEX_TABLE_PREFIX",
    "Availability",
    "DiscountKind",
    "ItemKind",
    "KbCategory",
    "KbItem",
    "KbTariffPlan",
    "KbTerm",
    "is_index_table",
    "promotion_items",
]
