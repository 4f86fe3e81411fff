"""At most one "submitted" report snapshot per attempt (concurrent submits store one).

Revision ID: 0014_one_submitted_snapshot
Revises: 0013_indexes
Create Date: 2026-11-25 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_one_submitted_snapshot'
down_revision = '0013_indexes'
branch_labels = None
depends_on = None

WHERE = sa.text("reason = 'submitted'")


def upgrade():
    # Keep the oldest "submitted" snapshot of any attempt that has several.
    op.execute(
        "DELETE FROM report_snapshots WHERE reason = 'submitted' AND id NOT IN ("
        "SELECT keep FROM (SELECT MIN(id) AS keep FROM report_snapshots "
        "WHERE reason = 'submitted' GROUP BY attempt_id) AS oldest)"
    )
    op.create_index(
        'uq_report_snapshots_submitted',
        'report_snapshots',
        ['attempt_id'],
        unique=True,
        sqlite_where=WHERE,
        postgresql_where=WHERE,
    )


def downgrade():
    op.drop_index('uq_report_snapshots_submitted', table_name='report_snapshots')
