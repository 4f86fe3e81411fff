"""Candidates: the consent page, declining, an expired link, consent → attempt → submitted,
attaching a report through its share link, the public link, and withdrawing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, Invitation, Position
from quiz.models.base import utcnow
from quiz.recruiting.status import invitation_status
from quiz.recruiting.visibility import visible_attempt
from tests.actions import consent, finish, login, post_form, rows, share_link, signup
from tests.support import QuizClient, attempt_row, csrf_from
from tests.worlds.hiring import Company, MakeInvitation, MakePosition
from tests.worlds.people import MakeUser


def _status(app: Flask) -> str:
    with app.app_context():
        invitation = db.session.scalars(sa.select(Invitation)).one()
        return invitation_status(invitation, utcnow())


def test_consent_page_says_what_is_seen_and_for_how_long(
    app: Flask, client: FlaskClient, invitation_token: str
) -> None:
    html = client.get(f"/recruit/i/{invitation_token}").get_data(as_text=True)
    assert "What Acme will see" in html and "Your gaps" in html and "readiness" in html
    assert "Never your individual answers" in html
    assert "<strong>180 days</strong>" in html
    assert "No account needed" in html  # the link is enough; attaching a report needs one
    assert f"/login?next=/recruit/i/{invitation_token}" in html


def test_answers_visible_position_says_so(
    client: FlaskClient,
    company: Company,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
) -> None:
    token = make_invitation(make_position(company, answers_visible=True))
    html = client.get(f"/recruit/i/{token}").get_data(as_text=True)
    assert "<strong>Your individual answers</strong>" in html
    assert "Never your individual answers" not in html


def test_declining_ends_the_invitation(
    app: Flask, client: FlaskClient, invitation_token: str, make_user: MakeUser
) -> None:
    html = client.get(f"/recruit/i/{invitation_token}").get_data(as_text=True)
    resp = client.post(
        f"/recruit/i/{invitation_token}/decline", data={"csrf_token": csrf_from(html)}
    )
    assert resp.status_code == 200
    assert "nothing about you is shared" in resp.get_data(as_text=True).lower()
    assert _status(app) == "declined"
    # The candidate changes their mind while the invitation is open: the link takes them back.
    again = client.get(f"/recruit/i/{invitation_token}").get_data(as_text=True)
    assert "I consent: start the assessment" in again
    resp = client.post(
        f"/recruit/i/{invitation_token}/consent", data={"csrf_token": csrf_from(again)}
    )
    assert resp.status_code == 302 and len(rows(app, Attempt)) == 1
    assert _status(app) == "started"


def test_an_expired_invitation_is_a_clear_page_and_starts_nothing(
    app: Flask,
    client: FlaskClient,
    position_id: int,
    make_invitation: MakeInvitation,
    make_user: MakeUser,
) -> None:
    past = utcnow() - timedelta(days=20)
    token = make_invitation(position_id, created_at=past, expires_at=past + timedelta(days=14))
    resp = client.get(f"/recruit/i/{token}")
    assert resp.status_code == 410
    assert "This invitation has expired" in resp.get_data(as_text=True)
    make_user("cand@example.com")
    login(client, "cand@example.com")
    home = client.get("/").get_data(as_text=True)
    resp = client.post(f"/recruit/i/{token}/consent", data={"csrf_token": csrf_from(home)})
    assert resp.status_code == 410 and rows(app, Attempt) == []
    assert client.get("/recruit/i/not-a-real-token").status_code == 404


def test_consent_starts_the_position_attempt_and_submitting_shows_submitted(
    app: Flask,
    client: FlaskClient,
    company: Company,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
) -> None:
    token = make_invitation(make_position(company, time_limit_minutes=30, review_shown=False))
    signup(client, app, "Cara Candidate", "cand@example.com", next_url=f"/recruit/i/{token}")
    assert "I consent: start the assessment" in client.get(f"/recruit/i/{token}").get_data(
        as_text=True
    )
    attempt_token = consent(client, token)
    attempt = attempt_row(app, attempt_token)
    assert attempt.profile_id == "junior-backend" and attempt.user_id is not None
    assert attempt.time_limit_seconds == 30 * 60 and attempt.review_allowed is False
    (invitation,) = rows(app, Invitation)
    assert invitation.attempt_id == attempt.id and invitation.consented_at is not None
    assert invitation.user_id == attempt.user_id
    assert _status(app) == "started"
    assert consent(client, token) == attempt_token  # consenting again resumes it
    finish(client, attempt_token)
    assert _status(app) == "submitted"
    with app.app_context():
        inv = db.session.scalars(sa.select(Invitation)).one()
        shown = visible_attempt(inv)
        assert shown is not None and shown.token == attempt_token


def _own_report_share_url(app: Flask, client: FlaskClient) -> str:
    quiz = QuizClient(client)
    quiz.start()
    assert quiz.submit().status_code == 302
    return f"http://localhost{share_link(client, quiz.token)}"


def test_attach_an_existing_report_through_its_share_link(
    app: Flask, client: FlaskClient, invitation_token: str, make_user: MakeUser
) -> None:
    make_user("other@example.com")
    other = app.test_client()
    login(other, "other@example.com")
    someone_elses = _own_report_share_url(app, other)
    make_user("cand@example.com")
    login(client, "cand@example.com")
    mine = _own_report_share_url(app, client)
    page = f"/recruit/i/{invitation_token}"
    resp = post_form(client, page, f"{page}/attach", {"url": someone_elses})
    assert resp.status_code == 400 and "No report of yours" in resp.get_data(as_text=True)
    assert _status(app) == "invited"
    resp = post_form(client, page, f"{page}/attach", {"url": "hello"})
    assert resp.status_code == 400 and "contains /shared/" in resp.get_data(as_text=True)
    resp = post_form(client, page, f"{page}/attach", {"url": mine})
    assert resp.status_code == 302
    (invitation,) = rows(app, Invitation)
    assert invitation.shared_attempt_id is not None and invitation.attempt_id is None
    assert invitation.consented_at is not None
    assert _status(app) == "submitted"
    account = client.get("/account/").get_data(as_text=True)
    assert "Positions that hold your results" in account and "Submitted" in account


def test_withdrawing_hides_the_results(
    app: Flask, client: FlaskClient, invitation_token: str, make_user: MakeUser
) -> None:
    make_user("cand@example.com")
    login(client, "cand@example.com")
    finish(client, consent(client, invitation_token))
    (invitation,) = rows(app, Invitation)
    account = client.get("/account/").get_data(as_text=True)
    assert "Acme" in account and "Junior backend engineer" in account
    confirm = f"/recruit/invitations/{invitation.id}/withdraw"
    assert confirm in account
    page = client.get(confirm).get_data(as_text=True)
    assert 'will see you as "withdrawn"' in page
    resp = client.post(confirm, data={"csrf_token": "wrong"})
    assert resp.status_code == 400 and rows(app, Invitation)[0].withdrawn_at is None
    resp = client.post(confirm, data={"csrf_token": csrf_from(page)})
    assert resp.status_code == 302
    assert _status(app) == "withdrawn"
    with app.app_context():
        assert visible_attempt(db.session.scalars(sa.select(Invitation)).one()) is None
    account = client.get("/account/").get_data(as_text=True)
    assert "Withdrawn" in account and "Nothing is shared" in account
    assert client.get(f"/recruit/i/{invitation_token}").status_code == 410


def test_public_link_gives_each_candidate_an_invitation(
    app: Flask,
    client: FlaskClient,
    position_id: int,
    recruiter: FlaskClient,
    make_user: MakeUser,
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(recruiter, page, f"{page}/public-link", {"enable": "1"})
    (position,) = rows(app, Position)
    slug = position.public_slug
    assert slug and f"/recruit/p/{slug}" in recruiter.get(page).get_data(as_text=True)
    signed_out = client.get(f"/recruit/p/{slug}").get_data(as_text=True)
    assert "Junior backend engineer at Acme" in signed_out and 'name="email"' in signed_out
    make_user("pub@example.com", "Pat Public")
    login(client, "pub@example.com")
    resp = post_form(client, f"/recruit/p/{slug}", f"/recruit/p/{slug}", {})
    assert resp.status_code == 302 and "/recruit/i/" in resp.location
    (invitation,) = rows(app, Invitation)
    assert invitation.email == "pub@example.com" and invitation.name == "Pat Public"
    assert client.get(resp.location).status_code == 200
    again = post_form(client, f"/recruit/p/{slug}", f"/recruit/p/{slug}", {})
    assert len(rows(app, Invitation)) == 1 and client.get(again.location).status_code == 200
    post_form(recruiter, page, f"{page}/public-link", {"enable": "0"})
    assert client.get(f"/recruit/p/{slug}").status_code == 404
