"""Recruiters' notes, decisions and their audit log per candidate in a pipeline.

Revision ID: 0021_recruit_notes
Revises: 0019_report_views
Create Date: 2026-11-26 01:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021_recruit_notes'
down_revision = '0019_report_views'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_candidate_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_candidate_notes_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_notes'))
    )
    with op.batch_alter_table('candidate_notes', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_notes_invitation_id_id', ['invitation_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidate_notes_author_id'), ['author_id'], unique=False)

    op.create_table('candidate_decisions',
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('advance', 'hold', 'reject')", name=op.f('ck_candidate_decisions_decision')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_candidate_decisions_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_candidate_decisions_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('invitation_id', name=op.f('pk_candidate_decisions'))
    )
    with op.batch_alter_table('candidate_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_decisions_decided_by'), ['decided_by'], unique=False)

    op.create_table('pipeline_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('note', 'decision')", name=op.f('ck_pipeline_audit_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_pipeline_audit_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_pipeline_audit_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_audit'))
    )
    with op.batch_alter_table('pipeline_audit', schema=None) as batch_op:
        batch_op.create_index('ix_pipeline_audit_invitation_id_id', ['invitation_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pipeline_audit_actor_id'), ['actor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pipeline_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pipeline_audit_actor_id'))
        batch_op.drop_index('ix_pipeline_audit_invitation_id_id')
    op.drop_table('pipeline_audit')
    with op.batch_alter_table('candidate_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_decisions_decided_by'))
    op.drop_table('candidate_decisions')
    with op.batch_alter_table('candidate_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_notes_author_id'))
        batch_op.drop_index('ix_candidate_notes_invitation_id_id')
    op.drop_table('candidate_notes')
