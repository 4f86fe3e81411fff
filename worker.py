"""The RQ worker's entry point: ``rq worker -w worker.AppWorker --with-scheduler webhooks mail``.

Like ``wsgi.py`` for the web, this module builds the app once per worker process; nothing in
``quiz/`` imports ``create_app``. Every job (mail, webhook tries: see ``quiz.core.queue``) runs
inside this app's context, in the work horse RQ forks for it, with database connections of its
own.
"""

from __future__ import annotations

from typing import Any

from rq import Queue
from rq.job import Job
from rq.worker import Worker

from quiz import create_app
from quiz.extensions import db

app = create_app()


class AppWorker(Worker):
    """An RQ worker whose jobs run in the app's context."""

    def perform_job(self, job: Job, queue: Queue) -> Any:
        """Run one job in the app's context; the horse opens its own database connections."""
        with app.app_context():
            db.engine.dispose(close=False)
            return super().perform_job(job, queue)
