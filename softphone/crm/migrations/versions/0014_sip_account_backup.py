"""A SIP account may name a backup registrar ("host[:port]"; "" = none).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sip_accounts") as batch:
        batch.add_column(
            sa.Column("backup_server", sa.String(255), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("sip_accounts") as batch:
        batch.drop_column("backup_server")
