"""Upgrading a database that already holds anonymous attempts to the accounts schema keeps
them, on the backend the suite runs on (SQLite, and PostgreSQL in a schema of its own)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz.extensions import db
from tests.support import make_app


def test_upgrade_keeps_anonymous_attempts(
    empty_uri: str, old_tables: dict[str, sa.TableClause], written_at: datetime
) -> None:
    app = make_app(empty_uri)
    with app.app_context():
        upgrade(revision="0004_experience")
        with db.engine.begin() as conn:
            conn.execute(
                sa.insert(old_tables["bank_snapshots"]).values(
                    version="v1", content={}, item_count=1, loaded_at=written_at
                )
            )
            conn.execute(
                sa.insert(old_tables["attempts"]).values(
                    id=1,
                    token="anon-token",
                    profile_id="junior-backend",
                    bank_version="v1",
                    seed=7,
                    item_ids=["sql-001"],
                    started_at=written_at,
                    submitted_at=written_at,
                    resume_token="anon-resume",
                )
            )
            conn.execute(
                sa.insert(old_tables["responses"]).values(
                    attempt_id=1,
                    item_id="sql-001",
                    answer={"answer": "B"},
                    credit=1.0,
                    answered_at=written_at,
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
