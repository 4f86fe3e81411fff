"""Adaptive quick checks: an attempt says whether its items are chosen as it goes, and why its
selection stopped.

``attempts.adaptive`` (false for every existing attempt: their items were drawn up front) and
``attempts.stop_reason`` (interval, length, pool, ended or time; empty while it runs and for
fixed forms). The sequence itself is ``item_ids``, replayable from ``seed`` and the answers.

Revision ID: 0029_adaptive
Revises: 0028_irt
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0029_adaptive'
down_revision = '0028_irt'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts') as batch:
        batch.add_column(
            sa.Column('adaptive', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column('stop_reason', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('attempts') as batch:
        batch.drop_column('stop_reason')
        batch.drop_column('adaptive')
