"""The authorization matrix: every route of ``app.url_map``, every method, every actor.

``MATRIX`` maps each URL rule to how to build a URL from the world and who may use it. From
the rule the test derives each actor's expected outcome:

- allowed: no 401/403/404/405, no log-in redirect, no CSRF failure (each POST carries the
  session's valid token, so a refusal can only come from authorization) and, for GETs with a
  ``shows`` text, that text in the page;
- denied, signed in: 404 (the project's rule: another's thing is not even confirmed to exist);
- denied, anonymous: the rule says — a redirect to the log-in (or sign-up) page for pages that
  need an account, or 404 for things reached by a secret in the URL;
- denied, anonymous, on the API: 401 (no bearer token); and every signed-in actor's browser
  session alone, without its token, gets 401 from every API route but the public ones;
- a method a rule does not accept: 405.

The lines are in ``matrix_pages.py`` (pages) and ``matrix_api.py`` (the JSON API), the rules
in ``rules.py``. A new route fails ``test_every_route_is_in_the_matrix`` until it gets its line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quiz.attempts import taking
from quiz.core.errors import CSRF_MESSAGE
from quiz.extensions import db
from tests.actions import login
from tests.security.matrix_api import API_LINES
from tests.security.matrix_pages import FIRST, LAST, PAGES
from tests.security.rules import ALL_ACTORS, API_PUBLIC, API_RULES, TOKEN_HOLDER, Entry
from tests.security.world import (
    ACTORS,
    ANONYMOUS,
    CANDIDATE_A,
    INSTRUCTOR_X,
    MatrixWorld,
    World,
    client_of,
)
from tests.support import QuizClient, attempt_row
from tests.worlds.people import MakeUser

EXCLUDED = {"/static/<path:filename>"}  # files, no access rules
MATRIX: dict[str, Entry] = {**PAGES, **API_LINES}


def _routes(app: Flask) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule not in EXCLUDED:
            routes.setdefault(rule.rule, set()).update(rule.methods or set())
    return {path: methods - {"HEAD", "OPTIONS"} for path, methods in routes.items()}


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    routes = _routes(app)
    missing = sorted(set(routes) - set(MATRIX))
    assert not missing, (
        f"Routes without an authorization rule: {missing}. Add one line per route to MATRIX "
        "in tests/security/matrix_pages.py or matrix_api.py (URL builder, rule), and document "
        "the rule "
        "in docs/security.md."
    )
    stale = sorted(set(MATRIX) - set(routes))
    assert not stale, f"MATRIX names routes that no longer exist: {stale}; remove them."
    assert "/static/<path:filename>" in {r.rule for r in app.url_map.iter_rules()}


def _expected(entry: Entry, actor: str) -> str:
    if actor in entry.rule.allowed:
        return "allowed"
    return entry.rule.anonymous if actor == ANONYMOUS else "404"


def _check(resp: TestResponse, expected: str, entry: Entry, method: str, where: str) -> None:
    status, body = resp.status_code, resp.get_data(as_text=True)
    location = resp.headers.get("Location", "")
    if expected == "allowed":
        assert status not in {401, 403, 404, 405}, f"{where}: {status}"
        assert CSRF_MESSAGE not in body, f"{where}: refused for CSRF, not authorization"
        if entry.rule.allowed != ALL_ACTORS:  # a public page may send one to log in
            assert not location.startswith(("/login", "/signup")), f"{where}: sent to {location}"
        if method == "GET" and entry.shows:
            assert entry.shows in body, f"{where}: page lacks {entry.shows!r}"
    elif expected == "404":
        assert status == 404, f"{where}: expected 404, got {status} {location}"
    elif expected == "401":
        assert status == 401 and resp.is_json, f"{where}: expected a JSON 401, got {status}"
        assert resp.json is not None and resp.json["error"]["code"] == "unauthenticated", where
    else:
        assert status == 302 and location.startswith(f"/{expected}"), (
            f"{where}: expected a redirect to /{expected}, got {status} {location}"
        )


def _cells(routes: dict[str, set[str]]) -> list[tuple[str, str]]:
    cells = [(path, m) for path in routes for m in sorted(routes[path])]

    def order(cell: tuple[str, str]) -> tuple[int, int]:
        path = cell[0]
        if path in FIRST:
            return (0, FIRST.index(path))
        return (2, LAST.index(path)) if path in LAST else (1, 0)

    return sorted(cells, key=order)


def _api_call(
    client: FlaskClient, entry: Entry, url: str, method: str, secret: str | None, where: str
) -> TestResponse:
    """An API call with the actor's bearer token, or none; the API never sets a cookie."""
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    body: Any = (entry.body or {}) if method in {"POST", "PUT"} else None
    resp = client.open(url, method=method, headers=headers, json=body)
    assert "Set-Cookie" not in resp.headers, f"{where}: the API set a cookie"
    return resp


