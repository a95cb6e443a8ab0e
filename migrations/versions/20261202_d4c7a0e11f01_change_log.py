"""change log for open-data consumers (upserts and tombstones)

Revision ID: d4c7a0e11f01
Revises: d4e5f6a7b8c9
Create Date: 2026-12-02 15:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d4c7a0e11f01"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None

# Every record public at upgrade time starts the log as an upsert at its updated_at, so a
# consumer that mirrors "from zero" gets the records that existed before the log did.
BACKFILL = """
INSERT INTO changes (kind, record_id, ref, action, at)
SELECT kind, record_id, ref, 'upsert', at FROM (
    SELECT 'organization' AS kind, o.id AS record_id, o.ref AS ref, o.updated_at AS at
    FROM organizations o WHERE o.hidden = :no
    UNION ALL
    SELECT 'offering', f.id, f.ref, f.updated_at
    FROM offerings f JOIN organizations o ON o.id = f.organization_id
    WHERE f.published = :yes AND f.hidden = :no AND o.hidden = :no
    UNION ALL
    SELECT 'need', n.id, n.ref, n.updated_at
    FROM needs n JOIN organizations o ON o.id = n.organization_id
    WHERE n.status <> 'draft' AND n.hidden = :no AND o.hidden = :no
) AS public_records
ORDER BY at, kind, record_id
"""


def upgrade():
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("action IN ('upsert', 'delete')", name=op.f("ck_changes_action_codes")),
        sa.CheckConstraint(
            "kind IN ('organization', 'offering', 'need')", name=op.f("ck_changes_kind_codes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_kind_record_id", ["kind", "record_id"])
        batch_op.create_index(batch_op.f("ix_changes_at"), ["at"])
    op.get_bind().execute(sa.text(BACKFILL), {"yes": True, "no": False})


def downgrade():
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_changes_at"))
        batch_op.drop_index("ix_changes_kind_record_id")
    op.drop_table("changes")
