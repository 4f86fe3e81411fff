"""The job queue: run a function outside the request, now or after a delay.

``enqueue("quiz.core.mail.deliver", raw, queue="mail")`` names the function by its dotted path,
so nothing here imports the code it runs. With Redis configured for the queue
(``MAIL_REDIS_URL`` for ``mail``, ``WEBHOOK_REDIS_URL`` for ``webhooks``, ``ATTEMPTS_REDIS_URL``
for ``attempts``, else ``REDIS_URL``) the call is an RQ job, run on any host by
``rq worker -w worker.AppWorker --with-scheduler webhooks mail attempts`` in the app that
``worker.py`` builds. Without Redis, or when Redis cannot be reached at that moment, one daemon
thread per process keeps a timetable and runs each call in the app's context: no set-up, but
what it has not run is lost when the process stops.

A job runs in an app context either way and finds the app as ``current_app``.
"""

from __future__ import annotations

import heapq
import importlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)

# Queue name → the setting naming its Redis (REDIS_URL when that setting is empty).
REDIS_SETTINGS = {
    "mail": "MAIL_REDIS_URL",
    "webhooks": "WEBHOOK_REDIS_URL",
    "attempts": "ATTEMPTS_REDIS_URL",
}


def redis_url(app: Flask, queue: str) -> str | None:
    """The Redis that carries ``queue``'s jobs, if any."""
    setting = REDIS_SETTINGS.get(queue, "")
    return app.config.get(setting) or app.config.get("REDIS_URL") or None


def resolve(func: str) -> Callable[..., Any]:
    """The function a dotted name (``package.module.function``) names."""
    module, _, name = func.rpartition(".")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


def enqueue(
    func: str,
    *args: Any,
    queue: str,
    delay: float = 0.0,
    retry: Sequence[int] = (),
    timeout: int = 60,
    keep_result: bool = True,
) -> None:
    """Run ``func(*args)`` outside this request after ``delay`` seconds.

    ``retry`` gives the seconds before each further try of a call that raised; ``timeout``
    bounds one run on RQ; ``keep_result=False`` leaves nothing in Redis once the job is done.
    """
    resolve(func)  # a typo fails here, in the request, and not later in a worker
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    url = redis_url(app, queue)
    if url:
        try:
            _enqueue_rq(url, queue, func, args, delay, retry, timeout, keep_result)
            return
        except Exception:  # Redis unreachable: run it in this process rather than never
            log.exception("could not queue %s on Redis; running it on a thread", func)
    _timetable.put(app, _Call(func, args, tuple(retry)), delay)


def _enqueue_rq(
    url: str,
    queue: str,
    func: str,
    args: tuple[Any, ...],
    delay: float,
    retry: Sequence[int],
    timeout: int,
    keep_result: bool,
) -> None:
    from redis import Redis
    from rq import Queue, Retry

    options: dict[str, Any] = {"job_timeout": timeout}
    if retry:
        options["retry"] = Retry(max=len(retry), interval=list(retry))
    if not keep_result:
        options["result_ttl"] = 0
    with Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5) as connection:
        jobs = Queue(queue, connection=connection)
        if delay <= 0:
            jobs.enqueue(func, *args, **options)
        else:
            jobs.enqueue_in(timedelta(seconds=delay), func, *args, **options)


class _Call:
    """One queued call and the delays of the tries it has left."""

    def __init__(self, func: str, args: tuple[Any, ...], retry: tuple[int, ...]) -> None:
        self.func = func
        self.args = args
        self.retry = retry


class _Timetable:
    """Calls due at a time, run one by one on a daemon thread, each in its app's context."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Flask, _Call]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._running = 0
        self._busy: list[Flask] = []  # the apps whose calls are running now
        self._thread: threading.Thread | None = None

    def put(self, app: Flask, call: _Call, delay: float) -> None:
        with self._cond:
            entry = (time.monotonic() + max(0.0, delay), next(self._order), app, call)
            heapq.heappush(self._due, entry)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="jobs", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _next(self) -> tuple[Flask, _Call]:
        with self._cond:
            while True:
                if not self._due:
                    self._cond.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _, _, app, call = heapq.heappop(self._due)
                self._running += 1
                self._busy.append(app)
                return app, call

    def _work(self) -> None:
        while True:
            app, call = self._next()
            try:
                with app.app_context():
                    resolve(call.func)(*call.args)
            except Exception:  # one failed call must not stop the others
                log.exception("job %s failed", call.func)
                if call.retry:
                    self.put(app, _Call(call.func, call.args, call.retry[1:]), call.retry[0])
            finally:
                with self._cond:
                    self._running -= 1
                    self._busy.remove(app)
                    self._cond.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        until = time.monotonic() + timeout

        def idle() -> bool:
            return not self._running and all(due > until for due, *_ in self._due)

        with self._cond:
            return self._cond.wait_for(idle, timeout)

    def discard(self, app: Flask, timeout: float) -> bool:
        with self._cond:
            self._due = [entry for entry in self._due if entry[2] is not app]
            heapq.heapify(self._due)
            return self._cond.wait_for(lambda: app not in self._busy, timeout)


_timetable = _Timetable()


def wait_until_idle(timeout: float = 10.0) -> bool:
    """Block until this process's thread runs nothing and has nothing due within ``timeout``
    seconds (tests, CLI commands before exiting); False on timeout. Calls due later (an
    attempt's deadline an hour away) do not hold it up. Jobs on Redis are the RQ worker's."""
    return _timetable.wait_until_idle(timeout)


def discard(app: Flask, timeout: float = 10.0) -> bool:
    """Forget every call ``app`` has waiting on this process's thread and wait for the one it
    is running, if any: an app being shut down (a test's, a CLI command's) leaves nothing that
    would later open its database again. False if a running call outlasts ``timeout``."""
    return _timetable.discard(app, timeout)
