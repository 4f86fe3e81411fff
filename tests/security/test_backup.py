"""``flask backup``: a consistent copy (SQLite backup API or pg_dump), and the documented
SQLite restore procedure carried out step by step."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from quiz.extensions import db
from quiz.models import Attempt, Response
from tests.support import QuizClient, attempt_row, make_app


def fresh_sqlite_app(path: Path) -> Flask:
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        upgrade()
    return app


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def response_count(app: Flask, token: str) -> int:
    with app.app_context():
        return len(
            db.session.scalars(sa.select(Response).join(Attempt).where(Attempt.token == token))
            .unique()
            .all()
        )


def test_sqlite_backup_and_documented_restore(tmp_path: Path) -> None:
    live = tmp_path / "quiz.sqlite3"
    app = fresh_sqlite_app(live)
    quiz = QuizClient(app.test_client())
    token = quiz.start()
    for number in (1, 2):
        assert quiz.answer(number, {}, nav="dont_know").status_code == 302
    copy = tmp_path / "backups" / "quiz-backup.sqlite3"

    # Backing up while another thread keeps saving still gives a consistent copy.
    writer = threading.Thread(target=lambda: quiz.answer(3, {}, nav="dont_know"))
    writer.start()
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(copy)])
    writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert f"backup written to {copy}" in result.output
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        backed_up = check.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert backed_up in (2, 3)  # before or after the concurrent save, never half of it

    assert quiz.submit().status_code == 302  # the live database moves on…
    dispose(app)

    # Restore (docs/security.md): stop the app, keep the damaged file aside, copy the backup
    # into place, run the migrations, start the app.
    shutil.move(live, tmp_path / "quiz.sqlite3.before-restore")
    shutil.copy2(copy, live)
    restored = fresh_sqlite_app(live)
    try:
        assert attempt_row(restored, token).submitted_at is None  # …the copy is from before
        assert response_count(restored, token) == backed_up
        client = restored.test_client()
        client.set_cookie("session", quiz.client.get_cookie("session").value)  # type: ignore[union-attr]
        page = client.get(f"/attempt/{token}/q/4")
        assert page.status_code == 200 and "question-form" in page.get_data(as_text=True)
    finally:
        dispose(restored)


def test_backup_of_the_suite_database(app: Flask, quiz: QuizClient, tmp_path: Path) -> None:
    """SQLite or PostgreSQL, whichever the suite runs on: the copy holds the attempt."""
    token = quiz.start()
    target = tmp_path / "copy"
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        backend = db.engine.url.get_backend_name()
    if backend == "sqlite":
        with sqlite3.connect(target) as check:
            tokens = [row[0] for row in check.execute("SELECT token FROM attempts")]
        assert tokens == [token]
    else:
        assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        listing = subprocess.run(
            ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
        ).stdout
        for table in ("attempts", "responses", "report_snapshots", "alembic_version"):
            assert f"TABLE DATA public {table} " in listing


def test_backup_never_overwrites_a_file(app: Flask, tmp_path: Path) -> None:
    target = tmp_path / "exists.sqlite3"
    target.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_text() == "keep me"
