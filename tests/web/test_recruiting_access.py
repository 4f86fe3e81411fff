"""Who may open recruiting pages: only the position's company; everyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Invitation, Position
from tests.people import login, make_class, make_user, rows
from tests.recruiters import consent, make_company, make_invitation, make_position
from tests.support import csrf_from


def _recruiter_urls(org_id: int, position_id: int, invitation_id: int) -> list[tuple[str, str]]:
    position = f"/recruit/positions/{position_id}"
    return [
        ("GET", f"/recruit/orgs/{org_id}"),
        ("GET", f"/recruit/orgs/{org_id}/positions/new"),
        ("POST", f"/recruit/orgs/{org_id}/positions/new"),
        ("POST", f"/recruit/orgs/{org_id}/positions/from-jd"),
        ("POST", f"/recruit/orgs/{org_id}/positions/from-jd/save"),
        ("POST", f"/recruit/orgs/{org_id}/retention"),
        ("GET", position),
        ("POST", f"{position}/settings"),
        ("POST", f"{position}/invitations"),
        ("POST", f"{position}/invitations/csv"),
        ("POST", f"{position}/remind"),
        ("POST", f"{position}/public-link"),
        ("POST", f"{position}/close"),
        ("POST", f"/recruit/invitations/{invitation_id}/remind"),
    ]


def _setup(app: Flask) -> tuple[int, int, int]:
    company = make_company(app)
    position_id = make_position(app, company)
    make_invitation(app, position_id)
    (invitation,) = rows(app, Invitation)
    return company.org_id, position_id, invitation.id


def _check_all_404(client: FlaskClient, urls: list[tuple[str, str]]) -> None:
    token = csrf_from(client.get("/account/").get_data(as_text=True))
    for method, url in urls:
        resp = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        assert resp.status_code == 404, (method, url, resp.status_code)


@pytest.mark.parametrize("who", ["other_recruiter", "instructor", "candidate"])
def test_other_people_get_404_on_every_recruiter_url(
    app: Flask, client: FlaskClient, who: str
) -> None:
    org_id, position_id, invitation_id = _setup(app)
    if who == "other_recruiter":
        other = make_company(app, "rec@beta.example", "Beta")
        login(client, other.email)
        assert client.get("/recruit/").status_code == 302  # to their own company
    elif who == "instructor":
        make_class(app, "teacher@example.org")
        login(client, "teacher@example.org")
        assert client.get("/recruit/").status_code == 404
    else:
        make_user(app, "cand@example.com")
        login(client, "cand@example.com")
        assert client.get("/recruit/").status_code == 404
        assert 'href="/recruit/"' not in client.get("/account/").get_data(as_text=True)
    _check_all_404(client, _recruiter_urls(org_id, position_id, invitation_id))
    assert rows(app, Position)[0].closed_at is None
    assert rows(app, Invitation)[0].reminder_count == 0


def test_anonymous_visitors_are_sent_to_log_in(app: Flask, client: FlaskClient) -> None:
    _org_id, position_id, _ = _setup(app)
    resp = client.get(f"/recruit/positions/{position_id}")
    assert resp.status_code == 302 and "/login" in resp.location


def test_an_owner_of_a_bootcamp_is_not_a_recruiter(app: Flask, client: FlaskClient) -> None:
    klass = make_class(app, "teacher@example.org")
    login(client, "teacher@example.org")
    assert client.get(f"/recruit/orgs/{klass.org_id}").status_code == 404


def test_only_the_candidate_may_withdraw_their_invitation(app: Flask, client: FlaskClient) -> None:
    company = make_company(app)
    position_id = make_position(app, company)
    token = make_invitation(app, position_id)
    make_user(app, "cand@example.com")
    login(client, "cand@example.com")
    consent(client, token)
    (invitation,) = rows(app, Invitation)
    url = f"/recruit/invitations/{invitation.id}/withdraw"
    for email in ("intruder@example.com", company.email):
        other = app.test_client()
        make_user(app, email) if email != company.email else None
        login(other, email)
        assert other.get(url).status_code == 404
        home = other.get("/account/").get_data(as_text=True)
        assert other.post(url, data={"csrf_token": csrf_from(home)}).status_code == 404
    assert rows(app, Invitation)[0].withdrawn_at is None
    # Someone else signed in cannot take over a claimed invitation link either.
    other = app.test_client()
    login(other, "intruder@example.com")
    home = other.get("/account/").get_data(as_text=True)
    resp = other.post(f"/recruit/i/{token}/consent", data={"csrf_token": csrf_from(home)})
    assert "belongs to another account" in resp.get_data(as_text=True)
    assert rows(app, Invitation)[0].user_id == invitation.user_id


def test_invitation_links_are_rate_limited(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS={"invitation": "2 per minute"})
    client = app.test_client()
    _org_id, position_id, _ = _setup(app)
    token = make_invitation(app, position_id, "second@example.com")
    assert client.get(f"/recruit/i/{token}").status_code == 200
    assert client.get("/recruit/i/guessed-token").status_code == 404
    resp = client.get(f"/recruit/i/{token}")
    assert resp.status_code == 429 and "Too many requests" in resp.get_data(as_text=True)
