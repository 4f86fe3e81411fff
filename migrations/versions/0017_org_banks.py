"""Organisation banks: items per area with every saved version, and an assignment's source.

Revision ID: 0017_org_banks
Revises: 0015_recruiting
Create Date: 2026-11-26 01:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0017_org_banks'
down_revision = '0015_recruiting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'org_banks',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column(
            'organisation_id',
            sa.Integer(),
            sa.ForeignKey('organisations.id', ondelete='CASCADE'),
            nullable=False,
        ),
        sa.Column('area', sa.String(64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('organisation_id', 'area'),
    )
    op.create_index('ix_org_banks_organisation_id', 'org_banks', ['organisation_id'])
    op.create_table(
        'org_items',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column(
            'organisation_id',
            sa.Integer(),
            sa.ForeignKey('organisations.id', ondelete='CASCADE'),
            nullable=False,
        ),
        sa.Column(
            'bank_id', sa.Integer(), sa.ForeignKey('org_banks.id', ondelete='CASCADE'), nullable=False
        ),
        sa.Column('item_id', sa.String(64), nullable=False),
        sa.Column('current_version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('organisation_id', 'item_id'),
    )
    op.create_index('ix_org_items_organisation_id', 'org_items', ['organisation_id'])
    op.create_index('ix_org_items_bank_id', 'org_items', ['bank_id'])
    op.create_table(
        'org_item_versions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column(
            'org_item_id',
            sa.Integer(),
            sa.ForeignKey('org_items.id', ondelete='CASCADE'),
            nullable=False,
        ),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column(
            'author_id', sa.Integer(), sa.ForeignKey('users.id', ondelete='SET NULL'), nullable=True
        ),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('org_item_id', 'number'),
    )
    op.create_index('ix_org_item_versions_author_id', 'org_item_versions', ['author_id'])
    with op.batch_alter_table('assignments') as batch:
        batch.add_column(
            sa.Column('source', sa.String(8), nullable=False, server_default='ours')
        )


def downgrade():
    with op.batch_alter_table('assignments') as batch:
        batch.drop_column('source')
    op.drop_table('org_item_versions')
    op.drop_table('org_items')
    op.drop_table('org_banks')
