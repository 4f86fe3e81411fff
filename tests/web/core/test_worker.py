"""The RQ worker as deployed: ``rq worker -w worker.AppWorker`` in its own process, with the
app ``worker.py`` builds, runs the jobs a web app queued in Redis: the close of an attempt whose
deadline passed (with its report and its webhook, itself a job it then runs) and a mail.

The start of a timed attempt schedules that close for just after the deadline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis
from rq import Queue

from quiz.attempts import taking
from quiz.core import mail, queue
from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot
from quiz.models.base import utcnow
from tests.actions import join, login, mailbox, register_webhook, take
from tests.receiver import Receiver
from tests.support import FIXTURE_QUESTIONS, ROOT, rq_queue
from tests.worlds.people import MakeClass, MakeUser

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
QUEUES = ("attempts", "webhooks", "mail")


@pytest.fixture
def queues() -> Iterator[dict[str, Queue]]:
    """The three queues on the test Redis; whatever the test adds to them is deleted."""
    with ExitStack() as stack:
        yield {name: stack.enter_context(rq_queue(REDIS_URL, name)) for name in QUEUES}


def _run_worker(database_uri: str, mail_dir: Path, instance: Path) -> str:
    """``rq worker -w worker.AppWorker --burst`` from the repository's root, configured only
    through its environment, as in production; returns what it printed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith("REDIS_URL") and key not in {"DATABASE_URL", "FLASK_ENV"}
    }
    env.update(
        DATABASE_URL=database_uri,
        SECRET_KEY="test-secret",
        QUESTIONS_DIR=str(FIXTURE_QUESTIONS),
        QUIZ_INSTANCE_PATH=str(instance),
        MAIL_DIR=str(mail_dir),
        MAIL_REDIS_URL=REDIS_URL,
        WEBHOOK_REDIS_URL=REDIS_URL,
        ATTEMPTS_REDIS_URL=REDIS_URL,
    )
    rq = Path(sys.executable).with_name("rq")
    name = f"test-worker-{uuid.uuid4().hex[:8]}"
    command = ["worker", "-w", "worker.AppWorker", "--burst", "-n", name, "--url", REDIS_URL]
    done = subprocess.run(
        [str(rq), *command, *QUEUES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    with Redis.from_url(REDIS_URL) as connection:
        connection.delete(f"rq:worker:{name}")  # the record of the finished burst
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def test_the_worker_closes_an_overdue_attempt_delivers_its_webhook_and_sends_mail(
    extra_app: Callable[..., Flask],
    database_uri: str,
    make_class: MakeClass,
    make_user: MakeUser,
    receiver: Receiver,
    queues: dict[str, Queue],
    tmp_path: Path,
) -> None:
    app = extra_app(
        MAIL_REDIS_URL=REDIS_URL, WEBHOOK_REDIS_URL=REDIS_URL, ATTEMPTS_REDIS_URL=REDIS_URL
    )
    klass = make_class(time_limit_minutes=30)
    teacher = app.test_client()
    login(teacher, "teacher@example.org")
    register_webhook(teacher, klass.org_id, receiver.url)
    make_user("sam@example.org")
    student = app.test_client()
    login(student, "sam@example.org")
    join(student, klass.join_code)
    token = take(student, klass.assignment_id, "B", submit=False)

    # The start scheduled the close for just after the deadline, on the attempts queue.
    (job_id,) = queues["attempts"].scheduled_job_registry.get_job_ids()
    job = queues["attempts"].fetch_job(job_id)
    assert job is not None and job.func_name == "quiz.attempts.ending.close_when_due"
    assert list(job.args) == [token]
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None and attempt.deadline_at is not None
        when = queues["attempts"].scheduled_job_registry.get_scheduled_time(job)
        expected = attempt.deadline_at + timedelta(seconds=taking.DEADLINE_GRACE_SECONDS)
        assert abs((when - expected).total_seconds()) < 5

        # Time runs out unseen; the scheduler's moment comes: the job is due now.
        attempt.deadline_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        queue.enqueue("quiz.attempts.ending.close_when_due", token, queue="attempts")
        mail.send("ada@example.org", "From the worker", "Hi Ada\n")
    assert mailbox(app) == [], "queued on Redis, not sent by this process"

    mail_dir = Path(app.config["MAIL_DIR"])
    output = _run_worker(database_uri, mail_dir, tmp_path / "instance")

    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None and attempt.submitted_at == attempt.deadline_at
        reasons = list(
            db.session.scalars(
                sa.select(ReportSnapshot.reason).where(ReportSnapshot.attempt_id == attempt.id)
            )
        )
        assert reasons == ["submitted"]
        attempt_id = attempt.id
    (delivered,) = receiver.received
    body = json.loads(delivered.body)
    assert body["event"] == "attempt.submitted" and body["attempt"]["id"] == attempt_id
    assert [m["Subject"] for m in mailbox(app)] == ["From the worker"]
    assert "quiz.webhooks.delivery.deliver" in output
