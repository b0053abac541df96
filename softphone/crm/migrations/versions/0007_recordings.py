"""Call recording: the company-wide policy (off by default) and the encrypted recordings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recording_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("retention_days", sa.Integer(), server_default="30", nullable=False),
        sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_policy")),
    )
    op.create_table(
        "recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTC_TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_recordings_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_recordings_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recordings")),
        sa.UniqueConstraint("file_name", name=op.f("uq_recordings_file_name")),
    )
    with op.batch_alter_table("recordings") as batch:
        batch.create_index(batch.f("ix_recordings_interaction_id"), ["interaction_id"])
        batch.create_index(batch.f("ix_recordings_recorded_at"), ["recorded_at"])


def downgrade() -> None:
    with op.batch_alter_table("recordings") as batch:
        batch.drop_index(batch.f("ix_recordings_recorded_at"))
        batch.drop_index(batch.f("ix_recordings_interaction_id"))
    op.drop_table("recordings")
    op.drop_table("recording_policy")
