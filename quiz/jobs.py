"""The app an RQ job runs in: the current one, else one created once per worker process.

``rq worker --with-scheduler webhooks mail`` runs webhook tries and mail in the same process;
both kinds of job share this one app.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

_app: Flask | None = None


def job_app() -> Flask:
    """The current app (a job run inside a request or a test), else this worker's own app."""
    global _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _app is None:
        from quiz import create_app

        _app = create_app()
    return _app
