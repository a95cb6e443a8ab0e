"""desk settings (officers hold new organizations' first listings for review)

Revision ID: d35c0a1b2e77
Revises: a9e1c3d5b7f2
Create Date: 2026-12-02 15:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d35c0a1b2e77"
down_revision = "a9e1c3d5b7f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "desk_settings",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_desk_settings_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_desk_settings")),
    )


def downgrade():
    op.drop_table("desk_settings")
