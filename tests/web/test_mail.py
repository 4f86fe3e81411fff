"""Mail: the SMTP backend is used when MAIL_SERVER is set, and a request never waits for the
mail server. A small SMTP server in a thread holds its greeting until the test releases it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from quiz import mail
from tests.people import make_user, post_form


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
    extra_app: Callable[..., Flask], smtp: StalledSMTP
) -> None:
    app = extra_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False)
    assert isinstance(app.extensions["quiz.mail"], mail.SMTPBackend)
    make_user(app, "ada@example.org", "Ada")
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
    backend = app.extensions["quiz.mail"]
    assert isinstance(backend, mail.FileBackend)
    assert str(backend.directory) == app.config["MAIL_DIR"]
