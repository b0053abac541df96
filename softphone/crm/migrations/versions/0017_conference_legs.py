"""Three-way calls: each call row says whether it was a leg of a conference.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NOT NULL with a server default: existing rows become "not a conference" on both
    # SQLite (ALTER TABLE ADD COLUMN with a constant default) and PostgreSQL.
    op.add_column(
        "interactions",
        sa.Column("conference", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("conference")
