"""users: session_version (ends sessions) and confirmed (sign-up by mailed link)

Revision ID: 5e7c1a9d3b20
Revises: fc03edbc9d95
Create Date: 2026-12-02 09:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5e7c1a9d3b20"
down_revision = "fc03edbc9d95"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirmed", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
        batch_op.drop_column("confirmed")
