"""The audit log of report views (who opened which candidate's report).

Revision ID: 0019_report_views
Revises: 0017_org_banks
Create Date: 2026-11-26 01:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0019_report_views'
down_revision = '0017_org_banks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('viewer_id', sa.Integer(), nullable=True),
        sa.Column('viewer_name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('organisation_name', sa.String(length=120), nullable=False),
        sa.Column('context', sa.String(length=255), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['attempt_id'], ['attempts.id'],
            name=op.f('fk_report_views_attempt_id_attempts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['viewer_id'], ['users.id'],
            name=op.f('fk_report_views_viewer_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_report_views_organisation_id_organisations'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_views')),
    )
    op.create_index('ix_report_views_attempt_at', 'report_views', ['attempt_id', 'at'])
    op.create_index(op.f('ix_report_views_viewer_id'), 'report_views', ['viewer_id'])
    op.create_index(op.f('ix_report_views_organisation_id'), 'report_views', ['organisation_id'])
    op.create_index(op.f('ix_report_views_at'), 'report_views', ['at'])


def downgrade():
    op.drop_index(op.f('ix_report_views_at'), table_name='report_views')
    op.drop_index(op.f('ix_report_views_organisation_id'), table_name='report_views')
    op.drop_index(op.f('ix_report_views_viewer_id'), table_name='report_views')
    op.drop_index('ix_report_views_attempt_at', table_name='report_views')
    op.drop_table('report_views')
