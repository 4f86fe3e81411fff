"""Test helpers: paths, an app factory for tests, a client that handles CSRF tokens, RQ queues
on the test Redis that leave no key behind, and an answer to each item of the fixture content."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.results import Result

from quiz import create_app
from quiz.bank import load_content
from quiz.extensions import db
from quiz.models import Attempt

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_QUESTIONS = ROOT / "tests" / "fixtures" / "questions"
SHIPPED_QUESTIONS = ROOT / "questions"


def make_app(uri: str, **overrides: Any) -> Flask:
    """An app for tests: real database, CSRF on, fixture content, no Redis unless overridden."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "QUESTIONS_DIR": str(FIXTURE_QUESTIONS),
        "QUIZ_LENGTH": 8,
        # The flows under test take the fixed 8-item quick check; the adaptive one is tested
        # with this set (tests/web/attempts/test_adaptive.py, tests/e2e/test_adaptive.py).
        "ADAPTIVE_QUICK_CHECK": False,
        "MAIL_DIR": tempfile.mkdtemp(prefix="quiz-mail-"),  # each app reads only its own mail
        # State and jobs stay in this process, whatever the shell exports; a test of Redis
        # passes its URL.
        "REDIS_URL": None,
        "MAIL_REDIS_URL": None,
        "WEBHOOK_REDIS_URL": None,
        "ATTEMPTS_REDIS_URL": None,
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


def _job_ids(queue: Queue) -> set[str]:
    """Jobs waiting on ``queue`` or kept in one of its registries (scheduled, failed, …)."""
    registries = (
        queue.scheduled_job_registry,
        queue.started_job_registry,
        queue.failed_job_registry,
        queue.finished_job_registry,
        queue.deferred_job_registry,
    )
    ids = set(queue.get_job_ids())
    for registry in registries:
        ids.update(registry.get_job_ids())
    return ids


@contextmanager
def rq_queue(url: str, name: str) -> Iterator[Queue]:
    """RQ's queue ``name`` on the test Redis. Afterwards the jobs it gained are deleted, and it
    is unregistered again if it was not registered before: the test leaves no key behind."""
    connection = Redis.from_url(url)
    queue = Queue(name, connection=connection)
    jobs_before = _job_ids(queue)
    was_registered = connection.sismember(Queue.redis_queues_keys, queue.key)
    try:
        yield queue
    finally:
        for job_id in _job_ids(queue) - jobs_before:
            job = queue.fetch_job(job_id)
            if job is not None:
                Result.delete_all(job)
                job.delete()
        if not was_registered and queue.is_empty():
            connection.srem(Queue.redis_queues_keys, queue.key)
        connection.close()


def work_burst(queue: Queue) -> bool:
    """Run every job on ``queue`` in this process (the caller's app context, if any), then
    delete the worker's record; True when any job ran."""
    worker = SimpleWorker([queue], connection=queue.connection)
    try:
        return worker.work(burst=True)
    finally:
        queue.connection.delete(worker.key)


def queued_to(queue: Queue, to: str) -> list[Job]:
    """Jobs on ``queue`` for mail to ``to``: a message (its bytes, as ``quiz.core.mail`` queues
    it), or a job that writes one for that address (a password reset's ``send_reset_link``)."""

    def recipient(job: Job) -> str:
        first = job.args[0]
        if isinstance(first, bytes):
            return str(message_from_bytes(first, policy=policy.default)["To"])
        return str(first)

    return [job for job in queue.get_jobs() if recipient(job) == to]


FIXTURE_CONTENT = load_content(FIXTURE_QUESTIONS)

# One answer per fixture item and the credit it must earn (see the fixture banks).
ANSWERS: dict[str, tuple[dict[str, Any], float]] = {
    "sql-001": ({"answer": "B"}, 1.0),
    "sql-002": ({"answer": ["A", "C"]}, 0.0),
    "sql-003": ({"answer": "true"}, 1.0),
    "sql-004": ({"answer": "A"}, 0.0),
    "api-001": ({"answer": "201 created"}, 1.0),
    "api-002": (
        {"position-A": "3", "position-B": "1", "position-C": "2", "position-D": "4"},
        5 / 6,
    ),
    "api-003": ({"answer": "C"}, 1.0),
    "soft-001": ({"answer": "D"}, 0.5),
}


def stem_of(html: str) -> str:
    match = re.search(r'<h1 class="stem">(.*?)</h1>', html, re.S)
    assert match
    return match.group(1)


def item_on_page(html: str) -> str:
    stems = {i.stem: i.id for i in FIXTURE_CONTENT.items.values()}
    return stems[stem_of(html).replace("&#39;", "'")]


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the ``with`` block."""
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
