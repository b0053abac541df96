"""Knowledge base: categories, items, tariff plans, promotion links, title vocabulary, and
the full-text index (FTS5 on SQLite, a russian tsvector with a GIN index on PostgreSQL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)
PRICE = sa.Numeric(12, 2)


def upgrade() -> None:
    op.create_table(
        "kb_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_kb_categories_name")),
    )
    op.create_table(
        "kb_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("retired_at", UTC_TIMESTAMP, nullable=True),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("price", PRICE, nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("availability", sa.String(length=16), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("discount_kind", sa.String(length=16), nullable=True),
        sa.Column("discount_value", PRICE, nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["kb_categories.id"],
            name=op.f("fk_kb_items_category_id_kb_categories"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_items")),
        sa.UniqueConstraint("code", name=op.f("uq_kb_items_code")),
    )
    op.create_index("ix_kb_items_kind", "kb_items", ["kind"])
    op.create_index("ix_kb_items_uses", "kb_items", ["uses", "id"])
    op.create_index("ix_kb_items_category_id", "kb_items", ["category_id"])
    op.create_table(
        "kb_promotion_items",
        sa.Column("promotion_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["kb_items.id"],
            name=op.f("fk_kb_promotion_items_item_id_kb_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["promotion_id"],
            ["kb_items.id"],
            name=op.f("fk_kb_promotion_items_promotion_id_kb_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("promotion_id", "item_id", name=op.f("pk_kb_promotion_items")),
    )
    op.create_table(
        "kb_tariff_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("price", PRICE, nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("includes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["kb_items.id"],
            name=op.f("fk_kb_tariff_plans_tariff_id_kb_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_tariff_plans")),
    )
    op.create_index(op.f("ix_kb_tariff_plans_tariff_id"), "kb_tariff_plans", ["tariff_id"])
    op.create_table(
        "kb_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_kb_terms")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Lemmas only (softphone.crm.kb.text), fed by the service: no triggers on raw text.
        # prefix='2 3' keeps search-as-you-type on short prefixes fast.
        op.execute(
            "CREATE VIRTUAL TABLE kb_fts USING fts5("
            "title, body, tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
        )
    else:
        # title_doc alone answers "which titles match" from its own small index; document
        # (title weight A, body weight B) answers everything else.
        op.execute(
            "CREATE TABLE kb_fts ("
            " item_id integer PRIMARY KEY REFERENCES kb_items(id) ON DELETE CASCADE,"
            " title_doc tsvector NOT NULL,"
            " document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX kb_fts_title ON kb_fts USING gin (title_doc)")
        op.execute("CREATE INDEX kb_fts_document ON kb_fts USING gin (document)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS kb_fts")
    op.drop_table("kb_terms")
    op.drop_index(op.f("ix_kb_tariff_plans_tariff_id"), table_name="kb_tariff_plans")
    op.drop_table("kb_tariff_plans")
    op.drop_table("kb_promotion_items")
    op.drop_index("ix_kb_items_category_id", table_name="kb_items")
    op.drop_index("ix_kb_items_uses", table_name="kb_items")
    op.drop_index("ix_kb_items_kind", table_name="kb_items")
    op.drop_table("kb_items")
    op.drop_table("kb_categories")
