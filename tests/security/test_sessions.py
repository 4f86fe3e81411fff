"""Session cookies: set when the session changes, refreshed when due, never when unchanged and
fresh; a forged or expired cookie still opens an empty session."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from tests.support import QuizClient


def _cookie(resp: object) -> str | None:
    header: str | None = resp.headers.get("Set-Cookie")  # type: ignore[attr-defined]
    return header


def test_changed_session_sets_the_cookie_and_an_unchanged_fresh_one_does_not(
    app: Flask, quiz: QuizClient
) -> None:
    page = quiz.client.get("/start")
    assert _cookie(page) is not None and "session=" in str(_cookie(page))  # CSRF secret stored
    token = quiz.start()
    resp = quiz.client.get(f"/attempt/{token}/q/1")
    assert resp.status_code == 200
    assert _cookie(resp) is None
    assert resp.headers["Vary"] == "Cookie"
    again = quiz.client.get(f"/attempt/{token}/q/2")
    assert again.status_code == 200 and _cookie(again) is None  # the old cookie still works


def test_unchanged_permanent_session_is_refreshed_once_due(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    app.config["SESSION_REFRESH_AFTER"] = timedelta(0)
    resp = quiz.client.get(f"/attempt/{token}/q/1")
    cookie = _cookie(resp)
    assert cookie is not None and cookie.startswith("session=") and "Expires=" in cookie
    app.config["SESSION_REFRESH_AFTER"] = timedelta(hours=1)
    assert _cookie(quiz.client.get(f"/attempt/{token}/q/1")) is None


def test_every_response_re_signs_the_cookie_while_a_fallback_key_is_set(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    app.config["SECRET_KEY_FALLBACKS"] = ["an-old-secret"]
    assert _cookie(quiz.client.get(f"/attempt/{token}/q/1")) is not None
    assert _cookie(quiz.client.get(f"/attempt/{token}/q/1")) is not None


def test_forged_cookie_opens_an_empty_session(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    good = quiz.client.get_cookie("session")
    assert good is not None
    quiz.client.set_cookie("session", good.value[:-2] + ("AA" if good.value[-2:] != "AA" else "BB"))
    assert quiz.client.get(f"/attempt/{token}/q/1").status_code == 404
    quiz.client.set_cookie("session", good.value)
    assert quiz.client.get(f"/attempt/{token}/q/1").status_code == 200
