"""Taking a position's assessment from the link alone: no account needed, the attempt bound to
the invitation and the browser; an account may keep the result afterwards; a signed-in
account with another address says which identity takes it; the public link names company and
position and asks only a name and an email; rate limits count per link; what the recruiter
may see is what the candidate consented to."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, AuditEntry, Invitation, Position
from tests.actions import consent, finish, login, post_form, rows
from tests.support import csrf_from
from tests.worlds.hiring import Company, MakeInvitation, MakePosition
from tests.worlds.people import MakeUser


def _invitation(app: Flask) -> Invitation:
    with app.app_context():
        inv = db.session.scalars(sa.select(Invitation)).one()
        db.session.expunge(inv)
        return inv


def test_a_candidate_without_an_account_consents_takes_and_submits(
    app: Flask,
    recruiter: FlaskClient,
    invitation_token: str,
    make_user: MakeUser,
) -> None:
    browser = app.test_client()
    attempt_token = consent(browser, invitation_token)
    inv = _invitation(app)
    assert inv.user_id is None and inv.consented_at is not None
    # Another browser with the same link cannot open the attempt, only see that it started.
    stranger = app.test_client()
    assert stranger.get(f"/attempt/{attempt_token}/about").status_code == 404
    finish(browser, attempt_token)
    (attempt,) = rows(app, Attempt)
    assert attempt.user_id is None and attempt.submitted_at is not None
    report = browser.get(f"/attempt/{attempt_token}/report").get_data(as_text=True)
    assert 'data-testid="keep-result"' in report and "Create an account" in report
    page = recruiter.get(f"/recruit/candidates/{inv.id}").get_data(as_text=True)
    assert 'data-testid="readiness"' in page and "cand@example.com" in page
    # Afterwards the candidate creates an account in that browser: result and invitation
    # join it.
    make_user("cara@example.org", "Cara")
    login(browser, "cara@example.org")
    (attempt,) = rows(app, Attempt)
    assert attempt.user_id is not None and _invitation(app).user_id == attempt.user_id
    assert "Junior backend engineer" in browser.get("/account/").get_data(as_text=True)


def test_a_signed_in_account_with_another_address_chooses_the_identity(
    app: Flask, invitation_token: str, make_user: MakeUser
) -> None:
    make_user("work@example.org", "Cara at work")
    browser = app.test_client()
    login(browser, "work@example.org")
    page = browser.get(f"/recruit/i/{invitation_token}").get_data(as_text=True)
    assert 'data-testid="identity-choice"' in page
    assert "I consent as Cara Candidate (cand@example.com)" in page or "(cand@example.com)" in page
    assert "I consent as work@example.org" in page
    plain = browser.post(
        f"/recruit/i/{invitation_token}/consent", data={"csrf_token": csrf_from(page)}
    )
    assert plain.status_code == 200 and "Choose who takes this invitation" in plain.get_data(
        as_text=True
    )
    assert rows(app, Attempt) == []
    resp = browser.post(
        f"/recruit/i/{invitation_token}/consent",
        data={"csrf_token": csrf_from(page), "identity": "link"},
    )
    assert resp.status_code == 302
    (attempt,) = rows(app, Attempt)
    assert attempt.user_id is None and _invitation(app).user_id is None


def test_choosing_the_account_links_the_invitation_to_it(
    app: Flask, invitation_token: str, make_user: MakeUser
) -> None:
    uid = make_user("work@example.org", "Cara at work")
    browser = app.test_client()
    login(browser, "work@example.org")
    page = browser.get(f"/recruit/i/{invitation_token}").get_data(as_text=True)
    browser.post(
        f"/recruit/i/{invitation_token}/consent",
        data={"csrf_token": csrf_from(page), "identity": "account"},
    )
    (attempt,) = rows(app, Attempt)
    assert attempt.user_id == uid and _invitation(app).user_id == uid


def test_the_public_link_names_company_and_position_then_asks_name_and_email(
    app: Flask, recruiter: FlaskClient, company: Company, make_position: MakePosition
) -> None:
    position_id = make_position(company)
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        position.public_slug = "s" * 32
        db.session.commit()
    browser = app.test_client()
    page = browser.get(f"/recruit/p/{'s' * 32}").get_data(as_text=True)
    assert "Junior backend engineer at Acme" in page and 'name="email"' in page
    bad = post_form(browser, f"/recruit/p/{'s' * 32}", f"/recruit/p/{'s' * 32}", {"name": "Pat"})
    assert bad.status_code == 400 and rows(app, Invitation) == []
    resp = post_form(
        browser,
        f"/recruit/p/{'s' * 32}",
        f"/recruit/p/{'s' * 32}",
        {"name": "Pat Public", "email": "Pat@Example.org"},
    )
    assert resp.status_code == 302 and "/recruit/i/" in resp.location
    token = resp.location.rsplit("/", 1)[1]
    consent(browser, token)
    (inv,) = rows(app, Invitation)
    assert inv.email == "pat@example.org" and inv.name == "Pat Public"
    pipeline = recruiter.get(f"/recruit/positions/{position_id}/pipeline").get_data(as_text=True)
    assert "pat@example.org" in pipeline
    # The same address again gets no second link (the first is in their email).
    other = app.test_client()
    again = post_form(
        other,
        f"/recruit/p/{'s' * 32}",
        f"/recruit/p/{'s' * 32}",
        {"name": "Someone", "email": "pat@example.org"},
    )
    assert again.status_code == 400 and "already has an invitation" in again.get_data(as_text=True)
    assert len(rows(app, Invitation)) == 1


def test_rate_limits_count_per_link_not_per_address(
    extra_app: Callable[..., Flask],
    position_id: int,
    make_invitation: MakeInvitation,
) -> None:
    first = make_invitation(position_id, "one@example.com")
    second = make_invitation(position_id, "two@example.com")
    limited = extra_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATE_LIMITS={"invitation": "3 per minute"},
    )
    office = limited.test_client()  # one client address for everyone
    assert [office.get(f"/recruit/i/{first}").status_code for _ in range(3)] == [200] * 3
    assert office.get(f"/recruit/i/{first}").status_code == 429
    assert office.get(f"/recruit/i/{second}").status_code == 200


def test_the_recruiter_sees_answers_only_as_consented(
    app: Flask,
    recruiter: FlaskClient,
    position_id: int,
    make_invitation: MakeInvitation,
) -> None:
    token = make_invitation(position_id)
    browser = app.test_client()
    attempt_token = consent(browser, token)
    finish(browser, attempt_token)
    inv = _invitation(app)
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        position.answers_visible = True
        db.session.commit()
    page = recruiter.get(f"/recruit/candidates/{inv.id}").get_data(as_text=True)
    assert "Individual answers" not in page
    mine = browser.get(f"/recruit/i/{token}").get_data(as_text=True)
    assert "Acme asks to read your individual answers" in mine
    resp = browser.post(f"/recruit/i/{token}/answers", data={"csrf_token": csrf_from(mine)})
    assert resp.status_code == 302
    page = recruiter.get(f"/recruit/candidates/{inv.id}").get_data(as_text=True)
    assert "Individual answers" in page
    actions = [e.action for e in rows(app, AuditEntry)]
    assert actions == ["invitation.consented", "invitation.answers_consented"]


def test_new_positions_keep_the_bank_and_answers_private_by_default(
    recruiter: FlaskClient, company: Company
) -> None:
    page = recruiter.get(f"/recruit/orgs/{company.org_id}/positions/new").get_data(as_text=True)
    for name in ("p-review_shown", "p-answers_visible"):
        tag = page.split(f'name="{name}"', 1)[1].split(">", 1)[0]
        assert "checked" not in tag, name
