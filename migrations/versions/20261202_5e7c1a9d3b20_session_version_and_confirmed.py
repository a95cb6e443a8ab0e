"""users: session_version (ends sessions) and confirmed (sign-up by mailed link); mail_sent

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
    op.create_table(
        "mail_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sender", sa.String(length=80), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_sent")),
    )
    with op.batch_alter_table("mail_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_sent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_sent_recipient"), ["recipient"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_sent_sender"), ["sender"], unique=False)
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
    op.drop_table("mail_sent")
