"""Drafts into rows and rows back into drafts, with the search index kept in step.

Every write path (editor, import, demo) goes through save_draft(), which re-indexes the item
in the same transaction: the index can never lag behind a committed change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from softphone.crm.kb.drafts import ItemDraft, KbValidationError, PlanDraft
from softphone.crm.kb.index import Entry, SearchIndex
from softphone.crm.kb.models import (
    ItemKind,
    KbCategory,
    KbItem,
    KbTariffPlan,
    KbTerm,
    promotion_items,
)
from softphone.crm.kb.richtext import plain_text
from softphone.crm.kb.text import MAX_TERM, lemma_text
from softphone.crm.models.base import utcnow
from softphone.crm.upsert import insert_for


def display_text(body: str, conditions: str, plans: Iterable[tuple[str, str]]) -> str:
    """An item's readable text beyond its title: body, conditions, plans ("name: includes").
    Snippets come from it and the clipboard gets it."""
    parts = [plain_text(body)]
    if conditions:
        parts.append(plain_text(conditions))
    for name, includes_text in plans:
        includes = "; ".join(line for line in plain_text(includes_text).split("\n") if line)
        parts.append(f"{name}: {includes}" if includes else name)
    return "\n".join(p for p in parts if p)


# Indexed with the title: "акции" lists every promotion, "тарифы" every tariff. Products and
# services get no such word: "товар" would be in most titles of a shop and make every query
# containing it read a posting list as long as the catalogue.
KIND_WORDS = {
    ItemKind.PROMOTION.value: "акция",
    ItemKind.TARIFF.value: "тариф",
}


def title_words(kind: str, title: str) -> str:
    """What the title column of the index is made of (before lemmatising)."""
    return f"{title} {KIND_WORDS.get(kind, '')}"


def item_text(item: KbItem) -> str:
    return display_text(item.body, item.conditions, ((p.name, p.includes) for p in item.plans))


def index_items(session: Session, index: SearchIndex, items: Iterable[KbItem]) -> None:
    """(Re)write the items' index entries (dropping retired ones) and remember title words."""
    entries: list[Entry] = []
    terms: list[str] = []
    for item in items:
        if item.retired_at is not None:
            index.remove(session, item.id)
            continue
        title = lemma_text(f"{title_words(item.kind, item.title)} {item.code}")
        extra = [item_text(item)]
        if item.category is not None:
            extra.append(item.category.name)
        extra += [target.title for target in item.applies_to]
        body = lemma_text("\n".join(extra))
        entries.append(Entry(item.id, item.kind, item.category_id, title, body))
        terms += title.split()
    index.upsert_many(session, entries)
    remember_terms(session, terms)


MIN_TERM = 4  # shorter title words are not kept: too short to correct, too common to rule out


def remember_terms(session: Session, terms: Iterable[str]) -> None:
    """Add title lemmas to the typo vocabulary (insert-if-missing, on either database)."""
    rows = [{"term": t} for t in dict.fromkeys(terms) if MIN_TERM <= len(t) <= MAX_TERM]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = insert_for(dialect)
    session.execute(insert(KbTerm).on_conflict_do_nothing(), rows)


def category_named(
    session: Session, name: str, cache: dict[str, KbCategory] | None = None
) -> KbCategory | None:
    """The category with this name, created when new; `cache` spares bulk imports a query."""
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    category = session.scalars(select(KbCategory).where(KbCategory.name == name)).first()
    if category is None:
        category = KbCategory(name=name)
        session.add(category)
        session.flush()
    if cache is not None:
        cache[name] = category
    return category


def apply_draft(
    session: Session,
    item: KbItem,
    draft: ItemDraft,
    categories: dict[str, KbCategory] | None = None,
) -> None:
    """Copy a validated draft onto a row (new or existing)."""
    item.kind = draft.kind
    item.code = draft.code
    item.title = draft.title
    item.body = draft.body
    item.category = category_named(session, draft.category, categories)
    sellable = draft.kind in (ItemKind.PRODUCT, ItemKind.SERVICE)
    item.price = draft.price if sellable else None
    item.unit = draft.unit if sellable else ""
    item.availability = draft.availability if sellable else None
    promotion = draft.kind == ItemKind.PROMOTION
    item.starts_on = draft.starts_on if promotion else None
    item.ends_on = draft.ends_on if promotion else None
    item.conditions = draft.conditions if promotion else ""
    item.discount_kind = draft.discount_kind if promotion else None
    item.discount_value = draft.discount_value if promotion else None
    item.topic = draft.topic
    item.uses = draft.uses
    if draft.retired and item.retired_at is None:
        item.retired_at = utcnow()
    elif not draft.retired:
        item.retired_at = None
    item.plans = [
        KbTariffPlan(position=i, name=p.name, price=p.price, period=p.period, includes=p.includes)
        for i, p in enumerate(draft.plans)
    ]
    if promotion and draft.applies_to:
        targets = session.scalars(select(KbItem).where(KbItem.code.in_(draft.applies_to))).all()
        missing = set(draft.applies_to) - {t.code for t in targets}
        if missing:
            raise KbValidationError(
                [f"акция ссылается на неизвестные коды: {', '.join(sorted(missing))}"],
                where=f"«{draft.title}»",
            )
        item.applies_to = sorted(targets, key=lambda t: t.code)
    else:
        item.applies_to = []


def code_taken(session: Session, code: str, except_id: int | None) -> bool:
    query = select(KbItem.id).where(KbItem.code == code)
    if except_id is not None:
        query = query.where(KbItem.id != except_id)
    return session.execute(query.limit(1)).first() is not None


def load_item(session: Session, item_id: int) -> KbItem | None:
    return session.scalars(
        select(KbItem)
        .where(KbItem.id == item_id)
        .options(
            selectinload(KbItem.plans),
            selectinload(KbItem.applies_to),
            selectinload(KbItem.category),
        )
    ).first()


def promotions_covering(session: Session, item_id: int) -> list[KbItem]:
    """Promotions whose index text includes this item's title (re-index them on rename)."""
    query = (
        select(KbItem)
        .join(promotion_items, promotion_items.c.promotion_id == KbItem.id)
        .where(promotion_items.c.item_id == item_id)
    )
    return list(session.scalars(query).all())


def to_draft(item: KbItem) -> ItemDraft:
    return ItemDraft(
        kind=item.kind,
        code=item.code,
        title=item.title,
        body=item.body,
        category=item.category.name if item.category else "",
        price=item.price,
        unit=item.unit,
        availability=item.availability,
        starts_on=item.starts_on,
        ends_on=item.ends_on,
        conditions=item.conditions,
        discount_kind=item.discount_kind,
        discount_value=item.discount_value,
        applies_to=tuple(t.code for t in item.applies_to),
        plans=tuple(
            PlanDraft(name=p.name, price=p.price, period=p.period, includes=p.includes)
            for p in item.plans
        ),
        topic=item.topic,
        retired=item.retired_at is not None,
        uses=item.uses,
    )
