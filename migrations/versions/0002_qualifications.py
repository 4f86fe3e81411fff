"""Self-declared qualifications on attempts (shown in reports, never scored).

Revision ID: 0002_qualifications
Revises: 0001_skeleton
Create Date: 2026-11-23 09:16:46.091283

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_qualifications'
down_revision = '0001_skeleton'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qualifications', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('qualifications')

