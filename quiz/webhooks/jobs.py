"""The RQ job: one webhook try, in the app's context (created once per worker process)."""

from __future__ import annotations

from flask import Flask, has_app_context

_app: Flask | None = None


def _worker_app() -> Flask:
    global _app
    if _app is None:
        from quiz import create_app

        _app = create_app()
    return _app


def run_try_job(try_id: int) -> None:
    """Run webhook try ``try_id`` (an ``rq worker --with-scheduler webhooks`` job)."""
    from quiz.webhooks.delivery import run_try

    if has_app_context():
        run_try(try_id)
        return
    with _worker_app().app_context():
        run_try(try_id)
