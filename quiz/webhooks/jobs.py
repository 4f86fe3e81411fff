"""The RQ job: one webhook try, in the app's context (``quiz.jobs.job_app``)."""

from __future__ import annotations

from quiz.jobs import job_app


def run_try_job(try_id: int) -> None:
    """Run webhook try ``try_id`` (an ``rq worker --with-scheduler webhooks`` job)."""
    from quiz.webhooks.delivery import run_try

    with job_app().app_context():
        run_try(try_id)
