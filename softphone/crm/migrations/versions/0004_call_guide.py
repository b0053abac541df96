"""Conversation guide (script steps, playbooks, phrases to avoid, dispositions) seeded from the
operators' FAQ, and the callback time of a call's wrap-up.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from softphone.crm.guide import seed as guide_seed

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    steps = op.create_table(
        "script_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_script_steps")),
    )
    playbooks = op.create_table(
        "playbooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playbooks")),
    )
    phrases = op.create_table(
        "avoid_phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=255), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_avoid_phrases")),
        sa.UniqueConstraint("phrase", name=op.f("uq_avoid_phrases_phrase")),
    )
    dispositions = op.create_table(
        "dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
        sa.UniqueConstraint("label", name=op.f("uq_dispositions_label")),
    )
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("callback_at", UTC_TIMESTAMP, nullable=True))

    op.bulk_insert(
        steps,
        [
            {"position": i, "direction": d, "title": t, "text": x}
            for i, (d, t, x) in enumerate(guide_seed.SCRIPT_STEPS)
        ],
    )
    op.bulk_insert(
        playbooks,
        [{"position": i, "title": t, "body": b} for i, (t, b) in enumerate(guide_seed.PLAYBOOKS)],
    )
    op.bulk_insert(
        phrases,
        [
            {"position": i, "phrase": p, "suggestion": s}
            for i, (p, s) in enumerate(guide_seed.AVOID_PHRASES)
        ],
    )
    op.bulk_insert(
        dispositions,
        [{"position": i, "label": label} for i, label in enumerate(guide_seed.DISPOSITIONS)],
    )


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("callback_at")
    op.drop_table("dispositions")
    op.drop_table("avoid_phrases")
    op.drop_table("playbooks")
    op.drop_table("script_steps")
