"""Item calibration versions: fitted item parameters, kept per version; reports pin one.

``calibrations`` has one row per run of ``flask irt calibrate``; ``calibration_items`` the
parameters in force in each version. ``report_snapshots.calibration_version`` records the
version in force when a snapshot was made (empty for older snapshots: none existed).

Revision ID: 0028_irt
Revises: 0027_hireday
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0028_irt'
down_revision = '0027_hireday'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calibrations',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('model', sa.String(length=8), nullable=False),
        sa.Column('min_responses', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('items_fitted', sa.Integer(), nullable=False),
        sa.Column('items_carried', sa.Integer(), nullable=False),
        sa.Column('loglik', sa.Float(), nullable=False),
        sa.Column('converged', sa.Boolean(), nullable=False),
        sa.Column('bank_version', sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_calibrations')),
    )
    op.create_table(
        'calibration_items',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.String(length=64), nullable=False),
        sa.Column('discrimination', sa.Float(), nullable=False),
        sa.Column('difficulty', sa.Float(), nullable=False),
        sa.Column('se_discrimination', sa.Float(), nullable=True),
        sa.Column('se_difficulty', sa.Float(), nullable=True),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('right', sa.Integer(), nullable=False),
        sa.Column('fitted_in', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['version'],
            ['calibrations.version'],
            name=op.f('fk_calibration_items_version_calibrations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('version', 'item_id', name=op.f('pk_calibration_items')),
    )
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calibration_version', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_report_snapshots_calibration_version_calibrations'),
            'calibrations',
            ['calibration_version'],
            ['version'],
        )


def downgrade():
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_report_snapshots_calibration_version_calibrations'),
            type_='foreignkey',
        )
        batch_op.drop_column('calibration_version')
    op.drop_table('calibration_items')
    op.drop_table('calibrations')
