"""Website requests: the sites allowed to submit them and the requests the queue works.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hmac_secret", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sites")),
        sa.UniqueConstraint("name", name=op.f("uq_web_sites_name")),
    )
    op.create_table(
        "web_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("phone_raw", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("preferred_time", sa.String(length=128), nullable=False),
        sa.Column("page_url", sa.String(length=2048), nullable=False),
        sa.Column("utm_source", sa.String(length=255), nullable=False),
        sa.Column("utm_medium", sa.String(length=255), nullable=False),
        sa.Column("utm_campaign", sa.String(length=255), nullable=False),
        sa.Column("utm_term", sa.String(length=255), nullable=False),
        sa.Column("utm_content", sa.String(length=255), nullable=False),
        sa.Column("client_ip", sa.String(length=45), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("taken_by", sa.Integer(), nullable=True),
        sa.Column("taken_at", UTC_TIMESTAMP, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("retry_at", UTC_TIMESTAMP, nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("closed_at", UTC_TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_web_requests_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["web_sites.id"],
            name=op.f("fk_web_requests_site_id_web_sites"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["taken_by"],
            ["operators.id"],
            name=op.f("fk_web_requests_taken_by_operators"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_requests")),
        sa.UniqueConstraint("site_id", "idempotency_key", name="uq_web_requests_site_key"),
    )
    op.create_index(op.f("ix_web_requests_customer_id"), "web_requests", ["customer_id"])
    op.create_index(op.f("ix_web_requests_phone"), "web_requests", ["phone"])
    op.create_index("ix_web_requests_status_created", "web_requests", ["status", "created_at"])
    op.create_index(op.f("ix_web_requests_taken_by"), "web_requests", ["taken_by"])


def downgrade() -> None:
    op.drop_index(op.f("ix_web_requests_taken_by"), table_name="web_requests")
    op.drop_index("ix_web_requests_status_created", table_name="web_requests")
    op.drop_index(op.f("ix_web_requests_phone"), table_name="web_requests")
    op.drop_index(op.f("ix_web_requests_customer_id"), table_name="web_requests")
    op.drop_table("web_requests")
    op.drop_table("web_sites")
