"""Knowledge base on PostgreSQL: kb_fts keeps each item's kind and category for the filters.

A filtered search joined kb_items, and the planner then walked both primary keys in step until
it had its window of matches (10 ms for "пылесос" among products) instead of reading the few
matching titles from the GIN index. The index is rewritten whenever an item is saved (kind and
category included); a deleted category clears itself here as in kb_items. SQLite joins its
FTS5 rows to kb_items by rowid, which stays cheap: nothing to do there.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_GIN = (("kb_fts_title", "title_doc"), ("kb_fts_document", "document"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    # Filling the columns rewrites every row: without the GIN indexes, then building them in
    # one go, is far quicker than updating them entry by entry.
    for index, _column in _GIN:
        op.execute(f"DROP INDEX {index}")
    op.execute(
        "ALTER TABLE kb_fts ADD COLUMN kind varchar(16),"
        " ADD COLUMN category_id integer REFERENCES kb_categories(id) ON DELETE SET NULL"
    )
    op.execute(
        "UPDATE kb_fts f SET kind = i.kind, category_id = i.category_id"
        " FROM kb_items i WHERE i.id = f.item_id"
    )
    op.execute("ALTER TABLE kb_fts ALTER COLUMN kind SET NOT NULL")
    op.execute("CREATE INDEX kb_fts_category ON kb_fts (category_id)")
    for index, column in _GIN:
        op.execute(
            f"CREATE INDEX {index} ON kb_fts USING gin ({column})"
            " WITH (gin_pending_list_limit = 64)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX kb_fts_category")
    op.execute("ALTER TABLE kb_fts DROP COLUMN category_id, DROP COLUMN kind")
