"""Agent status (issue 17): the team's policy, every status change, and per-operator auto-answer
and transfer target.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agent_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refusal", sa.String(length=16), server_default="busy", nullable=False),
        sa.Column("wrap_up_s", sa.Integer(), server_default="30", nullable=False),
        sa.Column("auto_answer_delay_ms", sa.Integer(), server_default="2000", nullable=False),
        sa.Column("break_reasons", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_policy")),
    )
    op.create_table(
        "agent_status_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=128), nullable=False),
        sa.Column("started_at", UTC_TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"],
            name=op.f("fk_agent_status_log_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_status_log")),
    )
    with op.batch_alter_table("agent_status_log") as batch:
        batch.create_index("ix_agent_status_log_operator_at", ["operator_id", "started_at"])
        batch.create_index(batch.f("ix_agent_status_log_started_at"), ["started_at"])
    with op.batch_alter_table("operators") as batch:
        batch.add_column(
            sa.Column("auto_answer", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("transfer_target", sa.String(255), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("operators") as batch:
        batch.drop_column("transfer_target")
        batch.drop_column("auto_answer")
    with op.batch_alter_table("agent_status_log") as batch:
        batch.drop_index(batch.f("ix_agent_status_log_started_at"))
        batch.drop_index("ix_agent_status_log_operator_at")
    op.drop_table("agent_status_log")
    op.drop_table("agent_policy")
