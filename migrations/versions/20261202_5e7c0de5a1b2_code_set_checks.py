"""code sets: CHECK constraints keep every coded column to its codes

Revision ID: 5e7c0de5a1b2
Revises: c0a7c1e5d001
Create Date: 2026-12-02 10:10:00

The codes are written out here (not imported from the models) so that this migration keeps
meaning what it meant when later code sets change; a later change adds its own migration.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e7c0de5a1b2'
down_revision = 'c0a7c1e5d001'
branch_labels = None
depends_on = None

PARTICIPATION_STATUSES = ('applied', 'admitted', 'active', 'graduated', 'withdrawn')

# table -> [(constraint name without the ck_<table>_ prefix, column, codes)]
CHECKS = {
    'users': [('role_codes', 'role', ('member', 'officer', 'admin'))],
    'organizations': [
        ('kind_codes', 'kind', (
            'company', 'consultancy', 'institute', 'cooperative', 'household',
            'industrial_park', 'industrial_cluster', 'commune_committee', 'public_agency',
            'other',
        )),
        ('size_codes', 'size', ('micro', 'small', 'medium', 'large')),
        ('verification_codes', 'verification', ('unverified', 'pending', 'verified', 'rejected')),
    ],
    'memberships': [('role_codes', 'role', ('owner', 'member'))],
    'offerings': [('type_codes', 'type', ('technology', 'equipment', 'product', 'service'))],
    'needs': [
        ('procurement_codes', 'procurement', ('order', 'designated', 'quotation', 'information')),
        ('status_codes', 'status', ('draft', 'open', 'closed')),
        ('close_reason_codes', 'close_reason', ('fulfilled', 'cancelled')),
    ],
    'incubator_participations': [('status_codes', 'status', PARTICIPATION_STATUSES)],
    'incubator_status_changes': [
        ('from_status_codes', 'from_status', PARTICIPATION_STATUSES),
        ('to_status_codes', 'to_status', PARTICIPATION_STATUSES),
    ],
    'incubator_support_records': [('type_codes', 'type', (
        'consulting', 'training', 'trade_promotion', 'finance', 'premises', 'other',
    ))],
}


def _in(column, codes):
    return f"{column} IN ({', '.join(repr(code) for code in codes)})"


def upgrade():
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column, codes in checks:
                batch_op.create_check_constraint(op.f(f'ck_{table}_{name}'), _in(column, codes))


def downgrade():
    for table, checks in reversed(list(CHECKS.items())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _column, _codes in reversed(checks):
                batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')
