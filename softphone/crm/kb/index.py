"""The full-text index on each database, behind one small interface.

SQLite: an FTS5 table (kb_fts) whose rowid is the item id and whose columns hold the lemmas
of the title and of the body, ranked by bm25 with the title weighted ten times the body.
PostgreSQL: kb_fts(item_id, document) with document = the same lemmas through the built-in
`russian` configuration, title weight A and body weight B, a GIN index, ranked by ts_rank.

Queries arrive as groups of alternatives made only of letters and digits (text.tokens), so no
user text is ever FTS syntax; each group must match (AND), any alternative of a group may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

CANDIDATES = 200  # ranked rows fetched for the final ordering in Python


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
    ) -> list[int]:
        params: dict[str, object] = {"q": self.expression(groups, any_group), "limit": limit}
        sql = (
            "SELECT f.rowid FROM kb_fts f JOIN kb_items i ON i.id = f.rowid"
            " WHERE kb_fts MATCH :q" + _filter_sql(filters, params) + " ORDER BY"
            " bm25(kb_fts, 10.0, 1.0) LIMIT :limit"
        )
        return list(session.execute(text(sql), params).scalars())


class PostgresIndex:
    """tsvector of the lemmas through the `russian` configuration (stems them once more)."""

    _DOCUMENT = (
        "setweight(to_tsvector('russian', :title), 'A') ||"
        " setweight(to_tsvector('russian', :body), 'B')"
    )

    def upsert_many(self, session: Session, entries: list[tuple[int, str, str]]) -> None:
        if not entries:
            return
        session.execute(
            text(
                f"INSERT INTO kb_fts (item_id, document) VALUES (:id, {self._DOCUMENT})"
                " ON CONFLICT (item_id) DO UPDATE SET document = EXCLUDED.document"
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
    ) -> list[int]:
        params: dict[str, object] = {"q": self.expression(groups, any_group), "limit": limit}
        sql = (
            "SELECT f.item_id FROM kb_fts f JOIN kb_items i ON i.id = f.item_id,"
            " to_tsquery('russian', :q) q"
            " WHERE f.document @@ q" + _filter_sql(filters, params) + " ORDER BY"
            " ts_rank(f.document, q) DESC, f.item_id LIMIT :limit"
        )
        return list(session.execute(text(sql), params).scalars())


def index_for(dialect: str) -> SearchIndex:
    return SqliteIndex() if dialect == "sqlite" else PostgresIndex()
