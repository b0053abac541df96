"""KnowledgeBaseService: the one API over the knowledge base on SQLite and PostgreSQL alike.

Every method opens its own transaction, so the UI may call them from worker threads
(softphone.ui.tasks.TaskRunner). Errors an admin can fix are KbValidationError (Russian text);
a missing item is KbNotFound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.kb import hits, store
from softphone.crm.kb.drafts import ItemDraft, KbValidationError, validate
from softphone.crm.kb.fuzzy import TermIndex
from softphone.crm.kb.hits import ITEMS
from softphone.crm.kb.index import CANDIDATES, Alternative, Filters, index_for
from softphone.crm.kb.models import ItemKind, KbCategory, KbItem
from softphone.crm.kb.search import (
    Matcher,
    ParsedQuery,
    PromoState,
    SearchHit,
    parse_query,
    promo_state,
    rank_key,
)
from softphone.crm.kb.views import Category, ImportSummary, ItemDetails
from softphone.crm.kb.vocabulary import vocabulary_of
from softphone.crm.models.base import utcnow

DEFAULT_LIMIT = 20  # about two screens of the side panel
IMPORT_BATCH = 500


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
        self._vocabulary = vocabulary_of(db)

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
            ids = self._index.match(session, parsed.groups, filters, CANDIDATES)
            fuzzy = False
            if not ids:
                # Only now the typo vocabulary: exact matches never pay for it.
                corrected = self._corrected(parsed, self._vocabulary.current(session))
                if corrected is not None:
                    parsed, fuzzy = corrected, True
                    ids = self._index.match(session, parsed.groups, filters, CANDIDATES)
            if not ids and len(parsed.groups) > 1:
                # A question in plain words ("вернуть роутер") may share only some words
                # with the answer: then any word will do, the best-matching items first.
                ids = self._index.match(session, parsed.groups, filters, CANDIDATES, any_group=True)
            if not ids:
                return []
            found = hits.candidates(session, hits.BY_IDS, self._today(), {"ids": ids})
        position = {item_id: i for i, item_id in enumerate(ids)}
        matcher = Matcher(parsed.groups)
        found.sort(
            key=lambda c: rank_key(c.state, hits.title_missing(c, matcher), position[c.row.id])
        )
        return [hits.to_hit(c, matcher, fuzzy) for c in found[:limit]]

    def _most_used(self, session: Session, filters: Filters, limit: int) -> list[SearchHit]:
        query = hits.HIT_ROWS.where(ITEMS.c.retired_at.is_(None))
        if filters.kind:
            query = query.where(ITEMS.c.kind == filters.kind)
        if filters.category_id is not None:
            query = query.where(ITEMS.c.category_id == filters.category_id)
        # (uses, id) both descending: the uses index serves it without sorting every item.
        query = query.order_by(ITEMS.c.uses.desc(), ITEMS.c.id.desc()).limit(limit)
        found = hits.candidates(session, query, self._today())
        found.sort(key=lambda c: c.state is PromoState.EXPIRED)  # stable
        matcher = Matcher(())
        return [hits.to_hit(c, matcher, False) for c in found]

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

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A write transaction that may add title words: the typo vocabulary is counted
        again after it (committed or not)."""
        try:
            with self._db.session(write=True) as session:
                yield session
        finally:
            self._vocabulary.changed()

    def create(self, draft: ItemDraft) -> int:
        who = require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
        clean = validate(draft)
        with self._writing() as session:
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
        with self._writing() as session:
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
        with self._writing() as session:
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
        with self._writing() as session:
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
        with self._writing() as session:
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
