"""Quiz experience: mode, self-ratings, flags, resume token, timer, review visibility.

Revision ID: 0004_experience
Revises: 0003_reports
Create Date: 2026-11-23 09:30:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0004_experience'
down_revision = '0003_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=16), server_default='quick', nullable=False))
        batch_op.add_column(sa.Column('self_ratings', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('flagged', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('resume_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('time_limit_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('extra_time', sa.Float(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_allowed', sa.Boolean(), server_default=sa.true(), nullable=False))

    # Existing attempts get their own random resume token before the column becomes required.
    conn = op.get_bind()
    attempts = sa.table('attempts', sa.column('id', sa.Integer), sa.column('resume_token', sa.String))
    for (attempt_id,) in conn.execute(sa.select(attempts.c.id)).all():
        conn.execute(
            attempts.update()
            .where(attempts.c.id == attempt_id)
            .values(resume_token=secrets.token_urlsafe(24))
        )

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.alter_column('resume_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_attempts_resume_token'), ['resume_token'])


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attempts_resume_token'), type_='unique')
        batch_op.drop_column('review_allowed')
        batch_op.drop_column('deadline_at')
        batch_op.drop_column('extra_time')
        batch_op.drop_column('time_limit_seconds')
        batch_op.drop_column('resume_token')
        batch_op.drop_column('flagged')
        batch_op.drop_column('self_ratings')
        batch_op.drop_column('mode')
