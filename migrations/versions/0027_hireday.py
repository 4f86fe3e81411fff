"""Recruiting, day two: one score per position, links without an account, safe defaults.

- ``webhook_deliveries.invitation_id``: the candidate a position's delivery is about, so an
  event (submitted, withdrawn, expired) is sent once per invitation and webhook.
- ``audit_entries``: one line per change of state (position edits, candidates' choices,
  webhook tests and deletions), beside the report-view and pipeline logs.
- ``invitations.answers_consented``: whether the candidate agreed that the recruiter may read
  individual answers (fixed at consent; widening needs the candidate's new consent).
- ``invitations.previous_token_hash``: the link a reminder replaced, so it can say a newer
  one was sent instead of answering a bare 404.
- ``invitations.position_version`` and ``positions.version``: which version of a position's
  scoring a candidate took.

Revision ID: 0027_hireday
Revises: 0026_classday
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0027_hireday'
down_revision = '0026_classday'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=48), nullable=False),
        sa.Column('subject', sa.String(length=64), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_audit_entries_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['users.id'],
            name=op.f('fk_audit_entries_actor_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
    )
    op.create_index('ix_audit_entries_subject_id', 'audit_entries', ['subject', 'id'])
    op.create_index(op.f('ix_audit_entries_organisation_id'), 'audit_entries', ['organisation_id'])
    op.create_index(op.f('ix_audit_entries_actor_id'), 'audit_entries', ['actor_id'])
    with op.batch_alter_table('webhook_deliveries') as batch:
        batch.add_column(sa.Column('invitation_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_webhook_deliveries_invitation_id_invitations'),
            'invitations',
            ['invitation_id'],
            ['id'],
            ondelete='SET NULL',
        )
        batch.create_index(
            op.f('ix_webhook_deliveries_invitation_id'), ['invitation_id'], unique=False
        )
    with op.batch_alter_table('invitations') as batch:
        batch.add_column(
            sa.Column(
                'answers_consented', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column('previous_token_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('position_version', sa.Integer(), nullable=True))
        batch.create_index(
            op.f('ix_invitations_previous_token_hash'), ['previous_token_hash'], unique=False
        )
    with op.batch_alter_table('positions') as batch:
        batch.add_column(
            sa.Column('version', sa.Integer(), nullable=False, server_default='1')
        )


def downgrade():
    with op.batch_alter_table('positions') as batch:
        batch.drop_column('version')
    with op.batch_alter_table('invitations') as batch:
        batch.drop_index(op.f('ix_invitations_previous_token_hash'))
        batch.drop_column('position_version')
        batch.drop_column('previous_token_hash')
        batch.drop_column('answers_consented')
    with op.batch_alter_table('webhook_deliveries') as batch:
        batch.drop_index(op.f('ix_webhook_deliveries_invitation_id'))
        batch.drop_constraint(
            op.f('fk_webhook_deliveries_invitation_id_invitations'), type_='foreignkey'
        )
        batch.drop_column('invitation_id')
    op.drop_table('audit_entries')
