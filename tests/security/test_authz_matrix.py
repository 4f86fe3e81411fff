"""The authorization matrix: every route of ``app.url_map``, every method, every actor.

``MATRIX`` maps each URL rule to how to build a URL from the world and who may use it. From
the rule the test derives each actor's expected outcome:

- allowed: no 401/403/404/405, no log-in redirect, no CSRF failure (each POST carries the
  session's valid token, so a refusal can only come from authorization) and, for GETs with a
  ``shows`` text, that text in the page;
- denied, signed in: 404 (the project's rule: another's thing is not even confirmed to exist);
- denied, anonymous: the rule says — a redirect to the log-in (or sign-up) page for pages that
  need an account, or 404 for things reached by a secret in the URL;
- a method a rule does not accept: 405.

A new route fails ``test_every_route_is_in_the_matrix`` until it gets its one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from quiz.errors import CSRF_MESSAGE
from tests.people import login, make_user
from tests.security.world import (
    ACTORS,
    ADMIN,
    ANONYMOUS,
    CANDIDATE_A,
    COMPANY_OWNER_X,
    INSTRUCTOR_X,
    OTHER_RECRUITER,
    RECRUITER_X,
    World,
    build_world,
    client_of,
)
from tests.support import QuizClient, attempt_row

EXCLUDED = {"/static/<path:filename>"}  # files, no access rules
ALL_ACTORS = frozenset(ACTORS)
SIGNED_IN_ACTORS = ALL_ACTORS - {ANONYMOUS}


@dataclass(frozen=True)
class Rule:
    """Who may use a route, and what an anonymous visitor who may not gets."""

    name: str
    allowed: frozenset[str]
    anonymous: str = "login"  # "login", "signup" (redirect there) or "404"


PUBLIC = Rule("PUBLIC", ALL_ACTORS)
TOKEN_HOLDER = Rule("TOKEN_HOLDER", ALL_ACTORS)  # anyone who has the secret link
SIGNED_IN = Rule("SIGNED_IN", SIGNED_IN_ACTORS)
SIGNED_IN_VIA_SIGNUP = Rule("SIGNED_IN_VIA_SIGNUP", SIGNED_IN_ACTORS, anonymous="signup")
OWNER_OF_ATTEMPT = Rule("OWNER_OF_ATTEMPT", frozenset({CANDIDATE_A}), anonymous="404")
STUDENT_OF_COHORT_X = Rule("STUDENT_OF_COHORT_X", frozenset({CANDIDATE_A}))
ORG_TEACHER_X = Rule("ORG_TEACHER_X", frozenset({INSTRUCTOR_X}))
ORG_OWNER_X = Rule("ORG_OWNER_X", frozenset({INSTRUCTOR_X}))  # instructor X owns org X
SITE_ADMIN = Rule("SITE_ADMIN", frozenset({ADMIN}))
INVITEE_A = Rule("INVITEE_A", frozenset({CANDIDATE_A}))  # A consented to company X's position
RECRUITERS = Rule("RECRUITERS", frozenset({RECRUITER_X, COMPANY_OWNER_X, OTHER_RECRUITER}))
ORG_RECRUITER_X = Rule("ORG_RECRUITER_X", frozenset({RECRUITER_X, COMPANY_OWNER_X}))
ORG_RECRUITING_OWNER_X = Rule("ORG_RECRUITING_OWNER_X", frozenset({COMPANY_OWNER_X}))

Url = Callable[[World], str]


@dataclass(frozen=True)
class Entry:
    """How to reach a route in the world, who may, and a text an allowed GET shows."""

    url: Url
    rule: Rule
    shows: str = ""


def attempt(suffix: str) -> Url:
    """A URL under candidate A's attempt."""
    return lambda w: f"/attempt/{w.a_token}{suffix}"


def banks(suffix: str) -> Url:
    """A URL under org X's banks."""
    return lambda w: f"/orgs/{w.x.org_id}/banks{suffix}"


def company(suffix: str) -> Url:
    """A URL under company X's recruiting page."""
    return lambda w: f"/recruit/orgs/{w.hiring.company_x_id}{suffix}"


def position(suffix: str) -> Url:
    """A URL under company X's position."""
    return lambda w: f"/recruit/positions/{w.hiring.position_id}{suffix}"


def invitation(suffix: str) -> Url:
    """A URL under the link of company X's pending invitation."""
    return lambda w: f"/recruit/i/{w.hiring.invite_token}{suffix}"


