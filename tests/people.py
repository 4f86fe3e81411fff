"""Test helpers for accounts and classes: read the file mail backend, sign up through the
emailed link, log in, and set up an organisation with a cohort and an assignment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.cohorts import assignments, orgs, roster
from quiz.core import mail
from quiz.extensions import db
from quiz.models import Assignment, Cohort, Organisation, User
from quiz.models.base import utcnow
from quiz.models.users import hash_password
from tests.support import csrf_from

PASSWORD = "correct horse battery"
URL_RE = re.compile(r"https?://\S+")


def mailbox(app: Flask) -> list[EmailMessage]:
    """Every message the app has sent so far, oldest first."""
    mail.wait_until_sent()
    folder = Path(app.config["MAIL_DIR"])
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]  # type: ignore[misc]


def last_mail(app: Flask, to: str) -> EmailMessage:
    """The newest message sent to ``to``."""
    found = [m for m in mailbox(app) if m["To"] == to]
    assert found, f"no mail to {to}"
    return found[-1]


def link_in(message: EmailMessage) -> str:
    """The first URL in a message's body, as a path for the test client."""
    body = message.get_content()
    match = URL_RE.search(body)
    assert match, body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def post_form(client: FlaskClient, page_url: str, post_url: str, data: dict[str, Any]) -> Any:
    """GET a page for its CSRF token, then POST ``data`` to ``post_url``."""
    html = client.get(page_url).get_data(as_text=True)
    return client.post(post_url, data={"csrf_token": csrf_from(html), **data})


def signup(client: FlaskClient, app: Flask, name: str, email: str, next_url: str = "") -> Any:
    """Sign up through the form and the emailed link; returns the confirm response."""
    resp = post_form(
        client,
        "/signup",
        "/signup",
        {"name": name, "email": email, "password": PASSWORD, "next": next_url},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return client.get(link_in(last_mail(app, email)))


def login(client: FlaskClient, email: str, password: str = PASSWORD, remember: bool = False) -> Any:
    """Log in through the form."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/login", "/login", data)


def make_user(app: Flask, email: str, name: str = "", password: str = PASSWORD) -> int:
    """An account straight in the database; returns its id."""
    with app.app_context():
        user = User(
            email=email,
            name=name or email.split("@")[0].title(),
            password_hash=hash_password(password),
        )
        db.session.add(user)
        db.session.commit()
        return int(user.id)


@dataclass(frozen=True)
class Klass:
    """Ids of a ready-made class: instructor, organisation, cohort, assignment."""

    instructor_id: int
    org_id: int
    cohort_id: int
    assignment_id: int
    join_code: str


def make_class(
    app: Flask,
    instructor_email: str = "teacher@example.org",
    *,
    due_at: datetime | None = None,
    **settings: Any,
) -> Klass:
    """An instructor with an organisation, a cohort and one assignment on the fixture profile."""
    instructor = None
    with app.app_context():
        instructor = db.session.scalar(sa.select(User).where(User.email == instructor_email))
    uid = instructor.id if instructor else make_user(app, instructor_email, "Teacher")
    with app.app_context(), app.test_request_context():
        user = db.session.get(User, uid)
        assert user is not None
        org = orgs.create_organisation(user, "Code Camp", "bootcamp")
        cohort = roster.create_cohort(org, "Spring cohort")
        values: dict[str, Any] = {
            "title": "Week 1 check",
            "profile_id": "junior-backend",
            "mode": "quick",
            "areas": None,
            "length": None,
            "opens_at": utcnow(),
            "due_at": due_at,
            "attempt_limit": 1,
            "time_limit_minutes": None,
            "review_allowed": True,
            "late_allowed": True,
        }
        values.update(settings)
        assignment = assignments.create_assignment(cohort, assignments.Settings(**values))
        return Klass(uid, org.id, cohort.id, assignment.id, cohort.join_code)


def join(client: FlaskClient, code: str) -> Any:
    """Join a cohort through its link."""
    return post_form(client, f"/join/{code}", "/join", {"code": code})


def start(client: FlaskClient, assignment_id: int) -> str:
    """Start the assignment from the home page; returns the attempt token."""
    resp = post_form(client, "/home", f"/assignments/{assignment_id}/start", {})
    assert resp.status_code == 302 and "/attempt/" in resp.location, resp.location
    return str(resp.location.split("/")[2])


def rows(app: Flask, model: Any, *where: Any) -> list[Any]:
    """Rows of ``model`` matching ``where``, detached."""
    with app.app_context():
        found = list(db.session.scalars(sa.select(model).where(*where)))
        for row in found:
            db.session.expunge(row)
        return found


__all__ = ["Assignment", "Cohort", "Organisation"]


def take(client: FlaskClient, assignment_id: int, choice: str = "B", submit: bool = True) -> str:
    """Start the assignment, pick ``choice`` wherever it is offered, submit; returns the token."""
    from tests.support import QuizClient

    quiz = QuizClient(client)
    quiz.token = start(client, assignment_id)
    html = client.get(f"/attempt/{quiz.token}/about").get_data(as_text=True)
    client.post(f"/attempt/{quiz.token}/about", data={"csrf_token": csrf_from(html)})
    match = re.search(r"Question 1 of (\d+)", quiz.page(1))
    assert match
    total = int(match.group(1))
    for number in range(1, total + 1):
        if f'name="answer" value="{choice}"' in quiz.page(number):
            quiz.answer(number, {"answer": choice})
    if submit:
        assert quiz.submit().status_code == 302
    return quiz.token
