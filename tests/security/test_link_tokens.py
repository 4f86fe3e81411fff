"""Share-link and resume tokens are stored as hashes and looked up by hash (the probe found them
stored in clear): a copy of the database opens no report and no attempt. A share link is shown
once, when it is made; a resume link is made on request, and a new one ends the previous one.
An attempt's own token is an identifier in its URLs, not a key: alone it opens nothing."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Flask

from quiz.extensions import db
from quiz.models import Attempt, ShareLink
from tests.actions import resume_link, share_link
from tests.support import QuizClient


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _everything_stored(app: Flask) -> str:
    """Every value of the two tables, as text (a copy of the database)."""
    with app.app_context():
        rows = [
            *db.session.execute(sa.select(ShareLink.__table__)).all(),
            *db.session.execute(sa.select(Attempt.__table__)).all(),
        ]
    return repr(rows)


def test_the_database_holds_only_hashes_of_share_and_resume_tokens(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    resume = resume_link(quiz.client, token).rsplit("/", 1)[1]
    quiz.submit()
    shared = share_link(quiz.client, token).rsplit("/", 1)[1]
    stored = _everything_stored(app)
    assert resume not in stored and shared not in stored
    assert _sha256(resume) in stored and _sha256(shared) in stored
    assert app.test_client().get(f"/shared/{_sha256(shared)}").status_code == 404
    assert app.test_client().get(f"/resume/{_sha256(resume)}").status_code == 404
    assert app.test_client().get(f"/shared/{shared}").status_code == 200
    report = quiz.client.get(f"/attempt/{token}/report").get_data(as_text=True)
    assert shared not in report and f"…/shared/{shared[:6]}…" in report  # shown once


def test_a_new_resume_link_ends_the_previous_one(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    first = resume_link(quiz.client, token)
    second = resume_link(quiz.client, token)
    assert first != second
    assert app.test_client().get(first).status_code == 404
    resumed = app.test_client().get(second)
    assert resumed.status_code == 302 and f"/attempt/{token}/" in resumed.location


def test_an_attempt_token_alone_opens_nothing(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    quiz.submit()
    stranger = app.test_client()  # knows the token, e.g. from a copy of the database
    for path in ("report", "review", "report.json", "report.csv", "about", "q/1", "finish"):
        assert stranger.get(f"/attempt/{token}/{path}").status_code == 404, path
