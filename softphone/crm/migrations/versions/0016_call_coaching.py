"""Speech coaching: the admin's bands and limits, and the figures saved with each call.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "coaching_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiet_dbfs", sa.Double(), nullable=False),
        sa.Column("loud_dbfs", sa.Double(), nullable=False),
        sa.Column("pace_tolerance", sa.Double(), nullable=False),
        sa.Column("pause_limit_s", sa.Double(), nullable=False),
        sa.Column("overtalk_s", sa.Double(), nullable=False),
        sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_policy")),
    )
    op.create_table(
        "call_coaching",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("operator_rate", sa.Double(), nullable=True),
        sa.Column("caller_rate", sa.Double(), nullable=True),
        sa.Column("pace_match", sa.Double(), nullable=True),
        sa.Column("operator_dbfs", sa.Double(), nullable=True),
        sa.Column("caller_dbfs", sa.Double(), nullable=True),
        sa.Column("in_band", sa.Double(), nullable=True),
        sa.Column("longest_pause_s", sa.Double(), nullable=False),
        sa.Column("overtalk_count", sa.Integer(), nullable=False),
        sa.Column("overtalk_s", sa.Double(), nullable=False),
        sa.Column("talk_s", sa.Double(), nullable=False),
        sa.Column("listen_s", sa.Double(), nullable=False),
        sa.Column("saved_at", UTC_TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"],
            name=op.f("fk_call_coaching_interaction_id_interactions"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"],
            name=op.f("fk_call_coaching_operator_id_operators"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_coaching")),
        sa.UniqueConstraint("interaction_id", name=op.f("uq_call_coaching_interaction_id")),
    )
    with op.batch_alter_table("call_coaching") as batch:
        batch.create_index(batch.f("ix_call_coaching_operator_id"), ["operator_id"])
        batch.create_index(batch.f("ix_call_coaching_saved_at"), ["saved_at"])


def downgrade() -> None:
    with op.batch_alter_table("call_coaching") as batch:
        batch.drop_index(batch.f("ix_call_coaching_saved_at"))
        batch.drop_index(batch.f("ix_call_coaching_operator_id"))
    op.drop_table("call_coaching")
    op.drop_table("coaching_policy")
