"""Who may open recruiting pages: only the position's company; everyone else gets 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Invitation, Position
from tests.actions import consent, login, rows
from tests.support import csrf_from
from tests.worlds.hiring import Company, MakeCompany, MakeInvitation
from tests.worlds.people import MakeClass, MakeUser


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


def _check_all_404(client: FlaskClient, urls: list[tuple[str, str]]) -> None:
    token = csrf_from(client.get("/account/").get_data(as_text=True))
    for method, url in urls:
        resp = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        assert resp.status_code == 404, (method, url, resp.status_code)


@pytest.mark.parametrize("who", ["other_recruiter", "instructor", "candidate"])
@pytest.mark.usefixtures("invitation_token")
def test_other_people_get_404_on_every_recruiter_url(
    app: Flask,
    client: FlaskClient,
    who: str,
    company: Company,
    position_id: int,
    make_company: MakeCompany,
    make_class: MakeClass,
    make_user: MakeUser,
) -> None:
    (invitation,) = rows(app, Invitation)
    if who == "other_recruiter":
        other = make_company("rec@beta.example", "Beta")
        login(client, other.email)
        assert client.get("/recruit/").status_code == 302  # to their own company
    elif who == "instructor":
        make_class("teacher@example.org")
        login(client, "teacher@example.org")
        assert client.get("/recruit/").status_code == 404
    else:
        make_user("cand@example.com")
        login(client, "cand@example.com")
        assert client.get("/recruit/").status_code == 404
        assert 'href="/recruit/"' not in client.get("/account/").get_data(as_text=True)
    _check_all_404(client, _recruiter_urls(company.org_id, position_id, invitation.id))
    assert rows(app, Position)[0].closed_at is None
    assert rows(app, Invitation)[0].reminder_count == 0


@pytest.mark.usefixtures("invitation_token")
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, position_id: int) -> None:
    resp = client.get(f"/recruit/positions/{position_id}")
    assert resp.status_code == 302 and "/login" in resp.location


def test_an_owner_of_a_bootcamp_is_not_a_recruiter(
    client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class("teacher@example.org")
    login(client, "teacher@example.org")
    assert client.get(f"/recruit/orgs/{klass.org_id}").status_code == 404


def test_only_the_candidate_may_withdraw_their_invitation(
    app: Flask, client: FlaskClient, company: Company, invitation_token: str, make_user: MakeUser
) -> None:
    make_user("cand@example.com")
    login(client, "cand@example.com")
    consent(client, invitation_token)
    (invitation,) = rows(app, Invitation)
    url = f"/recruit/invitations/{invitation.id}/withdraw"
    for email in ("intruder@example.com", company.email):
        other = app.test_client()
        make_user(email) if email != company.email else None
        login(other, email)
        assert other.get(url).status_code == 404
        home = other.get("/account/").get_data(as_text=True)
        assert other.post(url, data={"csrf_token": csrf_from(home)}).status_code == 404
    assert rows(app, Invitation)[0].withdrawn_at is None
    # Someone else signed in cannot take over a claimed invitation link either.
    other = app.test_client()
    login(other, "intruder@example.com")
    home = other.get("/account/").get_data(as_text=True)
    resp = other.post(
        f"/recruit/i/{invitation_token}/consent", data={"csrf_token": csrf_from(home)}
    )
    assert "belongs to another account" in resp.get_data(as_text=True)
    assert rows(app, Invitation)[0].user_id == invitation.user_id


@pytest.mark.usefixtures("invitation_token")
def test_invitation_links_are_rate_limited(
    extra_app: Callable[..., Flask], position_id: int, make_invitation: MakeInvitation
) -> None:
    app = extra_app(RATE_LIMITS={"invitation": "2 per minute", "invitation_miss": "1 per minute"})
    client = app.test_client()
    token = make_invitation(position_id, "second@example.com")
    assert client.get(f"/recruit/i/{token}").status_code == 200
    assert client.get("/recruit/i/guessed-token").status_code == 404
    # Guessing from this address is now stopped; a real link counts per link.
    resp = client.get("/recruit/i/another-guess")
    assert resp.status_code == 429 and "Too many requests" in resp.get_data(as_text=True)
