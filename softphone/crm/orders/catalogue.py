"""Snapshots of knowledge-base products, services and promotions for pricing an order."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from softphone.crm.kb.models import ItemKind, KbItem, promotion_items
from softphone.crm.kb.search import PromoState
from softphone.crm.orders.pricing import CatalogueItem, PromotionRule
from softphone.formatting import format_date

ORDERABLE = (ItemKind.PRODUCT.value, ItemKind.SERVICE.value)


def load_items(session: Session, ids: Collection[int]) -> dict[int, KbItem]:
    if not ids:
        return {}
    rows = session.scalars(select(KbItem).where(KbItem.id.in_(list(ids))))
    return {row.id: row for row in rows}


def snapshot(item: KbItem) -> CatalogueItem:
    assert item.price is not None
    return CatalogueItem(item.id, item.code, item.title, item.unit, item.price, item.kind)


def load_promotions(
    session: Session, item_ids: Collection[int], requested: Collection[int]
) -> list[PromotionRule]:
    """Promotions covering any of `item_ids`, plus the requested ones, whatever their dates."""
    covering = select(promotion_items.c.promotion_id).where(
        promotion_items.c.item_id.in_(list(item_ids) or [-1])
    )
    query = select(KbItem).where(
        KbItem.kind == ItemKind.PROMOTION.value,
        KbItem.retired_at.is_(None),
        or_(KbItem.id.in_(covering), KbItem.id.in_(list(requested) or [-1])),
    )
    promos = list(session.scalars(query))
    if not promos:
        return []
    links = session.execute(
        select(promotion_items.c.promotion_id, promotion_items.c.item_id).where(
            promotion_items.c.promotion_id.in_([p.id for p in promos])
        )
    ).all()
    covered: dict[int, set[int]] = {}
    for promotion_id, item_id in links:
        covered.setdefault(promotion_id, set()).add(item_id)
    return [
        PromotionRule(
            promotion_id=p.id,
            title=p.title,
            discount_kind=p.discount_kind or "",
            value=p.discount_value,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            item_ids=frozenset(covered.get(p.id, ())),
            conditions=p.conditions,
        )
        for p in promos
    ]


def promotion_problem(rule: PromotionRule | None, item_ids: Collection[int], today: date) -> str:
    """Why a promotion the customer named cannot be applied, or "" if it can."""
    if rule is None:
        return "Такой акции нет в базе знаний"
    state = rule.state(today)
    if state is PromoState.EXPIRED and rule.ends_on is not None:  # expired: it has an end
        return f"Акция «{rule.title}» закончилась {format_date(rule.ends_on)}"
    if state is PromoState.UPCOMING and rule.starts_on is not None:  # upcoming: a start
        return f"Акция «{rule.title}» начнётся только {format_date(rule.starts_on)}"
    if rule.item_ids and not rule.item_ids & set(item_ids):
        return f"Акция «{rule.title}» не относится ни к одной позиции заказа"
    return ""
