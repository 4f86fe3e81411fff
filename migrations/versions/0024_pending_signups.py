"""Sign-ups waiting for their emailed link, kept on the server.

The confirmation link used to carry the whole sign-up, argon2 hash of the password included,
signed but readable (and written to access logs), and it could recreate an account deleted
within its 48 hours. ``pending_signups`` holds the sign-up; the link carries a random token
whose SHA-256 is stored. Links sent before this migration stop working (sign up again).

Revision ID: 0024_pending_signups
Revises: 0023_user_sessions
Create Date: 2026-12-07 21:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0024_pending_signups'
down_revision = '0023_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pending_signups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('next_url', sa.String(length=2048), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_signups')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_pending_signups_token_hash')),
    )
    op.create_index(op.f('ix_pending_signups_email'), 'pending_signups', ['email'])


def downgrade():
    op.drop_index(op.f('ix_pending_signups_email'), table_name='pending_signups')
    op.drop_table('pending_signups')
