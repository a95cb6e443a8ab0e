"""code sets: CHECK constraints for the record kinds alerts store and the industrial zone kind

Revision ID: 6a1f0c3e2b47
Revises: 50ebbd511d19
Create Date: 2026-12-03 10:00:00

The codes are written out here (not imported from the models) so that this migration keeps
meaning what it meant when later code sets change; a later change adds its own migration.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '6a1f0c3e2b47'
down_revision = '50ebbd511d19'
branch_labels = None
depends_on = None

RECORD_KINDS = ('organization', 'offering', 'need')

# table -> [(constraint name without the ck_<table>_ prefix, column, codes)]
CHECKS = {
    'alert_events': [('new_record_codes', 'new_record', ('need', 'offering'))],
    'saved_searches': [('kind_codes', 'kind', ('',) + RECORD_KINDS)],
    'saved_search_hits': [('kind_codes', 'kind', RECORD_KINDS)],
    'industrial_zones': [('kind_codes', 'kind', ('park', 'cluster'))],
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
