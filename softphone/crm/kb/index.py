"""The full-text index on each database, behind one small interface.

SQLite: an FTS5 table (kb_fts) whose rowid is the item id and whose columns hold the lemmas
of the title and of the body, ranked by bm25 with the title weighted ten times the body.
PostgreSQL: kb_fts(item_id, document) with document = the same lemmas through the built-in
`russian` configuration, title weight A and body weight B, a GIN index, ranked by ts_rank.

Queries arrive as groups of alternatives made only of letters and digits (text.tokens), so no
user text is ever FTS syntax; each group must match (AND), any alternative of a group may.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

CANDIDATES = 40  # best-ranked rows the final ordering in Python chooses from
# Relevance is computed for at most this many matches (SQLite: the newest; PostgreSQL: the
# first the index yields): ranking all 40,000 items that mention "доставка" costs 50 ms,
# ranking 300 of them about 1 ms. Title matches are ranked in their own pass first, so a rare
# title word is never crowded out by common body words.
RANK_WINDOW = 300


@dataclass(frozen=True, slots=True)
class Alternative:
    term: str  # a lemma, or a typed word
    prefix: bool  # match words that start with term (search as you type)


Group = tuple[Alternative, ...]


@dataclass(frozen=True, slots=True)
class Filters:
    kind: str | None = None
    category_id: int | None = None


def _filter_sql(filters: Filters, params: dict[str, object]) -> str:
    clauses = []
    if filters.kind:
        clauses.append("i.kind = :kind")
        params["kind"] = filters.kind
    if filters.category_id is not None:
        clauses.append("i.category_id = :category_id")
        params["category_id"] = filters.category_id
    return "".join(f" AND {c}" for c in clauses)


class SearchIndex(Protocol):
    def upsert_many(self, session: Session, entries: list[tuple[int, str, str]]) -> None: ...
    def remove(self, session: Session, item_id: int) -> None: ...
    def clear(self, session: Session) -> None: ...
    def match(
        self,
        session: Session,
        groups: list[Group],
        filters: Filters,
        limit: int,
        *,
        any_group: bool = False,
        titles: bool = True,
    ) -> list[int]: ...


class SqliteIndex:
    """FTS5 with lemmatised columns; `prefix='2 3'` in the migration keeps prefixes fast."""

    def upsert_many(self, session: Session, entries: list[tuple[int, str, str]]) -> None:
        if not entries:
            return
        rows = [{"id": i, "title": t, "body": b} for i, t, b in entries]
        session.execute(text("DELETE FROM kb_fts WHERE rowid = :id"), rows)
        session.execute(
            text("INSERT INTO kb_fts (rowid, title, body) VALUES (:id, :title, :body)"), rows
        )

    def remove(self, session: Session, item_id: int) -> None:
        session.execute(text("DELETE FROM kb_fts WHERE rowid = :id"), {"id": item_id})

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM kb_fts"))

    @staticmethod
    def expression(groups: list[Group], any_group: bool = False) -> str:
        def alt(a: Alternative) -> str:
            return f'"{a.term}"' + ("*" if a.prefix else "")

        joiner = " OR " if any_group else " AND "
        return joiner.join("(" + " OR ".join(alt(a) for a in g) + ")" for g in groups)

    def match(
        self,
        session: Session,
        groups: list[Group],
        filters: Filters,
        limit: int,
        *,
        any_group: bool = False,
        titles: bool = True,
    ) -> list[int]:
        """titles=False skips the title pass when the caller knows no title can match: a
        title-only query that finds nothing still walks both words' whole posting lists."""
        expression = self.expression(groups, any_group)
        found = self._ranked(session, f"title : ({expression})", filters, limit) if titles else []
        if len(found) < limit:
            found += self._ranked(session, expression, filters, limit, exclude=found)
        return found[:limit]

    @staticmethod
    def _ranked(
        session: Session, query: str, filters: Filters, limit: int, exclude: Sequence[int] = ()
    ) -> list[int]:
        params: dict[str, object] = {"q": query, "window": RANK_WINDOW, "limit": limit * 2}
        join = (
            " JOIN kb_items i ON i.id = f.rowid"
            if filters.kind or filters.category_id is not None
            else ""
        )
        sql = (
            "SELECT rowid FROM (SELECT f.rowid AS rowid, bm25(kb_fts, 10.0, 1.0) AS r"
            f" FROM kb_fts f{join} WHERE kb_fts MATCH :q"
            + _filter_sql(filters, params)
            + " ORDER BY f.rowid DESC LIMIT :window) ORDER BY r LIMIT :limit"
        )
        skip = set(exclude)
        return [i for i in session.execute(text(sql), params).scalars() if i not in skip]


class PostgresIndex:
    """tsvectors of the lemmas through the `russian` configuration (stems them once more)."""

    _TITLE = "to_tsvector('russian', :title)"
    _DOCUMENT = (
        "setweight(to_tsvector('russian', :title), 'A') ||"
        " setweight(to_tsvector('russian', :body), 'B')"
    )

    def upsert_many(self, session: Session, entries: list[tuple[int, str, str]]) -> None:
        if not entries:
            return
        session.execute(
            text(
                "INSERT INTO kb_fts (item_id, title_doc, document)"
                f" VALUES (:id, {self._TITLE}, {self._DOCUMENT})"
                " ON CONFLICT (item_id) DO UPDATE"
                " SET title_doc = EXCLUDED.title_doc, document = EXCLUDED.document"
            ),
            [{"id": i, "title": t, "body": b} for i, t, b in entries],
        )

    def remove(self, session: Session, item_id: int) -> None:
        session.execute(text("DELETE FROM kb_fts WHERE item_id = :id"), {"id": item_id})

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM kb_fts"))

    @staticmethod
    def expression(groups: list[Group], any_group: bool = False) -> str:
        def alt(a: Alternative) -> str:
            return f"'{a.term}'" + (":*" if a.prefix else "")

        joiner = " | " if any_group else " & "
        return joiner.join("(" + " | ".join(alt(a) for a in g) + ")" for g in groups)

    def match(
        self,
        session: Session,
        groups: list[Group],
        filters: Filters,
        limit: int,
        *,
        any_group: bool = False,
        titles: bool = True,
    ) -> list[int]:
        # Worker processes cost more to start than these index lookups take.
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        expression = self.expression(groups, any_group)
        found = self._ranked(session, "title_doc", expression, filters, limit) if titles else []
        if len(found) < limit:
            found += self._ranked(session, "document", expression, filters, limit, found)
        return found[:limit]

    @staticmethod
    def _ranked(
        session: Session,
        column: str,
        query: str,
        filters: Filters,
        limit: int,
        exclude: Sequence[int] = (),
    ) -> list[int]:
        params: dict[str, object] = {"q": query, "window": RANK_WINDOW, "limit": limit * 2}
        join = (
            " JOIN kb_items i ON i.id = f.item_id"
            if filters.kind or filters.category_id is not None
            else ""
        )
        sql = (
            f"SELECT w.item_id FROM (SELECT f.item_id, f.{column} AS doc FROM kb_fts f{join}"
            f" WHERE f.{column} @@ to_tsquery('russian', :q)"
            + _filter_sql(filters, params)
            + " LIMIT :window) w"
            " ORDER BY ts_rank(w.doc, to_tsquery('russian', :q)) DESC, w.item_id DESC"
            " LIMIT :limit"
        )
        skip = set(exclude)
        return [i for i in session.execute(text(sql), params).scalars() if i not in skip]


def index_for(dialect: str) -> SearchIndex:
    return SqliteIndex() if dialect == "sqlite" else PostgresIndex()
