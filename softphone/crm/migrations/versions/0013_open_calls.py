"""Calls are logged when they start: an open row at ring/dial, completed when the call ends.

`status` is open / done / interrupted (rows from before are done); `open_by` names the desk
process holding an open call, so a desk restarted after a crash marks its own dead calls
interrupted and leaves other desks' live calls alone.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="done")
        )
        batch.add_column(sa.Column("open_by", sa.String(128), nullable=True))
        batch.create_index("ix_interactions_status", ["status"])


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_index("ix_interactions_status")
        batch.drop_column("open_by")
        batch.drop_column("status")
