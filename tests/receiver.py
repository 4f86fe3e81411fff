"""A webhook receiver for tests: a real HTTP server on a free port in a thread, and the
signature check a receiver runs (written from docs/webhooks.md, not from the app's code)."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response


@dataclass
class Received:
    """One request the receiver got."""

    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server on a free port that answers with ``statuses`` in turn (then 200)."""

    statuses: list[int]
    received: list[Received] = field(default_factory=list)
    server: BaseWSGIServer | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        self.received.append(Received(dict(request.headers), request.get_data()))
        status = self.statuses.pop(0) if self.statuses else 200
        headers = {"Location": "http://127.0.0.1:1/elsewhere"} if 300 <= status < 400 else {}
        return Response("ok", status=status, headers=headers)(environ, start_response)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/hook"


@contextmanager
def serve_receiver() -> Iterator[Receiver]:
    """Run a receiver until the block ends."""
    hook = Receiver(statuses=[])
    hook.server = make_server("127.0.0.1", 0, hook, threaded=True)
    thread = threading.Thread(target=hook.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()
        thread.join(5)


def signature_ok(secret: str, got: Received) -> bool:
    """Verify like a receiver would, independently of the app's code (docs/webhooks.md)."""
    timestamp = got.headers["X-Quiz-Timestamp"]
    message = timestamp.encode() + b"." + got.body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(timestamp)) < 300
    return fresh and hmac.compare_digest(expected, got.headers["X-Quiz-Signature"])
