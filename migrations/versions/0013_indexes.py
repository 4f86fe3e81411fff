"""Indexes that match the queries pages run.

The newest report snapshot and the share links of an attempt are read with
``WHERE attempt_id = ? ORDER BY id DESC``: an (attempt_id, id) index answers both the filter and
the order, and makes the single-column attempt_id indexes redundant. Responses are found through
the unique (attempt_id, item_id) index, so their single-column index goes too (one less index
to write on every answer save).

Revision ID: 0013_indexes
Revises: 0004_experience
Create Date: 2026-11-25 22:20:00

"""
from alembic import op


revision = '0013_indexes'
down_revision = '0004_experience'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_report_snapshots_attempt_id_id', ['attempt_id', 'id'], unique=False)
        batch_op.drop_index('ix_report_snapshots_attempt_id')
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index('ix_share_links_attempt_id_id', ['attempt_id', 'id'], unique=False)
        batch_op.drop_index('ix_share_links_attempt_id')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_attempt_id')


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index('ix_responses_attempt_id', ['attempt_id'], unique=False)
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index('ix_share_links_attempt_id', ['attempt_id'], unique=False)
        batch_op.drop_index('ix_share_links_attempt_id_id')
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_report_snapshots_attempt_id', ['attempt_id'], unique=False)
        batch_op.drop_index('ix_report_snapshots_attempt_id_id')
