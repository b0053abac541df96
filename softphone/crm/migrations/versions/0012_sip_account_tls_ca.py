"""A SIP account may carry the CA certificates its TLS server's certificate must chain to.

Stored as PEM text (CA certificates are public), so every desk sharing the database verifies
the same way without copying a file to each machine; "" = the system's CA bundle.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sip_accounts") as batch:
        batch.add_column(sa.Column("tls_ca_pem", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sip_accounts") as batch:
        batch.drop_column("tls_ca_pem")
