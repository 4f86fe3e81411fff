"""Recruiting: positions, invitations, and each organisation's retention period.

Revision ID: 0015_recruiting
Revises: 0014_one_submitted_snapshot
Create Date: 2026-11-26 01:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_recruiting'
down_revision = '0014_one_submitted_snapshot'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('retention_days', sa.Integer(), server_default='180', nullable=False)
        )

    op.create_table('positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('profile_id', sa.String(length=64), nullable=False),
    sa.Column('requirements', sa.JSON(), nullable=False),
    sa.Column('seniority', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('jd_text', sa.Text(), nullable=True),
    sa.Column('uncovered', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('review_shown', sa.Boolean(), nullable=False),
    sa.Column('answers_visible', sa.Boolean(), nullable=False),
    sa.Column('invitation_days', sa.Integer(), server_default='14', nullable=False),
    sa.Column('public_slug', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("source IN ('profile', 'jd')", name=op.f('ck_positions_source')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_positions_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_positions_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions')),
    sa.UniqueConstraint('public_slug', name=op.f('uq_positions_public_slug'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index('ix_positions_organisation_id_created_at', ['organisation_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_positions_created_by'), ['created_by'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminder_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('shared_attempt_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_invitations_attempt_id_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_invitations_position_id_positions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_attempt_id'], ['attempts.id'], name=op.f('fk_invitations_shared_attempt_id_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_invitations_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('position_id', 'email', name='uq_invitations_position_email'),
    sa.UniqueConstraint('position_id', 'user_id', name='uq_invitations_position_user'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('ix_invitations_position_id_id', ['position_id', 'id'], unique=False)
        batch_op.create_index('ix_invitations_created_at', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_shared_attempt_id'), ['shared_attempt_id'], unique=False)


def downgrade():
    op.drop_table('invitations')
    op.drop_table('positions')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('retention_days')
