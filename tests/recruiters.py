"""Test helpers for recruiting: a company with a recruiter, a position, an invitation with a
known token, and taking a position's assessment through the consent page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Invitation, Membership, Organisation, User
from quiz.models.base import utcnow
from quiz.models.recruiting import hash_token, new_invitation_token
from quiz.recruiting import positions
from tests.people import make_user
from tests.support import QuizClient, csrf_from


@dataclass(frozen=True)
class Company:
    """Ids of a company and its recruiter."""

    org_id: int
    recruiter_id: int
    email: str


def make_company(
    app: Flask, email: str = "rec@acme.example", name: str = "Acme", role: str = "recruiter"
) -> Company:
    """A company whose member ``email`` has ``role`` (the owner is someone else)."""
    uid = make_user(app, email, "Rita Recruiter")
    owner = make_user(app, f"owner-{email}", "Olga Owner") if role != "owner" else uid
    with app.app_context():
        org = Organisation(name=name, kind="company")
        org.memberships.append(Membership(user_id=owner, role="owner"))
        if owner != uid:
            org.memberships.append(Membership(user_id=uid, role=role))
        db.session.add(org)
        db.session.commit()
        return Company(org.id, uid, email)


def make_position(app: Flask, company: Company, **settings: object) -> int:
    """A position on the fixture profile; returns its id."""
    values: dict[str, object] = {
        "title": "Junior backend engineer",
        "mode": "quick",
        "time_limit_minutes": None,
        "review_shown": True,
        "answers_visible": False,
        "invitation_days": 14,
    }
    values.update(settings)
    with app.app_context(), app.test_request_context():
        org = db.session.get(Organisation, company.org_id)
        user = db.session.get(User, company.recruiter_id)
        assert org is not None and user is not None
        made = positions.from_profile(
            org,
            user,
            "junior-backend",
            positions.Settings(**values),  # type: ignore[arg-type]
        )
        return int(made.id)


def make_invitation(
    app: Flask,
    position_id: int,
    email: str = "cand@example.com",
    *,
    created_at: datetime | None = None,
    expires_at: datetime | None = None,
) -> str:
    """An invitation straight in the database; returns the token of its link."""
    token = new_invitation_token()
    now = created_at or utcnow()
    with app.app_context():
        db.session.add(
            Invitation(
                position_id=position_id,
                email=email,
                name=email.split("@")[0].title(),
                token_hash=hash_token(token),
                created_at=now,
                expires_at=expires_at or now + timedelta(days=14),
            )
        )
        db.session.commit()
    return token


def consent(client: FlaskClient, token: str) -> str:
    """Consent on the invitation page; returns the started attempt's token."""
    html = client.get(f"/recruit/i/{token}").get_data(as_text=True)
    resp = client.post(f"/recruit/i/{token}/consent", data={"csrf_token": csrf_from(html)})
    assert resp.status_code == 302 and "/attempt/" in resp.location, resp.get_data(as_text=True)
    return str(resp.location.split("/")[2])


def finish(client: FlaskClient, attempt_token: str, choice: str = "B") -> None:
    """Answer ``choice`` wherever offered and submit."""
    quiz = QuizClient(client)
    quiz.token = attempt_token
    html = client.get(f"/attempt/{attempt_token}/about").get_data(as_text=True)
    client.post(f"/attempt/{attempt_token}/about", data={"csrf_token": csrf_from(html)})
    match = re.search(r"Question 1 of (\d+)", quiz.page(1))
    assert match
    for number in range(1, int(match.group(1)) + 1):
        if f'name="answer" value="{choice}"' in quiz.page(number):
            quiz.answer(number, {"answer": choice})
    assert quiz.submit().status_code == 302
