"""Share-link and resume tokens are stored as SHA-256 hashes, looked up by hash.

A share link's secret is shown once, when it is made (``share_links.prefix`` keeps its first
characters so that links can be told apart); a resume link is made on request, and making a
new one ends the previous one. Existing links keep working: their tokens are hashed here.

Revision ID: 0025_hashed_link_tokens
Revises: 0024_pending_signups
Create Date: 2026-12-07 22:30:00

"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0025_hashed_link_tokens'
down_revision = '0024_pending_signups'
branch_labels = None
depends_on = None


def _sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table('share_links') as batch:
        batch.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('prefix', sa.String(length=8), nullable=True))
    links = sa.table(
        'share_links',
        sa.column('id', sa.Integer),
        sa.column('token', sa.String),
        sa.column('token_hash', sa.String),
        sa.column('prefix', sa.String),
    )
    for link_id, token in bind.execute(sa.select(links.c.id, links.c.token)).all():
        bind.execute(
            links.update()
            .where(links.c.id == link_id)
            .values(token_hash=_sha256(token), prefix=token[:6])
        )
    with op.batch_alter_table('share_links') as batch:
        batch.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch.alter_column('prefix', existing_type=sa.String(length=8), nullable=False)
        batch.create_unique_constraint(op.f('uq_share_links_token_hash'), ['token_hash'])
        batch.drop_constraint('uq_share_links_token', type_='unique')
        batch.drop_column('token')

    with op.batch_alter_table('attempts') as batch:
        batch.add_column(sa.Column('resume_token_hash', sa.String(length=64), nullable=True))
    attempts = sa.table(
        'attempts',
        sa.column('id', sa.Integer),
        sa.column('resume_token', sa.String),
        sa.column('resume_token_hash', sa.String),
    )
    rows = bind.execute(
        sa.select(attempts.c.id, attempts.c.resume_token).where(attempts.c.resume_token.is_not(None))
    ).all()
    for attempt_id, token in rows:
        bind.execute(
            attempts.update()
            .where(attempts.c.id == attempt_id)
            .values(resume_token_hash=_sha256(token))
        )
    with op.batch_alter_table('attempts') as batch:
        batch.create_unique_constraint(
            op.f('uq_attempts_resume_token_hash'), ['resume_token_hash']
        )
        batch.drop_constraint('uq_attempts_resume_token', type_='unique')
        batch.drop_column('resume_token')


def downgrade():
    """Tokens cannot be recovered from their hashes: every share and resume link gets a new
    random token (the old links stop working)."""
    import secrets

    bind = op.get_bind()
    for table, column, old in (
        ('share_links', 'token', 'token_hash'),
        ('attempts', 'resume_token', 'resume_token_hash'),
    ):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.String))
        for (row_id,) in bind.execute(sa.select(rows.c.id)).all():
            bind.execute(
                rows.update().where(rows.c.id == row_id).values({column: secrets.token_urlsafe(24)})
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.String(length=64), nullable=False)
            batch.create_unique_constraint(op.f(f'uq_{table}_{column}'), [column])
            batch.drop_constraint(op.f(f'uq_{table}_{old}'), type_='unique')
            batch.drop_column(old)
            if table == 'share_links':
                batch.drop_column('prefix')
