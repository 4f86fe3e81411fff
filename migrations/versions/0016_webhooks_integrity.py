"""Attempt events (integrity context), webhooks and their delivery log.

Revision ID: 0016_webhooks_integrity
Revises: 0021_recruit_notes
Create Date: 2026-11-26 01:20:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0016_webhooks_integrity'
down_revision = '0021_recruit_notes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'attempt_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('item_id', sa.String(length=64), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('view', 'blur', 'paste')", name=op.f('ck_attempt_events_kind')),
        sa.ForeignKeyConstraint(
            ['attempt_id'], ['attempts.id'],
            name=op.f('fk_attempt_events_attempt_id_attempts'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_events')),
    )
    op.create_index('ix_attempt_events_attempt_id_at', 'attempt_events', ['attempt_id', 'at'])
    op.create_table(
        'webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('secret', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_webhooks_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks')),
    )
    op.create_index(op.f('ix_webhooks_organisation_id'), 'webhooks', ['organisation_id'])
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('webhook_id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.String(length=36), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('attempt_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('try_number', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.Column('duration_ms', sa.Integer(), nullable=True),
        sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['webhook_id'], ['webhooks.id'],
            name=op.f('fk_webhook_deliveries_webhook_id_webhooks'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['attempt_id'], ['attempts.id'],
            name=op.f('fk_webhook_deliveries_attempt_id_attempts'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
        sa.UniqueConstraint(
            'delivery_id', 'try_number', name=op.f('uq_webhook_deliveries_delivery_id')
        ),
    )
    op.create_index(
        'ix_webhook_deliveries_webhook_id_id', 'webhook_deliveries', ['webhook_id', 'id']
    )
    op.create_index(
        op.f('ix_webhook_deliveries_attempt_id'), 'webhook_deliveries', ['attempt_id']
    )


def downgrade():
    op.drop_table('webhook_deliveries')
    op.drop_index(op.f('ix_webhooks_organisation_id'), table_name='webhooks')
    op.drop_table('webhooks')
    op.drop_table('attempt_events')
