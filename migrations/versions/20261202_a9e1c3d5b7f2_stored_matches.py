"""stored matches and page visits

Revision ID: a9e1c3d5b7f2
Revises: 4b1c7e2a9d10
Create Date: 2026-12-02 09:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a9e1c3d5b7f2"
down_revision = '4b1c7e2a9d10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["needs.id"],
            name=op.f("fk_stored_matches_need_id_needs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_stored_matches_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_matches")),
        sa.UniqueConstraint("need_id", "offering_id", name=op.f("uq_stored_matches_need_id")),
    )
    with op.batch_alter_table("stored_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_matches_found_at"), ["found_at"])
        batch_op.create_index(batch_op.f("ix_stored_matches_need_id"), ["need_id"])
        batch_op.create_index(batch_op.f("ix_stored_matches_offering_id"), ["offering_id"])
    op.create_table(
        "page_visits",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=20), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_page_visits_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "page", name=op.f("pk_page_visits")),
    )


def downgrade():
    op.drop_table("page_visits")
    with op.batch_alter_table("stored_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_matches_offering_id"))
        batch_op.drop_index(batch_op.f("ix_stored_matches_need_id"))
        batch_op.drop_index(batch_op.f("ix_stored_matches_found_at"))
    op.drop_table("stored_matches")
