"""Item analysis counts per assignment, kept up to date as attempts are submitted.

``assignment_item_counts`` holds, per assignment, how many submitted attempts earned each
credit on each item given their total and the number of items they presented: what item
analysis needs, in a few thousand rows whatever the class size. ``assignments.counted_attempts``
says how many attempts those rows hold; it starts at 0 here, and the first item analysis of an
assignment whose count differs from its submitted attempts rebuilds its rows from the
responses (quiz.classroom.itemcounts), so existing assignments need no backfill.

Revision ID: 0022_item_counts
Revises: 0020_perf_indexes
Create Date: 2026-11-26 05:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0022_item_counts'
down_revision = '0020_perf_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'assignment_item_counts',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.String(length=64), nullable=False),
        sa.Column('credit', sa.Float(), nullable=False),
        sa.Column('total', sa.Float(), nullable=False),
        sa.Column('presented', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['assignment_id'],
            ['assignments.id'],
            name=op.f('fk_assignment_item_counts_assignment_id_assignments'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'assignment_id',
            'item_id',
            'credit',
            'total',
            'presented',
            name=op.f('pk_assignment_item_counts'),
        ),
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('counted_attempts', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('counted_attempts')
    op.drop_table('assignment_item_counts')
