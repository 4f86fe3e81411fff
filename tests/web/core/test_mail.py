"""Mail: the SMTP backend is used when MAIL_SERVER is set, and a request never waits for the
mail server. A small SMTP server in a thread holds its greeting until the test releases it.
With Redis, a message is an RQ job on the ``mail`` queue that a worker delivers."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from rq import Queue
from rq.job import Job

from quiz.core import mail
from tests.actions import last_mail, mailbox, post_form
from tests.support import queued_to, rq_queue, work_burst
from tests.worlds.people import MakeUser

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


class StalledSMTP:
    """Accepts one connection, greets only once ``release`` is set, records the message."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.received = ""
        self.done = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        with conn, conn.makefile("rb") as lines:
            self.release.wait(timeout=60)
            conn.sendall(b"220 test ready\r\n")
            in_data = False
            for raw in lines:
                line = raw.decode()
                if in_data:
                    if line == ".\r\n":
                        in_data = False
                        conn.sendall(b"250 queued\r\n")
                    else:
                        self.received += line
                elif line.upper().startswith("DATA"):
                    in_data = True
                    conn.sendall(b"354 go ahead\r\n")
                elif line.upper().startswith("QUIT"):
                    conn.sendall(b"221 bye\r\n")
                    break
                else:
                    conn.sendall(b"250 ok\r\n")
        self.done.set()

    def close(self) -> None:
        self.release.set()
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def smtp() -> Iterator[StalledSMTP]:
    server = StalledSMTP()
    yield server
    server.close()


def test_a_request_does_not_wait_for_a_slow_mail_server(
    extra_app: Callable[..., Flask], smtp: StalledSMTP, make_user: MakeUser
) -> None:
    app = extra_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False)
    assert isinstance(app.extensions["quiz.core.mail"], mail.SMTPBackend)
    make_user("ada@example.org", "Ada")
    client = app.test_client()
    resp = post_form(client, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    # The answer came back while the server had not even greeted yet.
    assert resp.status_code == 200 and not smtp.release.is_set() and smtp.received == ""
    smtp.release.set()
    mail.wait_until_sent()
    assert smtp.done.wait(timeout=30)
    assert "Subject: Reset your password" in smtp.received
    assert "To: ada@example.org" in smtp.received


def test_the_file_backend_is_the_default(app: Flask) -> None:
    backend = app.extensions["quiz.core.mail"]
    assert isinstance(backend, mail.FileBackend)
    assert str(backend.directory) == app.config["MAIL_DIR"]


def test_without_redis_mail_goes_to_this_process_thread(app: Flask) -> None:
    assert mail.redis_url(app) is None
    with app.app_context():
        mail.send("ada@example.org", "Hello", "Hi Ada\n")
    assert last_mail(app, "ada@example.org")["Subject"] == "Hello"


@pytest.fixture
def mail_queue() -> Iterator[Queue]:
    """The ``mail`` queue on the test Redis; whatever this test adds to it is deleted."""
    with rq_queue(REDIS_URL, mail.QUEUE) as queue:
        yield queue


def test_with_redis_a_message_is_a_job_a_worker_delivers(
    extra_app: Callable[..., Flask], mail_queue: Queue, make_user: MakeUser
) -> None:
    app = extra_app(MAIL_REDIS_URL=REDIS_URL)
    to = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    make_user(to, "Ada")
    resp = post_form(app.test_client(), "/password/forgot", "/password/forgot", {"email": to})
    assert resp.status_code == 200
    (job,) = queued_to(mail_queue, to)  # the reset's mail is written by a job, then sent
    assert job.func_name == "quiz.accounts.reset.send_reset_link"
    assert mailbox(app) == [], "queued on Redis, not sent by this process"
    with app.app_context():
        assert work_burst(mail_queue)
    message = last_mail(app, to)
    assert message["Subject"] == "Reset your password"
    assert "/password/reset/" in message.get_content()
    assert not Job.exists(job.id, connection=mail_queue.connection), "nothing left once sent"


def test_when_redis_is_unreachable_the_thread_sends(
    extra_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = extra_app(MAIL_REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context(), caplog.at_level(logging.ERROR, logger="quiz.core.queue"):
        mail.send("cy@example.org", "Still sent", "Hi Cy\n")
    assert "could not queue quiz.core.mail.deliver on Redis" in caplog.text
    assert last_mail(app, "cy@example.org")["Subject"] == "Still sent"


def test_with_redis_a_message_that_fails_is_tried_again_later(
    extra_app: Callable[..., Flask], mail_queue: Queue
) -> None:
    app = extra_app(MAIL_REDIS_URL=REDIS_URL, MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    to = f"dan-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        mail.send(to, "Refused", "Hi Dan\n")
        (job,) = queued_to(mail_queue, to)
        work_burst(mail_queue)  # nothing listens on port 1: the SMTP connection is refused
    job.refresh()
    assert job.id in mail_queue.scheduled_job_registry.get_job_ids()
    assert job.retries_left == len(mail.RETRY_SECONDS) - 1
