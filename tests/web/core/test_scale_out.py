"""Two app instances on one database and one Redis behave as one app.

Each instance is a real gunicorn process (the production configuration, one worker) on its own
port. One attempt is taken with requests alternating between them; both then serve the same
report, whose rendered body sits once in Redis under the test's own key prefix. Log-ins
alternating between them meet one rate-limit counter, and mail one of them sends waits as a job
in Redis until a worker (here, in the test process) delivers it.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from quiz.core import mail
from tests.actions import last_mail
from tests.support import (
    FIXTURE_QUESTIONS,
    ROOT,
    attempt_row,
    csrf_from,
    queued_to,
    rq_queue,
    work_burst,
)
from tests.worlds.people import MakeUser

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
LOGIN_LIMIT = "2 per minute"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"instance exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused, reset or timed out while the instance starts
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 60 s")


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of this test alone; its keys are deleted afterwards, nothing else is.

    Cache keys start with it; rate-limit counters carry it after the limiter's own prefix."""
    name = f"test-scale-out-{uuid.uuid4().hex}:"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{name.rstrip(':')}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def instances(app: Flask, database_uri: str, prefix: str, tmp_path: Path) -> Iterator[list[str]]:
    """Base URLs of two gunicorn instances sharing the test database and Redis."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"FLASK_ENV", "RELEASE"}},
        "DATABASE_URL": database_uri,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "scale-out-test-secret",
        "QUESTIONS_DIR": str(FIXTURE_QUESTIONS),
        "QUIZ_LENGTH": "8",
        # A fixed 8-item quick check, as the test app has: every item is known at the start.
        "ADAPTIVE_QUICK_CHECK": "0",
        "QUIZ_INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "RATE_LIMIT_LOGIN": LOGIN_LIMIT,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "warning",
    }
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                    cwd=ROOT,
                    env={**env, "BIND": f"127.0.0.1:{port}"},
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_until_serving(f"{url}/start", process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


class Browser:
    """One browser (one cookie jar) whose requests go to a different instance each time."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.turn = 0
        self.served_by: list[str] = []
        handler = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(handler, _NoRedirect())

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        base = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        self.served_by.append(base)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(base + path, data=body, timeout=30) as resp:
                return resp.status, resp.read().decode(), resp.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), exc.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_one_attempt_across_two_instances_gives_one_report(
    app: Flask, instances: list[str], prefix: str
) -> None:
    browser = Browser(instances)
    status, page, _ = browser.request("/start")
    assert status == 200
    status, _, location = browser.request(
        "/start", {"profile": "junior-backend", "csrf_token": csrf_from(page)}
    )
    assert status == 302, "the other instance accepts the first one's session and CSRF token"
    token = urllib.parse.urlsplit(location).path.split("/")[2]
    attempt = attempt_row(app, token)
    for number, item_id in enumerate(attempt.item_ids, 1):
        status, page, _ = browser.request(f"/attempt/{token}/q/{number}")
        assert status == 200
        answer = {"answer": "B"} if item_id == "sql-001" else {"nav": "dont_know"}
        form = {"csrf_token": csrf_from(page), "nav": "next", **answer}
        status, _, _ = browser.request(f"/attempt/{token}/q/{number}", form)
        assert status == 302
    status, page, _ = browser.request(f"/attempt/{token}/finish")
    assert status == 200
    status, _, location = browser.request(
        f"/attempt/{token}/submit", {"csrf_token": csrf_from(page)}
    )
    assert status == 302 and location.endswith(f"/attempt/{token}/report")
    assert set(browser.served_by) == set(instances)

    reports = [browser.request(f"/attempt/{token}/report")[1] for _ in range(2)]
    bodies = [html.split('<p class="actions">')[0] for html in reports]
    assert bodies[0] == bodies[1]
    assert "Your gap report" in bodies[0]
    jsons = [browser.request(f"/attempt/{token}/report.json")[1] for _ in range(2)]
    assert jsons[0] == jsons[1] and '"overall"' in jsons[0]

    stored = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [k.decode() for k in stored.scan_iter(match=f"{prefix}report-html:*")]
    finally:
        stored.close()
    assert len(keys) == 1, "one rendered body, shared by both instances"
    assert keys[0].endswith(":owner")
    saved = attempt_row(app, token)
    assert saved.submitted_at is not None and saved.item_ids == attempt.item_ids


def test_log_ins_on_either_instance_meet_one_rate_limit(instances: list[str]) -> None:
    browser = Browser(instances)
    status, page, _ = browser.request("/login")
    assert status == 200
    form = {"email": "nobody@example.org", "password": "wrong", "csrf_token": csrf_from(page)}
    answers = [browser.request("/login", form) for _ in range(3)]
    assert [code for code, _, _ in answers] == [400, 400, 429], f"{LOGIN_LIMIT} for both together"
    for _, html, _ in answers[:2]:  # refused for the password, not for the CSRF token
        assert "That email and password do not match an account." in html
    posted_to = browser.served_by[1:]
    assert set(posted_to[:2]) == set(instances), "the two allowed log-ins went one to each"


def test_mail_sent_by_one_instance_is_a_job_in_redis_for_any_worker(
    app: Flask,
    extra_app: Callable[..., Flask],
    instances: list[str],
    tmp_path: Path,
    make_user: MakeUser,
) -> None:
    to = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    make_user(to, "Ada")
    with rq_queue(REDIS_URL, mail.QUEUE) as queue:
        browser = Browser(instances)
        status, page, _ = browser.request("/password/forgot")
        assert status == 200
        status, _, _ = browser.request(
            "/password/forgot", {"email": to, "csrf_token": csrf_from(page)}
        )
        assert status == 200
        jobs = queued_to(queue, to)
        assert len(jobs) == 1, "the message waits in Redis, not in the instance"
        mail_dir = tmp_path / "mail"
        assert list(mail_dir.glob("*.eml")) == []

        worker_app = extra_app(MAIL_DIR=str(mail_dir))
        with worker_app.app_context():
            assert work_burst(queue)
        assert queue.fetch_job(jobs[0].id) is None, "a sent message leaves no job behind"
    message = last_mail(worker_app, to)
    assert message["Subject"] == "Reset your password"
    assert "/password/reset/" in message.get_content()
