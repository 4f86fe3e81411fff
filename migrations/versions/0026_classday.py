"""Bootcamps, day two: assignments can be closed and use one fixed form, cohorts archived,
staff invited by email, per-student due dates and extra attempts, reminders rate-limited,
an organisation time zone, the organisation audit log of staff actions, and instructors'
feedback on students' attempts.

Revision ID: 0026_classday
Revises: 0025_hashed_link_tokens
Create Date: 2026-12-07 23:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0026_classday'
down_revision = '0025_hashed_link_tokens'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations') as batch:
        batch.add_column(
            sa.Column('time_zone', sa.String(length=64), nullable=False, server_default='UTC')
        )
    with op.batch_alter_table('cohorts') as batch:
        batch.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('assignments') as batch:
        batch.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column('fixed_form', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column('fixed_items', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('accommodations') as batch:
        batch.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column('extra_attempts', sa.Integer(), nullable=False, server_default='0')
        )
    op.create_table(
        'staff_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash', name='uq_staff_invitations_token_hash'),
        sa.UniqueConstraint('organisation_id', 'email', name='uq_staff_invitations_org_email'),
    )
    op.create_table(
        'org_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=48), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_org_audit_organisation_id_id', 'org_audit', ['organisation_id', 'id'])
    op.create_index('ix_org_audit_actor_id', 'org_audit', ['actor_id'])
    op.create_table(
        'attempt_feedback',
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_name', sa.String(length=120), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('attempt_id'),
    )


def downgrade():
    op.drop_table('attempt_feedback')
    op.drop_index('ix_org_audit_actor_id', table_name='org_audit')
    op.drop_index('ix_org_audit_organisation_id_id', table_name='org_audit')
    op.drop_table('org_audit')
    op.drop_table('staff_invitations')
    with op.batch_alter_table('accommodations') as batch:
        batch.drop_column('extra_attempts')
        batch.drop_column('due_at')
    with op.batch_alter_table('assignments') as batch:
        batch.drop_column('reminded_at')
        batch.drop_column('fixed_items')
        batch.drop_column('fixed_form')
        batch.drop_column('closed_at')
    with op.batch_alter_table('cohorts') as batch:
        batch.drop_column('archived_at')
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('time_zone')
