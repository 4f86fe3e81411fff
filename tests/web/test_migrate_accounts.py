"""Upgrading a database that already holds anonymous attempts to the accounts schema keeps
them, on the backend the suite runs on (SQLite, and PostgreSQL in a schema of its own)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz.extensions import db
from tests.support import make_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def empty_uri(database_uri: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind: a new SQLite file or a new PostgreSQL schema."""
    if not database_uri.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    schema = f"mig_{secrets.token_hex(4)}"
    engine = sa.create_engine(database_uri)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in database_uri else "?"
    try:
        yield f"{database_uri}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def _tables() -> dict[str, sa.TableClause]:
    return {
        "bank_snapshots": sa.table(
            "bank_snapshots",
            sa.column("version", sa.String),
            sa.column("content", sa.JSON),
            sa.column("item_count", sa.Integer),
            sa.column("loaded_at", sa.DateTime(timezone=True)),
        ),
        "attempts": sa.table(
            "attempts",
            sa.column("id", sa.Integer),
            sa.column("token", sa.String),
            sa.column("profile_id", sa.String),
            sa.column("bank_version", sa.String),
            sa.column("seed", sa.BigInteger),
            sa.column("item_ids", sa.JSON),
            sa.column("started_at", sa.DateTime(timezone=True)),
            sa.column("submitted_at", sa.DateTime(timezone=True)),
            sa.column("resume_token", sa.String),
        ),
        "responses": sa.table(
            "responses",
            sa.column("attempt_id", sa.Integer),
            sa.column("item_id", sa.String),
            sa.column("answer", sa.JSON),
            sa.column("credit", sa.Float),
            sa.column("answered_at", sa.DateTime(timezone=True)),
        ),
    }


def test_upgrade_keeps_anonymous_attempts(empty_uri: str) -> None:
    app = make_app(empty_uri)
    t = _tables()
    with app.app_context():
        upgrade(revision="0004_experience")
        with db.engine.begin() as conn:
            conn.execute(
                sa.insert(t["bank_snapshots"]).values(
                    version="v1", content={}, item_count=1, loaded_at=NOW
                )
            )
            conn.execute(
                sa.insert(t["attempts"]).values(
                    id=1,
                    token="anon-token",
                    profile_id="junior-backend",
                    bank_version="v1",
                    seed=7,
                    item_ids=["sql-001"],
                    started_at=NOW,
                    submitted_at=NOW,
                    resume_token="anon-resume",
                )
            )
            conn.execute(
                sa.insert(t["responses"]).values(
                    attempt_id=1,
                    item_id="sql-001",
                    answer={"answer": "B"},
                    credit=1.0,
                    answered_at=NOW,
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            attempt = conn.execute(
                sa.text("SELECT token, mode, user_id, assignment_id FROM attempts")
            ).one()
            assert tuple(attempt) == ("anon-token", "quick", None, None)
            assert conn.execute(sa.text("SELECT credit FROM responses")).scalar_one() == 1.0
            assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar_one() == 0
        # And back down: the attempt is still there.
        downgrade(revision="0004_experience")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT token FROM attempts")).scalar_one() == "anon-token"
        db.session.remove()
        db.engine.dispose()
