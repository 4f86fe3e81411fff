"""``make profile``: pyinstrument profiles of the hot paths, in process, on a scratch database.

Runs 200 answer saves and 200 report views through the Flask test client (real sessions, CSRF
and database) and prints where the time goes. Set ``PROFILE_DATABASE_URL`` to profile on
PostgreSQL; otherwise a temporary SQLite file is used.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from pyinstrument import Profiler

from benchmarks.scenario import answer_form
from quiz import create_app
from quiz.config import database_url
from quiz.core.content import current_content

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ROUNDS = 200


def _app(folder: str) -> Flask:
    raw = os.environ.get("PROFILE_DATABASE_URL")
    uri = database_url(raw, "") if raw else f"sqlite:///{folder}/profile.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "profile"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def _csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match is not None
    return match.group(1)


def main() -> None:
    """Profile answer saves, then report views, and print both profiles."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        client = app.test_client()
        page = client.get("/start").get_data(as_text=True)
        resp = client.post("/start", data={"profile": "junior-backend", "csrf_token": _csrf(page)})
        token = resp.location.split("/")[2]
        page = client.get(f"/attempt/{token}/q/1").get_data(as_text=True)
        headers = {"X-CSRFToken": _csrf(page)}
        with app.app_context():
            content = current_content()
            from quiz.attempts.taking import owned_attempt  # noqa: F401  (warm imports)
        item_ids = _item_ids(app, token)
        forms = [answer_form(content.items[i]) for i in item_ids]

        saves = Profiler(interval=0.0005)
        with saves:
            for n in range(ROUNDS):
                number = n % len(forms) + 1
                client.post(
                    f"/attempt/{token}/q/{number}/autosave", data=forms[number - 1], headers=headers
                )
        print(saves.output_text(color=False, unicode=True, show_all=False))

        page = client.get(f"/attempt/{token}/finish").get_data(as_text=True)
        client.post(f"/attempt/{token}/submit", data={"csrf_token": _csrf(page)})
        reports = Profiler(interval=0.0005)
        with reports:
            for _ in range(ROUNDS):
                client.get(f"/attempt/{token}/report")
        print(reports.output_text(color=False, unicode=True, show_all=False))


def _item_ids(app: Flask, token: str) -> list[str]:
    import sqlalchemy as sa

    from quiz.extensions import db
    from quiz.models import Attempt

    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        return list(attempt.item_ids)


if __name__ == "__main__":
    main()
