"""Test helpers: paths, an app factory for tests, and a client that handles CSRF tokens."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz import create_app
from quiz.extensions import db
from quiz.models import Attempt

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_QUESTIONS = ROOT / "tests" / "fixtures" / "questions"
SHIPPED_QUESTIONS = ROOT / "questions"


def make_app(uri: str, **overrides: Any) -> Flask:
    """An app for tests: real database, CSRF on, fixture content unless overridden."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "QUESTIONS_DIR": str(FIXTURE_QUESTIONS),
        "QUIZ_LENGTH": 8,
        "MAIL_DIR": tempfile.mkdtemp(prefix="quiz-mail-"),  # each app reads only its own mail
    }
    config.update(overrides)
    return create_app(config)


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token embedded in a page's form."""
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class QuizClient:
    """Drives the quiz like a browser: reads each form's CSRF token before posting."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def start(self, profile: str = "junior-backend") -> str:
        page = self.client.get("/start").get_data(as_text=True)
        resp = self.client.post("/start", data={"profile": profile, "csrf_token": csrf_from(page)})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        self.token = resp.location.split("/")[2]
        return self.token

    def page(self, number: int) -> str:
        resp = self.client.get(f"/attempt/{self.token}/q/{number}")
        assert resp.status_code == 200
        return resp.get_data(as_text=True)

    def answer(self, number: int, data: dict[str, Any], nav: str = "next") -> Any:
        html = self.page(number)
        form = {"csrf_token": csrf_from(html), "nav": nav, **data}
        return self.client.post(f"/attempt/{self.token}/q/{number}", data=form)

    def submit(self) -> Any:
        html = self.client.get(f"/attempt/{self.token}/finish").get_data(as_text=True)
        return self.client.post(
            f"/attempt/{self.token}/submit", data={"csrf_token": csrf_from(html)}
        )


def attempt_row(app: Flask, token: str) -> Attempt:
    """The attempt with ``token``, detached from the session, read from the database."""
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        db.session.expunge(attempt)
        return attempt
