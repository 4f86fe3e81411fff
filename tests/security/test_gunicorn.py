"""No lost answers when a worker dies: gunicorn with two workers, several clients saving
answers, one worker killed with SIGKILL mid-run; every save that got a 2xx is in the database.
The production server does not name its software in the Server header."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.bank import question_type
from quiz.extensions import db
from quiz.models import Attempt, Response
from tests.security.answers import CONTENT, answer_form
from tests.support import FIXTURE_QUESTIONS, ROOT

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CLIENTS = 4
ATTEMPTS_PER_CLIENT = 3
RUN_SECONDS = 180  # bound: the test fails rather than hang (generous for a busy CI box)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


@pytest.fixture
def server(
    app: Flask, database_uri: str, tmp_path: Path
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """gunicorn with the production configuration (gunicorn.conf.py: preloaded app, sync
    workers) and 2 workers on a free port, against the test database."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"FLASK_ENV", "RELEASE", "REDIS_URL"}},
        "DATABASE_URL": database_uri,
        "SECRET_KEY": "gunicorn-test",
        "QUESTIONS_DIR": str(FIXTURE_QUESTIONS),
        "QUIZ_LENGTH": "8",
        # A fixed 8-item quick check, as the test app has: every item is known at the start.
        "ADAPTIVE_QUICK_CHECK": "0",
        "QUIZ_INSTANCE_PATH": str(tmp_path / "instance"),
        "WEB_CONCURRENCY": "2",
        "BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "warning",
    }
    proc = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "--graceful-timeout=5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120  # a busy CI box imports slowly
        while len(children_of(proc.pid)) < 2 or not _answers(port):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/")
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


class Browser:
    """A minimal HTTP client keeping the session cookie, as a browser would."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Accept": "application/json"} if path.endswith("/autosave") else {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        cookie = resp.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return resp.status, resp.getheader("Location") or "", data.decode()


def item_ids_of(app: Flask, token: str) -> list[str]:
    with app.app_context():
        ids = db.session.scalar(sa.select(Attempt.item_ids).where(Attempt.token == token))
        db.session.remove()
    assert ids, token
    return list(ids)


def run_client(
    port: int, app: Flask, accepted: list[tuple[str, str, Any]], failures: list[str]
) -> None:
    """Start attempts and save each item's answer once; record every 2xx save."""
    for _ in range(ATTEMPTS_PER_CLIENT):
        browser = Browser(port)
        try:
            _, _, page = browser.request("GET", "/start")
            found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
            assert found
            csrf = found.group(1)
            status, location, _ = browser.request(
                "POST", "/start", {"csrf_token": csrf, "profile": "junior-backend"}
            )
            assert status == 302, status
        except (OSError, AssertionError, http.client.HTTPException) as exc:
            failures.append(f"start: {exc!r}")  # the worker died mid-request: start anew
            continue
        token = location.split("/")[-2]
        for number, item_id in enumerate(item_ids_of(app, token), 1):
            form = {"csrf_token": csrf, **answer_form(item_id, number)}
            path = f"/attempt/{token}/q/{number}/autosave"
            try:
                status, _, body = browser.request("POST", path, form)
            except (OSError, http.client.HTTPException) as exc:
                failures.append(f"save: {exc!r}")
                continue
            if 200 <= status < 300:
                assert json.loads(body)["status"] == "saved"
                accepted.append((token, item_id, form))
            else:
                failures.append(f"save {status}")


def test_answers_acknowledged_before_a_worker_is_killed_are_kept(
    app: Flask, server: tuple[int, subprocess.Popen[bytes]]
) -> None:
    port, proc = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    landing = conn.getresponse()
    landing.read()
    conn.close()
    assert landing.getheader("Server") == "quiz"  # not "gunicorn": no software named
    accepted: list[tuple[str, str, Any]] = []
    failures: list[str] = []
    threads = [
        threading.Thread(target=run_client, args=(port, app, accepted, failures), daemon=True)
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + RUN_SECONDS
    while len(accepted) < 10:
        assert time.monotonic() < deadline, f"no progress: {failures[:5]}"
        time.sleep(0.05)
    victim = children_of(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = len(accepted)
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "clients did not finish in time"
    assert proc.poll() is None and victim not in children_of(proc.pid)
    assert len(accepted) > killed_at, "no save was acknowledged after the kill"

    with app.app_context():
        rows = db.session.execute(
            sa.select(Attempt.token, Response.item_id, Response.answer).join(Attempt)
        ).all()
    saved = {(token, item_id): answer for token, item_id, answer in rows}
    for token, item_id, form in accepted:
        item = CONTENT.items[item_id]
        multi = {k: v if isinstance(v, list) else [v] for k, v in form.items()}
        assert saved.get((token, item_id)) == question_type(item).parse(item, multi)
