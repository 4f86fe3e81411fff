"""Signed-in sessions kept on the server, so log-out, a password change and a reset end them.

``user_sessions`` holds one row per signed-in browser with the SHA-256 of its secret; the
session cookie and the remember-me cookie carry ``<user id>:<secret>``, and a request whose row
is gone is signed out. ``users.session_version`` (the previous scheme: a counter in the cookie)
goes; existing cookies carry the old form and sign out once.

Revision ID: 0023_user_sessions
Revises: 0022_item_counts
Create Date: 2026-12-07 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0023_user_sessions'
down_revision = '0022_item_counts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('remember', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['users.id'],
            name=op.f('fk_user_sessions_user_id_users'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash')),
    )
    op.create_index(op.f('ix_user_sessions_user_id'), 'user_sessions', ['user_id'])
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_version')


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False)
        )
    op.drop_index(op.f('ix_user_sessions_user_id'), table_name='user_sessions')
    op.drop_table('user_sessions')
