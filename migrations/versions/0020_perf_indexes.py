"""Report summaries for class views, and the indexes of the class dashboard's queries.

``report_snapshots.summary`` holds what a class dashboard shows of a report (readiness, overall
score, each requirement's mastery mean): about 2 KB instead of the report's 50 KB, so a class
of thousands is read without parsing thousands of full reports. Existing reports are
summarised here, in batches.

The dashboard reads a cohort's roster ordered by name and an assignment's attempts ordered by
start: (cohort_id, name) and (assignment_id, started_at) indexes answer both without a sort.
They replace the single-column indexes they start with.

Revision ID: 0020_perf_indexes
Revises: 0018_api_tokens
Create Date: 2026-11-26 01:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020_perf_indexes'
down_revision = '0018_api_tokens'
branch_labels = None
depends_on = None

BATCH = 500

snapshots = sa.table(
    'report_snapshots',
    sa.column('id', sa.Integer),
    sa.column('data', sa.JSON),
    sa.column('summary', sa.JSON),
)


def _summary(data):
    # As quiz.models.reports.report_summary at this revision; a report without these parts
    # keeps no summary (class views then summarise it on read).
    if not isinstance(data, dict) or 'readiness' not in data or 'overall' not in data:
        return None
    return {
        'readiness': data['readiness'],
        'overall': data['overall'],
        'cells': {r['id']: (r['mastery'] or {}).get('mean') for r in data.get('requirements', [])},
    }


def _backfill():
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(snapshots.c.id, snapshots.c.data)
            .where(snapshots.c.id > last)
            .order_by(snapshots.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for snapshot_id, data in rows:
            summary = _summary(data)
            if summary is not None:
                conn.execute(
                    snapshots.update().where(snapshots.c.id == snapshot_id).values(summary=summary)
                )
        last = rows[-1][0]


def upgrade():
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.JSON(), nullable=True))
    _backfill()
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.create_index('ix_cohort_members_cohort_id_name', ['cohort_id', 'name'], unique=False)
        batch_op.drop_index('ix_cohort_members_cohort_id')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attempts_assignment_id_started_at', ['assignment_id', 'started_at'], unique=False
        )
        batch_op.drop_index('ix_attempts_assignment_id')


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index('ix_attempts_assignment_id', ['assignment_id'], unique=False)
        batch_op.drop_index('ix_attempts_assignment_id_started_at')
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.create_index('ix_cohort_members_cohort_id', ['cohort_id'], unique=False)
        batch_op.drop_index('ix_cohort_members_cohort_id_name')
    with op.batch_alter_table('report_snapshots', schema=None) as batch_op:
        batch_op.drop_column('summary')
