"""From item rows to result lines: the columns a hit shows, a tariff's cheapest plan, passages.

Plain Core rows, not ORM objects, and a SearchHit only for the lines that get shown: the
candidates are ranked on their rows, and building objects for all of them cost more than
the query that found them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from softphone.crm.kb import store
from softphone.crm.kb.models import ItemKind, KbCategory, KbItem, KbTariffPlan
from softphone.crm.kb.search import Matcher, PromoState, SearchHit, promo_state, snippet

ITEMS = KbItem.__table__
_CATEGORIES = KbCategory.__table__
_PLANS = KbTariffPlan.__table__
_COLUMNS = (
    "id",
    "kind",
    "code",
    "title",
    "body",
    "conditions",
    "price",
    "unit",
    "availability",
    "starts_on",
    "ends_on",
    "uses",
)
if TYPE_CHECKING:  # Select and Row take one type argument per column from SQLAlchemy 2.1 on
    # _COLUMNS and the category name, as HIT_ROWS selects them.
    _Hit = tuple[
        int, str, str, str, str, str, Decimal | None, str, str | None, date | None, date | None,
        int, str | None,
    ]
    HitSelect = Select[*_Hit]
    HitRow = Row[*_Hit]
    PlanRow = Row[int, str, Decimal, str, str]  # a row of _PLAN_ROWS

HIT_ROWS: HitSelect = select(
    *(ITEMS.c[name] for name in _COLUMNS), _CATEGORIES.c.name.label("category")
).select_from(ITEMS.outerjoin(_CATEGORIES, _CATEGORIES.c.id == ITEMS.c.category_id))
# Built once with an expanding parameter: a fresh IN (...) of 40 literals per search cost
# more than running it.
BY_IDS = HIT_ROWS.where(ITEMS.c.id.in_(bindparam("ids", expanding=True)))
_PLAN_ROWS = (
    select(_PLANS.c.tariff_id, _PLANS.c.name, _PLANS.c.price, _PLANS.c.period, _PLANS.c.includes)
    .where(_PLANS.c.tariff_id.in_(bindparam("tariffs", expanding=True)))
    .order_by(_PLANS.c.tariff_id, _PLANS.c.position)
)


class Candidate(NamedTuple):
    """One item that may be shown: its row, its plans (tariffs) and its promotion state."""

    row: HitRow
    plans: list[PlanRow]
    state: PromoState | None


def candidates(
    session: Session, query: HitSelect, today: date, params: dict[str, list[int]] | None = None
) -> list[Candidate]:
    """The rows `query` (HIT_ROWS narrowed, or BY_IDS) selects, with the plans of the tariffs
    among them."""
    rows = session.execute(query, params).all()
    plans: dict[int, list[PlanRow]] = {}
    tariffs = [r.id for r in rows if r.kind == ItemKind.TARIFF]
    if tariffs:
        for plan in session.execute(_PLAN_ROWS, {"tariffs": tariffs}):
            plans.setdefault(plan.tariff_id, []).append(plan)
    promotion = ItemKind.PROMOTION.value
    return [
        Candidate(
            r,
            plans.get(r.id, []),
            promo_state(r.starts_on, r.ends_on, today) if r.kind == promotion else None,
        )
        for r in rows
    ]


def title_missing(candidate: Candidate, matcher: Matcher) -> int:
    """How many query words the title (as indexed: with its kind's word) lacks."""
    row = candidate.row
    return matcher.missing(store.title_words(row.kind, row.title))


def to_hit(candidate: Candidate, matcher: Matcher, fuzzy: bool) -> SearchHit:
    """The result line, with the passage around the first match and the matches marked."""
    r, item_plans = candidate.row, candidate.plans
    price, unit = r.price, r.unit
    if item_plans:
        cheapest = min(item_plans, key=lambda p: p.price)
        price, unit = cheapest.price, cheapest.period
    text = store.display_text(r.body, r.conditions, [(p.name, p.includes) for p in item_plans])
    passage, spans = snippet(text, matcher.groups, matcher)
    return SearchHit(
        item_id=r.id,
        kind=r.kind,
        code=r.code,
        title=r.title,
        title_spans=tuple(matcher.spans(r.title)),
        snippet=passage,
        snippet_spans=tuple(spans),
        category=r.category,
        price=price,
        unit=unit,
        availability=r.availability,
        starts_on=r.starts_on,
        ends_on=r.ends_on,
        promo_state=candidate.state,
        uses=r.uses,
        fuzzy=fuzzy,
    )
