"""The in-process timetable that runs queued calls when no Redis is configured."""

from __future__ import annotations

from flask import Flask, current_app

from quiz.core import queue

RAN: list[str] = []


def record(label: str) -> None:
    """A job: note which app ran it and with what."""
    RAN.append(f"{current_app.name}:{label}")


def _app(name: str) -> Flask:
    app = Flask(name)
    app.config.update(REDIS_URL=None, ATTEMPTS_REDIS_URL=None)
    return app


def test_discarding_an_app_drops_its_later_calls_and_keeps_the_others() -> None:
    RAN.clear()
    first, second = _app("first"), _app("second")
    with first.app_context():
        queue.enqueue(f"{__name__}.record", "later", queue="attempts", delay=0.3)
    with second.app_context():
        queue.enqueue(f"{__name__}.record", "later", queue="attempts", delay=0.3)

    assert queue.discard(first)
    assert queue.wait_until_idle(5)

    assert RAN == ["second:later"]


def test_calls_run_in_the_order_they_fall_due() -> None:
    RAN.clear()
    app = _app("one")
    with app.app_context():
        queue.enqueue(f"{__name__}.record", "b", queue="attempts", delay=0.2)
        queue.enqueue(f"{__name__}.record", "a", queue="attempts")
    assert queue.wait_until_idle(5)
    assert RAN == ["one:a", "one:b"]
