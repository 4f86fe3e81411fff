"""A small world for the authorization matrix: two organisations with a cohort each, a
company, and one person per actor, signed in on their own test client.

Org X (bootcamp) is owned by instructor X and has cohort X with candidate A on its roster;
A took cohort X's assignment and made a share link. Candidate B has an account and nothing
else. Student S is on the roster of cohort Y of org Y (instructor Y). The recruiter belongs to
company Z. The site admin has ``is_admin``. Add objects here when new routes need them (a
position of company X, an org bank…), and an actor when a new role appears.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.classroom import orgs, roster
from quiz.extensions import db
from quiz.models import User
from quiz.models.users import hash_password
from quiz.reports import sharing
from tests.people import PASSWORD, Klass, login, make_class, take
from tests.support import attempt_row, csrf_from

ANONYMOUS = "anonymous"
CANDIDATE_A = "candidate_a"
CANDIDATE_B = "candidate_b"
OTHER_STUDENT = "student_of_other_cohort"
OTHER_INSTRUCTOR = "instructor_of_other_org"
OTHER_RECRUITER = "recruiter_of_other_org"
ADMIN = "site_admin"
INSTRUCTOR_X = "instructor_x"  # teaches A's cohort: the positive case of the teaching rules

ACTORS = (
    ANONYMOUS,
    CANDIDATE_A,
    CANDIDATE_B,
    OTHER_STUDENT,
    OTHER_INSTRUCTOR,
    OTHER_RECRUITER,
    ADMIN,
    INSTRUCTOR_X,
)
EMAILS = {
    CANDIDATE_A: "a@example.org",
    CANDIDATE_B: "b@example.org",
    OTHER_STUDENT: "s@example.org",
    OTHER_INSTRUCTOR: "iy@example.org",
    OTHER_RECRUITER: "rz@example.org",
    ADMIN: "admin@example.org",
    INSTRUCTOR_X: "ix@example.org",
}


@functools.cache
def _password_hash() -> str:
    """One argon2 hash for every account of every world: hashing is slow on purpose."""
    return hash_password(PASSWORD)


@dataclass
class World:
    """Ids and tokens the URL builders of the matrix use."""

    x: Klass
    y: Klass
    company_id: int
    a_token: str
    a_resume_token: str
    a_member_id: int
    share_id: int
    share_token: str
    clients: dict[str, FlaskClient] = field(default_factory=dict)


def _join(app: Flask, email: str, cohort_id: int) -> int:
    with app.app_context(), app.test_request_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        cohort = db.session.get(roster.Cohort, cohort_id)
        assert user is not None and cohort is not None
        return int(roster.join(cohort, user).id)


def _company(app: Flask) -> int:
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == "zowner@example.org"))
        recruiter = db.session.scalar(sa.select(User).where(User.email == EMAILS[OTHER_RECRUITER]))
        assert owner is not None and recruiter is not None
        org = orgs.create_organisation(owner, "Hire Co", "company")
        orgs.add_member(org, recruiter, "recruiter")
        return int(org.id)


def build_world(app: Flask, actor: str) -> World:
    """Create the world; only ``actor`` (and candidate A, who takes a quiz) log in."""
    with app.app_context():
        db.session.add_all(
            User(email=email, name=name.replace("_", " ").title(), password_hash=_password_hash())
            for name, email in [*EMAILS.items(), ("z_owner", "zowner@example.org")]
        )
        db.session.commit()
    x = make_class(app, EMAILS[INSTRUCTOR_X])
    y = make_class(app, EMAILS[OTHER_INSTRUCTOR])
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == EMAILS[ADMIN]).values(is_admin=True))
        db.session.commit()
    company_id = _company(app)
    a_member_id = _join(app, EMAILS[CANDIDATE_A], x.cohort_id)
    _join(app, EMAILS[OTHER_STUDENT], y.cohort_id)
    a_client = app.test_client()
    assert login(a_client, EMAILS[CANDIDATE_A]).status_code == 302
    a_token = take(a_client, x.assignment_id)
    attempt = attempt_row(app, a_token)
    with app.app_context():
        link = sharing.create(attempt, "30")
        share_id, share_token = int(link.id), str(link.token)
    world = World(
        x, y, company_id, a_token, attempt.resume_token, a_member_id, share_id, share_token
    )
    world.clients[CANDIDATE_A] = a_client
    return world


def client_of(app: Flask, world: World, actor: str) -> tuple[FlaskClient, str]:
    """The actor's client, signed in unless anonymous, and its session's CSRF token."""
    client = world.clients.get(actor)
    if client is None:
        client = app.test_client()
        if actor != ANONYMOUS:
            assert login(client, EMAILS[actor]).status_code == 302
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client, token
