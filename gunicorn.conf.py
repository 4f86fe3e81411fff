"""Gunicorn settings for production (``make serve``). docs/deploy.md explains each variable.

The app and its question content load once in the master process (``preload_app``), before
workers fork: workers share that memory and no request ever waits for the content.
"""

from __future__ import annotations

import gc
import os
from typing import Any

import gunicorn.http.wsgi

# Say nothing of the server software in the Server header (gunicorn's default names itself).
gunicorn.http.wsgi.SERVER = "quiz"  # type: ignore[attr-defined]

wsgi_app = "wsgi:app"
bind = [os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")]
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("WEB_THREADS", "1"))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; jitter spreads restarts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Only the reverse proxy may say the original request was HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Several instances may run on one host; a shared default control socket path would collide.
control_socket_disable = True
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files off the disk


def when_ready(server: Any) -> None:
    """In the master, before any worker forks: load the content, then freeze the heap so
    the shared pages are not copied by the garbage collector touching them in each worker."""
    from quiz.core.serving import preload

    content = preload(server.app.wsgi())
    server.log.info("content %s loaded: %d items", content.version, len(content.items))
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """Each worker opens its own database connections; none is inherited from the master."""
    from quiz.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)
