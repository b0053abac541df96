"""The full-text index on each database, behind one small interface.

SQLite: an FTS5 table (kb_fts) whose rowid is the item id and whose columns hold the lemmas
of the title and of the body, ranked by bm25 with the title weighted ten times the body, and
kb_fts_title with the titles alone. PostgreSQL: kb_fts(item_id, title_doc, document) with
document = the same lemmas through the built-in `russian` configuration, title weight A and
body weight B, both stored and GIN-indexed, ranked by ts_rank.

Queries arrive as groups of alternatives made only of letters and digits (text.tokens), so no
user text is ever FTS syntax; each group must match (AND), any alternative of a group may.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

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


class Entry(NamedTuple):
    """What the index keeps of one item: lemmas, and what the filters look at."""

    item_id: int
    kind: str
    category_id: int | None
    title: str  # lemmas (text.lemma_text)
    body: str


def _filter_sql(filters: Filters, params: dict[str, object], table: str) -> str:
    clauses = []
    if filters.kind:
        clauses.append(f"{table}.kind = :kind")
        params["kind"] = filters.kind
    if filters.category_id is not None:
        clauses.append(f"{table}.category_id = :category_id")
        params["category_id"] = filters.category_id
    return "".join(f" AND {c}" for c in clauses)


class SearchIndex(Protocol):
    def upsert_many(self, session: Session, entries: list[Entry]) -> None: ...
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
    """FTS5 with lemmatised columns; `prefix='2 3'` in the migrations keeps prefixes fast.

    kb_fts holds title and body (bm25 weighs the title ten times the body); kb_fts_title holds
    the titles again on their own. FTS5 keeps one posting list per term for all columns, so a
    title-only match on kb_fts reads every body that mentions the words: for two common words
    that cost more than the rest of the search. kb_fts_title's lists are the titles' only.
    """

    _TABLES = ("kb_fts", "kb_fts_title")

    def upsert_many(self, session: Session, entries: list[Entry]) -> None:
        if not entries:
            return
        rows = [{"id": e.item_id, "title": e.title, "body": e.body} for e in entries]
        for table in self._TABLES:
            session.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), rows)
        session.execute(
            text("INSERT INTO kb_fts (rowid, title, body) VALUES (:id, :title, :body)"), rows
        )
        session.execute(text("INSERT INTO kb_fts_title (rowid, title) VALUES (:id, :title)"), rows)

    def remove(self, session: Session, item_id: int) -> None:
        for table in self._TABLES:
            session.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), {"id": item_id})

    def clear(self, session: Session) -> None:
        for table in self._TABLES:
            session.execute(text(f"DELETE FROM {table}"))

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
        """Title matches first, then (if they do not fill `limit`) matches anywhere."""
        expression = self.expression(groups, any_group)
        found = self._ranked(session, "kb_fts_title", "", expression, filters, limit)
        if len(found) < limit:
            found += self._ranked(
                session, "kb_fts", ", 10.0, 1.0", expression, filters, limit, found
            )
        return found[:limit]

    @staticmethod
    def _ranked(
        session: Session,
        table: str,
        weights: str,
        query: str,
        filters: Filters,
        limit: int,
        exclude: Sequence[int] = (),
    ) -> list[int]:
        params: dict[str, object] = {"q": query, "window": RANK_WINDOW, "limit": limit * 2}
        join = (
            " JOIN kb_items i ON i.id = f.rowid"
            if filters.kind or filters.category_id is not None
            else ""
        )
        sql = (
            f"SELECT rowid FROM (SELECT f.rowid AS rowid, bm25({table}{weights}) AS r"
            f" FROM {table} f{join} WHERE {table} MATCH :q"
            + _filter_sql(filters, params, "i")
            + " ORDER BY f.rowid DESC LIMIT :window) ORDER BY r LIMIT :limit"
        )
        skip = set(exclude)
        return [i for i in session.execute(text(sql), params).scalars() if i not in skip]


class PostgresIndex:
    """tsvectors of the lemmas through the `russian` configuration (stems them once more).

    Both passes (titles, then everything) are one statement: each round trip to the server
    costs about as much as an index lookup here, more when the machine is busy. The second
    pass runs only when the first did not fill the page (a one-time filter on its count).
    kb_fts carries each item's kind and category (migration 0010), so a filtered search needs
    no join: joined, the planner walked both primary keys in step for "пылесос" among
    products (10 ms) instead of reading the few matching titles.
    """

    _TITLE = "to_tsvector('russian', :title)"
    _DOCUMENT = (
        "setweight(to_tsvector('russian', :title), 'A') ||"
        " setweight(to_tsvector('russian', :body), 'B')"
    )

    def upsert_many(self, session: Session, entries: list[Entry]) -> None:
        if not entries:
            return
        session.execute(
            text(
                "INSERT INTO kb_fts (item_id, kind, category_id, title_doc, document)"
                f" VALUES (:item_id, :kind, :category_id, {self._TITLE}, {self._DOCUMENT})"
                " ON CONFLICT (item_id) DO UPDATE SET kind = EXCLUDED.kind,"
                " category_id = EXCLUDED.category_id, title_doc = EXCLUDED.title_doc,"
                " document = EXCLUDED.document"
            ),
            [e._asdict() for e in entries],
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
        params: dict[str, object] = {}
        where = _filter_sql(filters, params, "f")
        # The words are in the statement, not bind parameters: how common they are decides
        # between the GIN index (rare words) and reading rows until the window is full
        # (common ones), and a prepared statement's generic plan cannot know them (it took
        # the index for "доставкой курьером": 30 ms instead of 1). The sizes too, for the same
        # reason. Terms are letters and digits only (text.tokens), so the literal needs
        # nothing beyond doubled quotes.
        tsquery = f"to_tsquery('russian', {_literal(self.expression(groups, any_group))})"
        window, rows, fill = int(RANK_WINDOW), int(limit) * 2, int(limit)

        def ranked(column: str, condition: str = "") -> str:
            # The window is the first matches the index yields, ranked afterwards (see
            # RANK_WINDOW).
            return (
                f"SELECT w.item_id, row_number() OVER (ORDER BY ts_rank(w.doc, {tsquery}) DESC,"
                f" w.item_id DESC) AS n FROM (SELECT f.item_id, f.{column} AS doc"
                f" FROM kb_fts f WHERE {condition}f.{column} @@ {tsquery}{where}"
                f" LIMIT {window}) w ORDER BY n LIMIT {rows}"
            )

        anywhere = ranked("document", f"(SELECT count(*) FROM t) < {fill} AND ")
        sql = (
            f"WITH t AS ({ranked('title_doc')})"
            " SELECT item_id FROM (SELECT item_id, 0 AS pass, n FROM t UNION ALL"
            f" SELECT item_id, 1, n FROM ({anywhere}) b) r ORDER BY pass, n"
        )
        found: list[int] = []
        seen: set[int] = set()
        for item_id in session.execute(text(sql), params).scalars():
            if item_id not in seen:
                seen.add(item_id)
                found.append(item_id)
        return found[:limit]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def index_for(dialect: str) -> SearchIndex:
    return SqliteIndex() if dialect == "sqlite" else PostgresIndex()
