"""The trigram indexes behind customer search by name and by number, on each database.

A piece of a name or number may sit anywhere in it, so LIKE '%x%' could only scan. Trigrams
index every three-character piece instead:
- PostgreSQL: GIN indexes with pg_trgm's operator class on customers.search_name (the folded
  name) and phone_numbers.e164; the service keeps writing plain LIKE, which the planner
  answers from them.
- SQLite: FTS5 tables with the `trigram` tokenizer over the same columns, external content
  (no second copy of the text), kept in step by triggers so that bulk loads, demo data and
  raw SQL need not know about them; a quoted string there matches as a substring.
Migration 0011 makes them. Pieces shorter than MIN_INDEXED have no trigram and are scanned.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_INDEXED = 3  # characters: the shortest piece a trigram index can find
# (FTS5 table on SQLite, its source table and column, GIN index on PostgreSQL)
NAMES = ("customer_names", "customers", "search_name", "ix_customers_search_name_trgm")
NUMBERS = ("customer_numbers", "phone_numbers", "e164", "ix_phone_numbers_e164_trgm")
INDEXES = (NAMES, NUMBERS)


def is_search_index(name: str | None, type_: str) -> bool:
    """True for what the migration makes and no model describes (schema comparisons skip it)."""
    if not name:
        return False
    for fts, _table, _column, gin in INDEXES:
        if type_ == "table" and (name == fts or name.startswith(fts + "_")):
            return True
        if type_ == "index" and name == gin:
            return True
    return False


def fts_match(pieces: Sequence[str], operator: str = "AND") -> str:
    """An FTS5 query for substrings taken literally, joined by AND (all) or OR (any).

    Each piece is an FTS5 string ("..." with quotes doubled), so operators, quotes and
    wildcards typed by the operator are plain characters."""
    return f" {operator} ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


def sqlite_triggers(fts: str, table: str, column: str) -> tuple[str, ...]:
    """The statements that keep an FTS5 table in step with its source table.

    A later migration that rebuilds `table` in batch mode (SQLite's copy-and-swap) drops
    these triggers and must create them again."""
    return (
        f"""CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts} (rowid, {column}) VALUES (new.id, new.{column});
        END""",
        f"""CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
        END""",
        f"""CREATE TRIGGER {fts}_au AFTER UPDATE OF id, {column} ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
            INSERT INTO {fts} (rowid, {column}) VALUES (new.id, new.{column});
        END""",
    )


def sqlite_trigger_names(fts: str) -> tuple[str, ...]:
    return tuple(f"{fts}_{suffix}" for suffix in ("ai", "ad", "au"))
