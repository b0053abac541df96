"""The trigram index behind customer name search, on each database.

A name fragment may sit anywhere in the folded name (customers.search_name), so LIKE '%x%'
could only scan. Trigrams index every three-character piece instead:
- PostgreSQL: a GIN index with pg_trgm's operator class on search_name; the service keeps
  writing plain LIKE, which the planner answers from the index.
- SQLite: an FTS5 table with the `trigram` tokenizer over the same column, external content
  (no second copy of the names), kept in step by triggers so that bulk loads, demo data and
  raw SQL need not know about it; a quoted word there matches it as a substring.
Both are made by migration 0011. Fragments shorter than MIN_INDEXED have no trigram.
"""

from __future__ import annotations

from collections.abc import Sequence

FTS_TABLE = "customer_names"
TRGM_INDEX = "ix_customers_search_name_trgm"
MIN_INDEXED = 3  # characters: the shortest fragment a trigram index can find


def is_name_index(name: str | None, type_: str) -> bool:
    """True for what the migration makes and no model describes (schema comparisons skip it)."""
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")
    return type_ == "index" and name == TRGM_INDEX


def fts_match(words: Sequence[str]) -> str:
    """An FTS5 query in which every word must occur as a substring, taken literally.

    Each word is an FTS5 string ("..." with quotes doubled), so operators, quotes and
    wildcards typed by the operator are plain characters."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


# Triggers live on `customers`: a later migration that rebuilds that table in batch mode
# (SQLite's copy-and-swap) drops them and must run SQLITE_TRIGGERS again.
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON customers BEGIN
        INSERT INTO {FTS_TABLE} (rowid, search_name) VALUES (new.id, new.search_name);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON customers BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF id, search_name ON customers BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
        INSERT INTO {FTS_TABLE} (rowid, search_name) VALUES (new.id, new.search_name);
    END""",
)
SQLITE_TRIGGER_NAMES = tuple(f"{FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au"))
