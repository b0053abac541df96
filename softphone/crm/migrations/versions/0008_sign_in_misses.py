"""Sign-in misses under unknown logins, so they are slowed down like wrong passwords.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sign_in_misses",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_failure_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_sign_in_misses")),
    )
    with op.batch_alter_table("sign_in_misses") as batch:
        batch.create_index(batch.f("ix_sign_in_misses_last_failure_at"), ["last_failure_at"])


def downgrade() -> None:
    with op.batch_alter_table("sign_in_misses") as batch:
        batch.drop_index(batch.f("ix_sign_in_misses_last_failure_at"))
    op.drop_table("sign_in_misses")
