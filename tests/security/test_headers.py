"""Strict headers on pages, JSON responses and error pages; cookie flags; HTTPS in production."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quiz.api import tokens
from quiz.extensions import db
from quiz.models import User
from quiz.models.base import utcnow
from tests.actions import login
from tests.support import QuizClient, csrf_from, make_app
from tests.worlds.people import MakeUser


def csp_of(resp: TestResponse) -> dict[str, str]:
    """The Content-Security-Policy header as directive → value."""
    header = resp.headers.get("Content-Security-Policy", "")
    assert header, f"no CSP on {resp.request.path}"
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def assert_strict(resp: TestResponse) -> None:
    """Every response carries the same strict set of headers."""
    csp = csp_of(resp)
    assert "unsafe-inline" not in resp.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in resp.headers["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["script-src"].startswith("'self'") and csp["style-src"].startswith("'self'")
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in resp.headers  # development: plain HTTP


def test_pages_carry_strict_headers(quiz: QuizClient) -> None:
    client = quiz.client
    for path in ("/", "/start", "/history"):
        resp = client.get(path)
        assert resp.status_code == 200
        assert_strict(resp)
    quiz.start()
    resp = client.get(f"/attempt/{quiz.token}/q/1")
    assert resp.status_code == 200 and "question-form" in resp.get_data(as_text=True)
    assert_strict(resp)


def test_script_and_style_nonces_change_per_response(client: FlaskClient) -> None:
    first, second = csp_of(client.get("/")), csp_of(client.get("/"))
    nonce = re.compile(r"'nonce-([^']+)'")
    a, b = nonce.search(first["script-src"]), nonce.search(second["script-src"])
    assert a and b and a.group(1) != b.group(1)
    assert nonce.search(first["style-src"])


def test_templates_have_no_inline_script_or_style(client: FlaskClient) -> None:
    """Inline code would be blocked by the policy; pages load scripts and styles by URL."""
    html = client.get("/start").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_json_responses_carry_strict_headers(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    html = quiz.page(1)
    resp = quiz.client.post(
        f"/attempt/{quiz.token}/q/1/autosave",
        data={"csrf_token": csrf_from(html)},
        headers={"Accept": "application/json"},
    )
    assert resp.status_code == 200 and resp.json == {**resp.json, "status": "saved"}
    assert resp.mimetype == "application/json"
    assert_strict(resp)


@pytest.mark.parametrize("path", ["/nowhere", "/attempt/unknown-token/q/1"])
def test_404_pages_carry_strict_headers(client: FlaskClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404 and "There is nothing at this address" in resp.text
    assert_strict(resp)


def test_400_page_carries_strict_headers(client: FlaskClient) -> None:
    resp = client.post("/start", data={"profile": "junior-backend"})  # no CSRF token
    assert resp.status_code == 400 and "security token" in resp.text
    assert_strict(resp)


def test_413_page_and_json_carry_strict_headers(quiz: QuizClient) -> None:
    big = "x" * (260 * 1024)
    page = quiz.client.post("/start", data={"profile": "junior-backend", "notes": big})
    assert page.status_code == 413 and "at most 256 KB" in page.text
    assert_strict(page)
    quiz.start()
    resp = quiz.client.post(f"/attempt/{quiz.token}/q/1/autosave", data={"answer": big})
    assert resp.status_code == 413
    assert resp.json["error"]["code"] == "too_large"
    assert "at most 256 KB" in resp.json["error"]["message"]
    assert_strict(resp)


def test_500_page_carries_strict_headers(database_uri: str) -> None:
    app = make_app(database_uri, PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        raise RuntimeError("simulated fault")

    app.add_url_rule("/broken", "broken", broken)
    resp = app.test_client().get("/broken")
    assert resp.status_code == 500 and "Something went wrong on our side" in resp.text
    assert "Traceback" not in resp.text and "simulated fault" not in resp.text
    assert_strict(resp)
    from quiz.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_session_cookie_is_httponly_lax_and_not_secure_in_development(client: FlaskClient) -> None:
    page = client.get("/start").get_data(as_text=True)
    resp = client.post("/start", data={"profile": "junior-backend", "csrf_token": csrf_from(page)})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_production_adds_hsts_secure_cookies_and_https_redirect(
    database_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_ENV", "production")
    app = make_app(database_uri)
    client = app.test_client()
    plain = client.get("/start")
    assert plain.status_code == 302 and plain.location.startswith("https://")
    secure = client.get("/start", base_url="https://localhost")
    assert secure.status_code == 200
    max_age = re.fullmatch(r"max-age=(\d+)", secure.headers["Strict-Transport-Security"])
    assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600
    assert csp_of(secure)["frame-ancestors"] == "'none'"
    resp = client.post(
        "/start",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/start"},  # Flask-WTF checks it over HTTPS
        data={"profile": "junior-backend", "csrf_token": csrf_from(secure.text)},
    )
    assert resp.status_code == 302
    cookie = resp.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    from quiz.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_report_304_carries_strict_headers_and_cached_body_has_no_nonce(
    app: Flask, quiz: QuizClient
) -> None:
    """The report body is cached across requests, so it must not embed a per-request nonce;
    a revalidated report (304, no body) still gets the full set of headers."""
    import sqlalchemy as sa

    from quiz.extensions import cache, db
    from quiz.models import ReportSnapshot
    from quiz.reports.pages import body_key
    from tests.support import attempt_row

    token = quiz.start()
    quiz.answer(1, {"nav": "dont_know"}, nav="dont_know")
    assert quiz.submit().status_code == 302
    url = f"/attempt/{token}/report"
    first = quiz.client.get(url)
    assert first.status_code == 200 and "Your gap report" in first.text
    assert_strict(first)
    revalidated = quiz.client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.get_data() == b""
    assert_strict(revalidated)
    attempt = attempt_row(app, token)
    with app.test_request_context():
        snapshot_id = db.session.scalar(
            sa.select(ReportSnapshot.id).where(ReportSnapshot.attempt_id == attempt.id)
        )
        assert snapshot_id is not None
        body = cache.get(body_key(snapshot_id, False, attempt.review_allowed))
    assert isinstance(body, str) and "Your gap report" in body
    assert "nonce" not in body
    assert "<script" not in body and "<style" not in body and " style=" not in body


def test_personal_pages_downloads_and_api_answers_are_never_stored(
    app: Flask, quiz: QuizClient, make_user: MakeUser
) -> None:
    """The probe found no Cache-Control on the account page, the data export, the review,
    the report downloads and API answers: a shared computer's cache kept them."""
    quiz.start()
    quiz.submit()
    client = quiz.client
    uid = make_user("ada@example.org")
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None
        secret = tokens.create_token(user, "t", ["profiles:read"], utcnow() + timedelta(days=1))
    personal = [
        f"/attempt/{quiz.token}/review",
        f"/attempt/{quiz.token}/report.json",
        f"/attempt/{quiz.token}/report.csv",
        "/history",
    ]
    for path in personal:
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["Cache-Control"] == "no-store", path
    login(client, "ada@example.org")
    for path in ("/account/", "/account/export.json", "/home"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["Cache-Control"] == "no-store", path
    api = client.get("/api/v1/profiles", headers={"Authorization": f"Bearer {secret.secret}"})
    assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store"
    error = client.get("/api/v1/profiles")
    assert error.status_code == 401 and error.headers["Cache-Control"] == "no-store"
    # a report page keeps its revalidated ETag caching, still never in a shared cache
    report = client.get(f"/attempt/{quiz.token}/report")
    assert report.headers["Cache-Control"] == "private, no-cache"
    static = client.get("/static/css/site.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"
    static.close()
