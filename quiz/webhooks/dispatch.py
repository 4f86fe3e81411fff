"""Run webhook tries outside the request: on RQ when Redis is configured, else on a thread.

With ``WEBHOOK_REDIS_URL`` (or ``REDIS_URL``) set, a try is an RQ job on the ``webhooks`` queue
(``enqueue_in`` for a retry, so run ``rq worker --with-scheduler webhooks``). Without Redis a
single background thread per process keeps a timetable of tries; it needs no set-up, but
pending tries are lost when the process stops (their rows stay "pending" in the log).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from datetime import timedelta

from flask import Flask, current_app

log = logging.getLogger(__name__)

QUEUE = "webhooks"


def redis_url(app: Flask) -> str | None:
    """The Redis the deliveries queue on, if any."""
    return app.config.get("WEBHOOK_REDIS_URL") or app.config.get("REDIS_URL") or None


def schedule(try_id: int, delay: float) -> None:
    """Run try ``try_id`` after ``delay`` seconds, outside this request."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    url = redis_url(app)
    if url:
        try:
            _enqueue_rq(url, try_id, delay)
            return
        except Exception:  # Redis unreachable: deliver from this process rather than never
            log.exception("could not queue webhook try %s on Redis; using a thread", try_id)
    _timetable.put(app, try_id, delay)


def _enqueue_rq(url: str, try_id: int, delay: float) -> None:
    from redis import Redis
    from rq import Queue

    from quiz.webhooks.jobs import run_try_job

    queue = Queue(QUEUE, connection=Redis.from_url(url))
    if delay <= 0:
        queue.enqueue(run_try_job, try_id, job_timeout=60)
    else:
        queue.enqueue_in(timedelta(seconds=delay), run_try_job, try_id, job_timeout=60)


class _Timetable:
    """Tries due at a time, run one by one on a daemon thread, each in its app's context."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Flask, int]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._running = 0
        self._thread: threading.Thread | None = None

    def put(self, app: Flask, try_id: int, delay: float) -> None:
        with self._cond:
            entry = (time.monotonic() + max(0.0, delay), next(self._order), app, try_id)
            heapq.heappush(self._due, entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="webhooks", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _next(self) -> tuple[Flask, int]:
        with self._cond:
            while True:
                if not self._due:
                    self._cond.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _, _, app, try_id = heapq.heappop(self._due)
                self._running += 1
                return app, try_id

    def _work(self) -> None:
        from quiz.webhooks.delivery import run_try

        while True:
            app, try_id = self._next()
            try:
                with app.app_context():
                    run_try(try_id)
            except Exception:  # one failed try must not stop the others
                log.exception("webhook try %s failed", try_id)
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._due and not self._running, timeout)


_timetable = _Timetable()


def wait_until_idle(timeout: float = 10.0) -> bool:
    """Block until this process has no pending try (tests); False on timeout."""
    return _timetable.wait_until_idle(timeout)
