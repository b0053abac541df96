"""Knowledge-base search speed: a title-only FTS5 table on SQLite, short GIN pending lists on
PostgreSQL.

SQLite: FTS5 keeps one posting list per term for all columns of a table, so matching only
kb_fts's title column still read every body that mentions the words; the title pass of a
search for two common words cost more than the rest of it. kb_fts_title holds the titles alone.

PostgreSQL: a GIN index collects new entries in a pending list that every search reads through
until (auto)vacuum merges it; after a bulk import that is up to gin_pending_list_limit (4 MB)
per index, a few milliseconds on every search. 64 kB keeps that negligible and costs imports
nothing measurable (merging small lists often is about as cheap as merging big ones rarely).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_GIN_INDEXES = ("kb_fts_title", "kb_fts_document")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE kb_fts_title USING fts5("
            "title, tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
        )
        # kb_fts already holds the titles' lemmas: nothing to lemmatise again.
        op.execute("INSERT INTO kb_fts_title (rowid, title) SELECT rowid, title FROM kb_fts")
        return
    for index in _GIN_INDEXES:
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = 64)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS kb_fts_title")
        return
    for index in _GIN_INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
