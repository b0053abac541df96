"""KnowledgeBaseService: the one API over the knowledge base on SQLite and PostgreSQL alike.

Every method opens its own transaction, so the UI may call them from worker threads
(softphone.ui.tasks.TaskRunner). Errors an admin can fix are KbValidationError (Russian text);
a missing item is KbNotFound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.kb import store
from softphone.crm.kb.drafts import ItemDraft, KbValidationError, validate
from softphone.crm.kb.fuzzy import TermIndex
from softphone.crm.kb.index import CANDIDATES, Alternative, Filters, Group, index_for
from softphone.crm.kb.models import ItemKind, KbCategory, KbItem, KbTariffPlan, KbTerm
from softphone.crm.kb.search import (
    ParsedQuery,
    PromoState,
    SearchHit,
    groups_missing,
    matching_spans,
    parse_query,
    promo_state,
    rank_key,
    snippet,
)
from softphone.crm.kb.store import MIN_TERM
from softphone.crm.kb.views import Category, ImportSummary, ItemDetails
from softphone.crm.models.base import utcnow

DEFAULT_LIMIT = 20  # about two screens of the side panel
IMPORT_BATCH = 500
_COLUMNS = (
    KbItem.id,
    KbItem.kind,
    KbItem.code,
    KbItem.title,
    KbItem.body,
    KbItem.conditions,
    KbItem.price,
    KbItem.unit,
    KbItem.availability,
    KbItem.starts_on,
    KbItem.ends_on,
    KbItem.uses,
    KbCategory.name,
)


class KbNotFound(LookupError):
    def __init__(self, item_id: int) -> None:
        super().__init__(f"Запись базы знаний №{item_id} не найдена")


class KnowledgeBaseService:
    def __init__(
        self,
        db: Database,
        *,
        today: Callable[[], date] = date.today,
        principal: Principal | None = None,
    ) -> None:
        """`principal` is who edits; searching needs none."""
        self._db = db
        self._principal = principal
        self._index = index_for(db.dialect)
        self._today = today
        self._terms = TermIndex()
        self._terms_lock = threading.Lock()

    # -- search ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        category_id: int | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[SearchHit]:
        """Hits for what the operator typed; an empty query lists the most used items."""
        parsed = parse_query(query)
        filters = Filters(kind or None, category_id)
        with self._db.session() as session:
            if parsed.empty:
                return self._most_used(session, filters, limit)
            vocabulary = self._vocabulary(session)
            titles = all(self._may_be_in_titles(group, vocabulary) for group in parsed.groups)
            ids = self._index.match(session, parsed.groups, filters, CANDIDATES, titles=titles)
            fuzzy = False
            if not ids:
                corrected = self._corrected(parsed, vocabulary)
                if corrected is not None:
                    parsed, fuzzy = corrected, True
                    ids = self._index.match(session, parsed.groups, filters, CANDIDATES)
            if not ids and len(parsed.groups) > 1:
                # A question in plain words ("вернуть роутер") may share only some words
                # with the answer: then any word will do, the best-matching items first.
                ids = self._index.match(session, parsed.groups, filters, CANDIDATES, any_group=True)
            if not ids:
                return []
            rows = self._rows(session, select(*_COLUMNS).where(KbItem.id.in_(ids)))
        position = {item_id: i for i, item_id in enumerate(ids)}
        ranked = sorted(
            rows,
            key=lambda r: rank_key(
                r[0],
                groups_missing(store.title_words(r[0].kind, r[0].title), parsed.groups),
                position[r[0].item_id],
            ),
        )
        return [self._with_passage(hit, text, parsed, fuzzy) for hit, text in ranked[:limit]]

    def _most_used(self, session: Session, filters: Filters, limit: int) -> list[SearchHit]:
        query = select(*_COLUMNS).where(KbItem.retired_at.is_(None))
        if filters.kind:
            query = query.where(KbItem.kind == filters.kind)
        if filters.category_id is not None:
            query = query.where(KbItem.category_id == filters.category_id)
        # (uses, id) both descending: the uses index serves it without sorting every item.
        query = query.order_by(KbItem.uses.desc(), KbItem.id.desc()).limit(limit)
        rows = self._rows(session, query)
        rows.sort(key=lambda r: r[0].promo_state is PromoState.EXPIRED)  # stable
        return [self._with_passage(hit, text, ParsedQuery([]), False) for hit, text in rows]

    def _rows(self, session: Session, query: Any) -> list[tuple[SearchHit, Callable[[], str]]]:
        """Hits without passages yet, each with a maker of its readable text (plans included)."""
        query = query.outerjoin(KbCategory, KbCategory.id == KbItem.category_id)
        rows = session.execute(query).all()
        tariffs = [r.id for r in rows if r.kind == ItemKind.TARIFF]
        plans: dict[int, list[Any]] = {}
        if tariffs:
            plan_rows = session.execute(
                select(KbTariffPlan)
                .where(KbTariffPlan.tariff_id.in_(tariffs))
                .order_by(KbTariffPlan.tariff_id, KbTariffPlan.position)
            ).scalars()
            for plan in plan_rows:
                plans.setdefault(plan.tariff_id, []).append(plan)
        today = self._today()
        out = []
        for r in rows:
            item_plans = plans.get(r.id, [])
            price, unit = r.price, r.unit
            if item_plans:
                cheapest = min(item_plans, key=lambda p: p.price)
                price, unit = cheapest.price, cheapest.period
            is_promo = r.kind == ItemKind.PROMOTION
            hit = SearchHit(
                item_id=r.id,
                kind=r.kind,
                code=r.code,
                title=r.title,
                title_spans=(),
                snippet="",
                snippet_spans=(),
                category=r.name,
                price=price,
                unit=unit,
                availability=r.availability,
                starts_on=r.starts_on,
                ends_on=r.ends_on,
                promo_state=promo_state(r.starts_on, r.ends_on, today) if is_promo else None,
                uses=r.uses,
            )
            # The readable text is built only for the hits that get shown (see _with_passage).
            plan_texts = [(p.name, p.includes) for p in item_plans]
            out.append(
                (hit, lambda r=r, pt=plan_texts: store.display_text(r.body, r.conditions, pt))
            )
        return out

    @staticmethod
    def _with_passage(
        hit: SearchHit, text: Callable[[], str], parsed: ParsedQuery, fuzzy: bool
    ) -> SearchHit:
        passage, spans = snippet(text(), parsed.groups)
        title_spans = matching_spans(hit.title, parsed.groups)
        return SearchHit(
            **{
                **hit.__dict__,
                "title_spans": tuple(title_spans),
                "snippet": passage,
                "snippet_spans": tuple(spans),
                "fuzzy": fuzzy,
            }
        )

    def _vocabulary(self, session: Session) -> TermIndex:
        size = session.execute(select(func.count()).select_from(KbTerm)).scalar_one()
        with self._terms_lock:
            if size != self._terms.size:
                self._terms.rebuild(session.execute(select(KbTerm.term)).scalars())
        return self._terms

    @staticmethod
    def _may_be_in_titles(group: Group, vocabulary: TermIndex) -> bool:
        """False only when the vocabulary (title words of 4+ letters) rules the word out."""
        return any(
            alt.prefix or len(alt.term) < MIN_TERM or alt.term in vocabulary for alt in group
        )

    @staticmethod
    def _corrected(parsed: ParsedQuery, vocabulary: TermIndex) -> ParsedQuery | None:
        """The query with unknown words widened to the title words they are a typo away from."""
        groups, changed = [], False
        for group in parsed.groups:
            if any(alt.term in vocabulary for alt in group):
                groups.append(group)
                continue
            close = vocabulary.closest(*(alt.term for alt in group))
            if close:
                groups.append(group + tuple(Alternative(t, False) for t in close))
                changed = True
            else:
                groups.append(group)
        return ParsedQuery(groups) if changed else None

    # -- reading --------------------------------------------------------------------------

    def categories(self) -> list[Category]:
        with self._db.session() as session:
            rows = session.execute(select(KbCategory.id, KbCategory.name).order_by(KbCategory.name))
            return [Category(r.id, r.name) for r in rows]

    def item(self, item_id: int) -> ItemDetails:
        with self._db.session() as session:
            item = store.load_item(session, item_id)
            if item is None:
                raise KbNotFound(item_id)
            draft = store.to_draft(item)
            is_promo = item.kind == ItemKind.PROMOTION
            return ItemDetails(
                item_id=item.id,
                kind=item.kind,
                code=item.code,
                title=item.title,
                body=item.body,
                text=store.item_text(item),
                category=draft.category or None,
                price=item.price,
                unit=item.unit,
                availability=item.availability,
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                promo_state=promo_state(item.starts_on, item.ends_on, self._today())
                if is_promo
                else None,
                conditions=item.conditions,
                discount_kind=item.discount_kind,
                discount_value=item.discount_value,
                plans=draft.plans,
                applies_to=tuple((t.code, t.title) for t in item.applies_to),
                topic=item.topic,
                retired=draft.retired,
                uses=item.uses,
            )

    def draft(self, item_id: int) -> ItemDraft:
        """The item as an editable draft (the admin form starts from it)."""
        with self._db.session() as session:
            item = store.load_item(session, item_id)
            if item is None:
                raise KbNotFound(item_id)
            return store.to_draft(item)

    def record_use(self, item_id: int) -> None:
        """The operator opened or copied the item: it rises in the empty query's list."""
        with self._db.session(write=True) as session:
            session.execute(update(KbItem).where(KbItem.id == item_id).values(uses=KbItem.uses + 1))

    # -- editing --------------------------------------------------------------------------

    def create(self, draft: ItemDraft) -> int:
        who = require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        clean = validate(draft)
        with self._db.session(write=True) as session:
            if store.code_taken(session, clean.code, None):
                raise KbValidationError([f"код «{clean.code}» уже занят другой записью"])
            item = KbItem()
            session.add(item)
            store.apply_draft(session, item, clean)
            session.flush()
            store.index_items(session, self._index, [item])
            audit.write(session, who, "kb.create", f"{item.id}: {clean.code}")
            return item.id

    def update(self, item_id: int, draft: ItemDraft) -> None:
        who = require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        clean = validate(draft)
        with self._db.session(write=True) as session:
            item = store.load_item(session, item_id)
            if item is None:
                raise KbNotFound(item_id)
            if store.code_taken(session, clean.code, item_id):
                raise KbValidationError([f"код «{clean.code}» уже занят другой записью"])
            store.apply_draft(session, item, clean)
            session.flush()
            affected = [item, *store.promotions_covering(session, item_id)]
            store.index_items(session, self._index, affected)
            audit.write(session, who, "kb.update", f"{item_id}: {clean.code}")

    def retire(self, item_id: int) -> None:
        """Hide from search (kept for history and export); restore() brings it back."""
        self._set_retired(item_id, True)

    def restore(self, item_id: int) -> None:
        self._set_retired(item_id, False)

    def _set_retired(self, item_id: int, retired: bool) -> None:
        who = require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        with self._db.session(write=True) as session:
            item = store.load_item(session, item_id)
            if item is None:
                raise KbNotFound(item_id)
            item.retired_at = utcnow() if retired else None
            session.flush()
            store.index_items(session, self._index, [item])
            action = "kb.retire" if retired else "kb.restore"
            audit.write(session, who, action, str(item_id))

    # -- bulk -----------------------------------------------------------------------------

    def import_drafts(self, drafts: Iterable[ItemDraft]) -> ImportSummary:
        """Create or update by code, all or nothing; promotions after what they refer to."""
        who = require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        cleaned, problems = [], []
        for number, draft in enumerate(drafts, 1):
            try:
                cleaned.append(validate(draft))
            except KbValidationError as exc:
                problems.append(f"запись {number}: {exc}")
        codes = [d.code for d in cleaned]
        if len(set(codes)) != len(codes):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            problems.append(f"коды повторяются: {', '.join(dupes[:10])}")
        if problems:
            raise KbValidationError(problems[:20])
        cleaned.sort(key=lambda d: d.kind == ItemKind.PROMOTION)
        created = updated = 0
        with self._db.session(write=True) as session:
            categories: dict[str, KbCategory] = {}
            for start in range(0, len(cleaned), IMPORT_BATCH):
                batch = cleaned[start : start + IMPORT_BATCH]
                existing = self._by_code(session, [d.code for d in batch])
                items = []
                for draft in batch:
                    item = existing.get(draft.code)
                    if item is None:
                        item = KbItem()
                        session.add(item)
                        created += 1
                    else:
                        updated += 1
                    store.apply_draft(session, item, draft, categories)
                    items.append(item)
                session.flush()
                store.index_items(session, self._index, items)
            details = f"создано {created}, обновлено {updated}"
            audit.write(session, who, "kb.import", details)
        return ImportSummary(created, updated)

    @staticmethod
    def _by_code(session: Session, codes: Sequence[str]) -> dict[str, KbItem]:
        query = (
            select(KbItem)
            .where(KbItem.code.in_(codes))
            .options(selectinload(KbItem.plans), selectinload(KbItem.applies_to))
        )
        return {item.code: item for item in session.scalars(query)}

    def export_drafts(self) -> list[ItemDraft]:
        """Every item, retired ones too, in a stable order (kind, code)."""
        with self._db.session() as session:
            query = (
                select(KbItem)
                .order_by(KbItem.kind, KbItem.code)
                .options(
                    selectinload(KbItem.plans),
                    selectinload(KbItem.applies_to),
                    selectinload(KbItem.category),
                )
            )
            return [store.to_draft(item) for item in session.scalars(query)]

    def reindex(self) -> int:
        """Rebuild the whole index from the items (after restoring a backup, say)."""
        require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        count = 0
        with self._db.session(write=True) as session:
            self._index.clear(session)
            last_id = 0
            while True:
                batch = list(
                    session.scalars(
                        select(KbItem)
                        .where(KbItem.id > last_id)
                        .order_by(KbItem.id)
                        .limit(IMPORT_BATCH)
                        .options(
                            selectinload(KbItem.plans),
                            selectinload(KbItem.applies_to),
                            selectinload(KbItem.category),
                        )
                    )
                )
                if not batch:
                    return count
                store.index_items(session, self._index, batch)
                count += sum(1 for item in batch if item.retired_at is None)
                last_id = batch[-1].id