MATRIX: dict[str, Entry] = {
    "/": Entry(lambda w: "/", PUBLIC),
    # Accounts
    "/signup": Entry(lambda w: "/signup", PUBLIC, "Create"),
    "/signup/confirm/<token>": Entry(lambda w: "/signup/confirm/not-a-token", PUBLIC),
    "/login": Entry(lambda w: "/login", PUBLIC, "Log in"),
    "/logout": Entry(lambda w: "/logout", PUBLIC),
    "/password/forgot": Entry(lambda w: "/password/forgot", PUBLIC),
    "/password/reset/<token>": Entry(lambda w: "/password/reset/not-a-token", PUBLIC),
    "/account/": Entry(lambda w: "/account/", SIGNED_IN, "Who viewed your reports"),
    "/account/password": Entry(lambda w: "/account/password", SIGNED_IN),
    "/account/export.json": Entry(lambda w: "/account/export.json", SIGNED_IN, '"account"'),
    "/account/delete": Entry(lambda w: "/account/delete", SIGNED_IN),
    # Taking a quiz
    "/start": Entry(lambda w: "/start", PUBLIC),
    "/resume/<resume_token>": Entry(lambda w: f"/resume/{w.a_resume_token}", TOKEN_HOLDER),
    "/attempt/<token>/about": Entry(attempt("/about"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/q/<int:number>": Entry(attempt("/q/1"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/q/<int:number>/autosave": Entry(attempt("/q/1/autosave"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/finish": Entry(attempt("/finish"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/submit": Entry(attempt("/submit"), OWNER_OF_ATTEMPT),
    # Reports
    "/attempt/<token>/report": Entry(attempt("/report"), OWNER_OF_ATTEMPT, "Share"),
    "/attempt/<token>/report.json": Entry(attempt("/report.json"), OWNER_OF_ATTEMPT, "overall"),
    "/attempt/<token>/report.csv": Entry(attempt("/report.csv"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/review": Entry(attempt("/review"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/shares": Entry(attempt("/shares"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/shares/<int:link_id>/revoke": Entry(
        lambda w: f"/attempt/{w.a_token}/shares/{w.share_id}/revoke", OWNER_OF_ATTEMPT
    ),
    "/shared/<share_token>": Entry(lambda w: f"/shared/{w.share_token}", TOKEN_HOLDER),
    "/history": Entry(lambda w: "/history", PUBLIC),
    # Students in cohorts
    "/home": Entry(lambda w: "/home", SIGNED_IN),
    "/join": Entry(lambda w: "/join", SIGNED_IN_VIA_SIGNUP),
    "/join/<code>": Entry(lambda w: f"/join/{w.x.join_code}", SIGNED_IN_VIA_SIGNUP),
    "/assignments/<int:assignment_id>/start": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/start", STUDENT_OF_COHORT_X
    ),
    # Instructors of org X
    "/orgs/new": Entry(lambda w: "/orgs/new", SIGNED_IN),
    "/orgs/<int:org_id>": Entry(lambda w: f"/orgs/{w.x.org_id}", ORG_TEACHER_X, "Code Camp"),
    "/orgs/<int:org_id>/cohorts": Entry(lambda w: f"/orgs/{w.x.org_id}/cohorts", ORG_TEACHER_X),
    "/orgs/<int:org_id>/members": Entry(lambda w: f"/orgs/{w.x.org_id}/members", ORG_OWNER_X),
    "/cohorts/<int:cohort_id>": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}", ORG_TEACHER_X, "Spring cohort"
    ),
    "/cohorts/<int:cohort_id>/roster": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/roster", ORG_TEACHER_X
    ),
    "/cohorts/<int:cohort_id>/assignments/new": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/assignments/new", ORG_TEACHER_X
    ),
    "/cohorts/<int:cohort_id>/progress": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/progress", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}", ORG_TEACHER_X, "Week 1 check"
    ),
    "/assignments/<int:assignment_id>/dashboard.csv": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/dashboard.csv", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>/items": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/items", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}",
        ORG_TEACHER_X,
        "Candidate A",
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>/extra-time": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}/extra-time",
        ORG_TEACHER_X,
    ),
    # Org X's own banks
    "/orgs/<int:org_id>/banks": Entry(banks(""), ORG_TEACHER_X, "org-x-own-item"),
    "/orgs/<int:org_id>/banks/items/new": Entry(banks("/items/new"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/items/<int:pk>": Entry(
        lambda w: f"/orgs/{w.x.org_id}/banks/items/{w.hiring.bank_item_pk}",
        ORG_TEACHER_X,
        "org-x-own-item",
    ),
    "/orgs/<int:org_id>/banks/validate": Entry(banks("/validate"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/upload": Entry(banks("/upload"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/upload/confirm": Entry(banks("/upload/confirm"), ORG_TEACHER_X),
    # Recruiters of company X
    "/recruit/": Entry(lambda w: "/recruit/", RECRUITERS),  # one company: a redirect to it
    "/recruit/orgs/<int:org_id>": Entry(company(""), ORG_RECRUITER_X, "Acme Hiring"),
    "/recruit/orgs/<int:org_id>/retention": Entry(company("/retention"), ORG_RECRUITING_OWNER_X),
    "/recruit/orgs/<int:org_id>/positions/new": Entry(company("/positions/new"), ORG_RECRUITER_X),
    "/recruit/orgs/<int:org_id>/positions/from-jd": Entry(
        company("/positions/from-jd"), ORG_RECRUITER_X
    ),
    "/recruit/orgs/<int:org_id>/positions/from-jd/save": Entry(
        company("/positions/from-jd/save"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>": Entry(position(""), ORG_RECRUITER_X, "a@example.org"),
    "/recruit/positions/<int:position_id>/settings": Entry(position("/settings"), ORG_RECRUITER_X),
    "/recruit/positions/<int:position_id>/invitations": Entry(
        position("/invitations"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/invitations/csv": Entry(
        position("/invitations/csv"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/remind": Entry(position("/remind"), ORG_RECRUITER_X),
    "/recruit/positions/<int:position_id>/public-link": Entry(
        position("/public-link"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/close": Entry(position("/close"), ORG_RECRUITER_X),
    "/recruit/invitations/<int:invitation_id>/remind": Entry(
        lambda w: f"/recruit/invitations/{w.hiring.a_invitation_id}/remind", ORG_RECRUITER_X
    ),
    # Candidates: invitation links, the public link, withdrawing
    "/recruit/i/<token>": Entry(invitation(""), TOKEN_HOLDER, "Backend engineer at Acme"),
    "/recruit/i/<token>/consent": Entry(invitation("/consent"), SIGNED_IN),  # and the link
    "/recruit/i/<token>/attach": Entry(invitation("/attach"), SIGNED_IN),  # and the link
    "/recruit/i/<token>/decline": Entry(invitation("/decline"), TOKEN_HOLDER),
    "/recruit/p/<slug>": Entry(
        lambda w: f"/recruit/p/{w.hiring.public_slug}", SIGNED_IN_VIA_SIGNUP
    ),
    "/recruit/invitations/<int:invitation_id>/withdraw": Entry(
        lambda w: f"/recruit/invitations/{w.hiring.a_invitation_id}/withdraw",
        INVITEE_A,
        "Withdraw from Backend engineer at Acme",
    ),
    # Site administration
    "/admin/report-views": Entry(lambda w: "/admin/report-views", SITE_ADMIN, "audit log"),
}

# Run first: holding A's resume link must not open A's other pages afterwards.
FIRST = ("/resume/<resume_token>",)
# Run last: these change the actor's session or the world the other cells rely on.
# Declining ends the pending invitation; the public link reuses the actor's invitation and
# renews its link, as do the reminders; then the public link and the position close; A
# withdraws; the join link puts whoever holds it in cohort X; revoking ends the share link;
# logging out ends the session.
LAST = (
    "/recruit/i/<token>/decline",
    "/recruit/p/<slug>",
    "/recruit/positions/<int:position_id>/remind",
    "/recruit/positions/<int:position_id>/public-link",
    "/recruit/positions/<int:position_id>/close",
    "/recruit/invitations/<int:invitation_id>/withdraw",
    "/join/<code>",
    "/attempt/<token>/shares/<int:link_id>/revoke",
    "/logout",
)


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
        "in tests/security/test_authz_matrix.py (URL builder, rule), and document the rule "
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


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix(extra_app: Callable[..., Flask], actor: str) -> None:
    app = extra_app(RATELIMIT_ENABLED=False)
    world = build_world(app, actor)
    client, csrf = client_of(app, world, actor)
    routes = _routes(app)
    for path, method in _cells(routes):
        entry = MATRIX[path]
        url = entry.url(world)
        data = {"csrf_token": csrf} if method == "POST" else None
        resp = client.open(url, method=method, data=data)
        where = f"{actor} {method} {url} ({path}, {entry.rule.name})"
        _check(resp, _expected(entry, actor), entry, method, where)
        body = resp.get_data(as_text=True)
        if actor not in {CANDIDATE_A, INSTRUCTOR_X} and entry.rule is not TOKEN_HOLDER:
            assert world.a_token not in body, f"{where}: leaks A's token"
        if actor != CANDIDATE_A:  # not even the recruiters A's results are shared with
            assert world.hiring.a_recruit_token not in body, f"{where}: leaks A's hiring token"
    for path, methods in routes.items():  # a method the route does not take: 405
        for method in {"GET", "POST"} - methods:
            resp = client.open(MATRIX[path].url(world), method=method, data={"csrf_token": csrf})
            assert resp.status_code == 405, f"{actor} {method} {path}: {resp.status_code}"


def test_a_resume_link_opens_anonymous_attempts_only(app: Flask) -> None:
    make_user(app, "ann@example.org")
    owner = app.test_client()
    login(owner, "ann@example.org")
    owned = QuizClient(owner)
    owned.start()
    anonymous = QuizClient(app.test_client())
    anonymous.start()
    finder = app.test_client()
    for token in (owned.token, anonymous.token):
        resume = attempt_row(app, token).resume_token
        assert finder.get(f"/resume/{resume}").status_code == 302
    history = finder.get("/history").get_data(as_text=True)
    assert anonymous.token in history  # a resume link moves an anonymous attempt, as designed
    assert owned.token not in history  # an account's attempt stays with the account
    assert finder.get(f"/attempt/{owned.token}/about").status_code == 404