def _call(world: World, client: FlaskClient, csrf: str, actor: str, cell: tuple[str, str]) -> str:
    """Run one cell and check its outcome; returns the response's body."""
    path, method = cell
    entry = MATRIX[path]
    url = entry.url(world)
    where = f"{actor} {method} {url} ({path}, {entry.rule.name})"
    if entry.rule not in API_RULES:
        data = {"csrf_token": csrf} if method == "POST" else None
        resp = client.open(url, method=method, data=data)
    else:
        secret = world.integrations.api_secrets.get(actor)
        if secret and entry.rule is not API_PUBLIC:  # the browser session alone: 401
            with _api_call(client, entry, url, method, None, where) as alone:
                _check(alone, "401", entry, method, where)
        resp = _api_call(client, entry, url, method, secret, where)
    with resp:  # closes a file sent from disk
        _check(resp, _expected(entry, actor), entry, method, where)
        return resp.get_data(as_text=True)


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix(extra_app: Callable[..., Flask], matrix_world: MatrixWorld, actor: str) -> None:
    app = extra_app(RATELIMIT_ENABLED=False)
    world = matrix_world(actor, app)
    client, csrf = client_of(app, world, actor)
    routes = _routes(app)
    for path, method in _cells(routes):
        body = _call(world, client, csrf, actor, (path, method))
        where = f"{actor} {method} {path}"
        entry = MATRIX[path]
        if actor not in {CANDIDATE_A, INSTRUCTOR_X} and entry.rule is not TOKEN_HOLDER:
            assert world.a_token not in body, f"{where}: leaks A's token"
        if actor != CANDIDATE_A:  # not even the recruiters A's results are shared with
            assert world.hiring.a_recruit_token not in body, f"{where}: leaks A's hiring token"
    for path, methods in routes.items():  # a method the route does not take: 405
        for method in {"GET", "POST"} - methods:
            resp = client.open(MATRIX[path].url(world), method=method, data={"csrf_token": csrf})
            assert resp.status_code == 405, f"{actor} {method} {path}: {resp.status_code}"


def test_a_resume_link_opens_anonymous_attempts_only(app: Flask, make_user: MakeUser) -> None:
    make_user("ann@example.org")
    owner = app.test_client()
    login(owner, "ann@example.org")
    owned = QuizClient(owner)
    owned.start()
    anonymous = QuizClient(app.test_client())
    anonymous.start()
    finder = app.test_client()
    for token in (owned.token, anonymous.token):
        with app.app_context():
            resume = taking.new_resume_link(db.session.merge(attempt_row(app, token)))
        assert finder.get(f"/resume/{resume}").status_code == 302
    history = finder.get("/history").get_data(as_text=True)
    assert anonymous.token in history  # a resume link moves an anonymous attempt, as designed
    assert owned.token not in history  # an account's attempt stays with the account
    assert finder.get(f"/attempt/{owned.token}/about").status_code == 404
