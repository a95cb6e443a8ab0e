"""code sets: CHECK constraints for deal stages, abuse reports, events, jobs, curation, matches,
the record kinds alerts store and the industrial zone kind

Revision ID: 50ebbd511d19
Revises: e5f6a7b8c9d0
Create Date: 2026-12-03 09:00:00

The codes are written out here (not imported from the models) so that this migration keeps
meaning what it meant when later code sets change; a later change adds its own migration.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '50ebbd511d19'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None

DEAL_STAGES = ('contacted', 'quoted', 'contracted', 'delivered', 'declined')
RECORD_KINDS = ('organization', 'offering', 'need')

# table -> [(constraint name without the ck_<table>_ prefix, column, codes)]
CHECKS = {
    'conversations': [('stage_codes', 'stage', DEAL_STAGES)],
    'conversation_stage_changes': [('stage_codes', 'stage', DEAL_STAGES)],
    'conversation_follow_ups': [('stage_codes', 'stage', DEAL_STAGES)],
    'abuse_reports': [('kind_codes', 'kind', ('organization', 'offering', 'need', 'message'))],
    'event_participants': [
        ('status_codes', 'status', ('pending', 'accepted', 'declined', 'cancelled')),
    ],
    'event_meetings': [('status_codes', 'status', (
        'requested', 'accepted', 'declined', 'expired', 'cancelled',
    ))],
    'jobs': [('status_codes', 'status', ('queued', 'running', 'done', 'failed'))],
    'curation_events': [('action_codes', 'action', (
        'verification_requested', 'verified', 'rejected', 'verification_reset',
        'hidden', 'review_requested', 'unhidden',
    ))],
    'stored_matches': [('strength_codes', 'strength', ('strong', 'good', 'possible'))],
    'alert_events': [('new_record_codes', 'new_record', ('need', 'offering'))],
    'saved_searches': [('kind_codes', 'kind', ('',) + RECORD_KINDS)],  # '': every kind
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
