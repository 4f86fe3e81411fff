"""Rate limits: named limits from config, a 429 page or JSON with Retry-After, Redis storage."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
import redis
from flask import Flask
from werkzeug.test import TestResponse

from quiz.extensions import db
from quiz.models import Response
from quiz.security.limits import DEFAULT_RATE_LIMITS, rate_limited
from tests.support import QuizClient, csrf_from, make_app

LOW = {"answer_save": "3 per minute"}


def autosave(quiz: QuizClient, number: int, html: str) -> TestResponse:
    """An autosave of an empty answer: it is counted like any save, whatever the item type."""
    return quiz.client.post(
        f"/attempt/{quiz.token}/q/{number}/autosave",
        data={"csrf_token": csrf_from(html)},
        headers={"Accept": "application/json"},
    )


def saved_count(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(Response)).all())


def test_autosave_over_the_limit_gets_json_429_with_retry_after(
    extra_app: Callable[..., Flask],
) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    quiz = QuizClient(app.test_client())
    quiz.start()
    html = quiz.page(1)
    codes = [autosave(quiz, 1, html).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    resp = autosave(quiz, 1, html)
    assert resp.status_code == 429
    assert resp.json["error"]["code"] == "rate_limited"
    assert resp.json["error"]["message"].startswith("Too many requests in a short time")
    assert re.search(r"Try again in \d+ seconds?\.$", resp.json["error"]["message"])
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_page_saves_share_the_counter_and_429_is_a_page(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    quiz = QuizClient(app.test_client())
    quiz.start()
    html = quiz.page(1)
    for _ in range(2):
        assert autosave(quiz, 1, html).status_code == 200
    for _ in range(5):  # showing questions is not counted
        assert quiz.client.get(f"/attempt/{quiz.token}/q/1").status_code == 200
    assert quiz.answer(1, {}, nav="dont_know").status_code == 302
    resp = quiz.answer(2, {}, nav="dont_know")
    assert resp.status_code == 429
    page = resp.get_data(as_text=True)
    assert "Too many requests" in page and "Back-end Skill Gap" in page  # the site layout
    assert int(resp.headers["Retry-After"]) >= 1
    assert saved_count(app) == 1  # the throttled save did not run


def test_limits_count_per_attempt(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS={"answer_save": "1 per minute"})
    first, second = QuizClient(app.test_client()), QuizClient(app.test_client())
    first.start()
    second.start()
    html_a, html_b = first.page(1), second.page(1)
    assert autosave(first, 1, html_a).status_code == 200
    assert autosave(first, 1, html_a).status_code == 429
    assert autosave(second, 1, html_b).status_code == 200


def test_default_limits_do_not_throttle_a_normal_session(quiz: QuizClient) -> None:
    quiz.start()
    for number in range(1, 9):
        html = quiz.page(number)
        for _ in range(10):  # a candidate changing their mind, autosaving each time
            resp = quiz.client.post(
                f"/attempt/{quiz.token}/q/{number}/autosave",
                data={"csrf_token": csrf_from(html)},
            )
            assert resp.status_code == 200, resp.get_data(as_text=True)
    assert all(quiz.client.get("/").status_code == 200 for _ in range(200))


def test_named_limits_cover_the_account_routes_to_come(app: Flask) -> None:
    names = {"login", "signup", "password_reset", "join_code", "invitation", "api"}
    assert names <= set(app.config["RATE_LIMITS"])
    assert app.config["RATE_LIMITS"]["answer_save"] == DEFAULT_RATE_LIMITS["answer_save"]
    with pytest.raises(KeyError, match="unknown rate limit"):
        rate_limited("no-such-limit")


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def test_counters_live_in_redis_when_redis_url_is_set(
    database_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    app = make_app(database_uri, RATE_LIMITS=LOW)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    store = redis.Redis.from_url(REDIS_URL)
    token = ""
    try:
        quiz = QuizClient(app.test_client())
        token = quiz.start()
        html = quiz.page(1)
        codes = [autosave(quiz, 1, html).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        keys = [k.decode() for k in store.scan_iter(f"*{token}*")]
        assert len(keys) == 1 and "answer_save" in keys[0]
    finally:
        for key in store.scan_iter(f"*{token}*") if token else []:
            store.delete(key)
        store.close()
        with app.app_context():
            db.engine.dispose()


def test_without_redis_url_counters_are_in_memory(
    database_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = make_app(database_uri)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    with app.app_context():
        db.engine.dispose()


def test_an_operator_sets_a_limit_in_the_environment(
    extra_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_ANSWER_SAVE", "2 per minute")
    app = extra_app()
    assert app.config["RATE_LIMITS"]["answer_save"] == "2 per minute"
    assert app.config["RATE_LIMITS"]["login"] == DEFAULT_RATE_LIMITS["login"]
    quiz = QuizClient(app.test_client())
    quiz.start()
    html = quiz.page(1)
    assert [autosave(quiz, 1, html).status_code for _ in range(3)] == [200, 200, 429]


def test_a_bad_limit_in_the_environment_names_the_variable(
    database_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_LOGIN", "lots")
    with pytest.raises(ValueError, match="RATE_LIMIT_LOGIN='lots' is not a rate limit"):
        make_app(database_uri)
