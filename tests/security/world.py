"""A small world for the authorization matrix: two organisations with a cohort each, a
company, and one person per actor, signed in on their own test client.

Org X (bootcamp) is owned by instructor X and has cohort X with candidate A on its roster;
A took cohort X's assignment and made a share link. Candidate B has an account and nothing
else. Student S is on the roster of cohort Y of org Y (instructor Y). Org X has its own bank
item. Company X is owned by company owner X, with recruiter X: its position has A's
invitation (A consented and submitted), a pending invitation and a public link. The other
recruiter belongs to company Z, which has a position of its own. The site admin has
``is_admin``. Add objects here when new routes need them, and an actor when a new role appears.

Tests get a world from the ``matrix_world`` fixture (``tests/security/conftest.py``), which
hands ``build_world`` the data builders it needs (``make_class``, ``make_position``,
``make_invitation``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens as apitokens
from quiz.api.scopes import SCOPES
from quiz.attempts import taking
from quiz.cohorts import orgs, people, roster
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.models import Invitation, Organisation, Position, User
from quiz.models.base import utcnow
from quiz.models.users import hash_password
from quiz.orgbanks import store
from quiz.recruiting import positions
from quiz.reports import sharing
from quiz.webhooks import manage
from tests.actions import PASSWORD, consent, finish, login, take
from tests.support import attempt_row, csrf_from
from tests.worlds.hiring import Company, MakeInvitation, MakePosition
from tests.worlds.people import Klass, MakeClass

ANONYMOUS = "anonymous"
CANDIDATE_A = "candidate_a"
CANDIDATE_B = "candidate_b"
OTHER_STUDENT = "student_of_other_cohort"
OTHER_INSTRUCTOR = "instructor_of_other_org"
OTHER_RECRUITER = "recruiter_of_other_org"
ADMIN = "site_admin"
INSTRUCTOR_X = "instructor_x"  # teaches A's cohort: the positive case of the teaching rules
RECRUITER_X = "recruiter_x"  # recruits for company X: the positive case of the hiring rules
COMPANY_OWNER_X = "company_owner_x"  # owns company X: also sets its retention

ACTORS = (
    ANONYMOUS,
    CANDIDATE_A,
    CANDIDATE_B,
    OTHER_STUDENT,
    OTHER_INSTRUCTOR,
    OTHER_RECRUITER,
    ADMIN,
    INSTRUCTOR_X,
    RECRUITER_X,
    COMPANY_OWNER_X,
)
EMAILS = {
    CANDIDATE_A: "a@example.org",
    CANDIDATE_B: "b@example.org",
    OTHER_STUDENT: "s@example.org",
    OTHER_INSTRUCTOR: "iy@example.org",
    OTHER_RECRUITER: "rz@example.org",
    ADMIN: "admin@example.org",
    INSTRUCTOR_X: "ix@example.org",
    RECRUITER_X: "rx@example.org",
    COMPANY_OWNER_X: "ox@example.org",
}


@functools.cache
def _password_hash() -> str:
    """One argon2 hash for every account of every world: hashing is slow on purpose."""
    return hash_password(PASSWORD)


@dataclass(frozen=True)
class Hiring:
    """Company X's objects, company Z's position and org X's bank item."""

    company_x_id: int
    position_id: int
    a_invitation_id: int
    a_recruit_token: str  # the attempt A took for the position
    invite_token: str  # a pending invitation's link
    pending_invitation_id: int
    public_slug: str
    z_position_id: int
    bank_item_pk: int


@dataclass(frozen=True)
class Integrations:
    """Each signed-in actor's API token (every scope), A's spare token and org X's webhooks."""

    api_secrets: dict[str, str]
    a_spare_token_id: int
    hook_id: int
    api_hook_id: int  # another webhook of org X, for the API's delete


@dataclass(frozen=True)
class Builders:
    """The data builders a world is made with (the fixtures of the same names)."""

    make_class: MakeClass
    make_position: MakePosition
    make_invitation: MakeInvitation


@dataclass
class World:
    """Ids and tokens the URL builders of the matrix use."""

    x: Klass
    y: Klass
    hiring: Hiring
    integrations: Integrations
    a_token: str
    a_resume_token: str
    a_member_id: int
    share_id: int
    share_token: str
    staff_token: str = ""  # a pending invitation to org X's staff
    clients: dict[str, FlaskClient] = field(default_factory=dict)


def _join(app: Flask, email: str, cohort_id: int) -> int:
    with app.app_context(), app.test_request_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        cohort = db.session.get(roster.Cohort, cohort_id)
        assert user is not None and cohort is not None
        return int(roster.join(cohort, user).id)


def _company(app: Flask, owner_email: str, recruiter_email: str, name: str) -> Company:
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == owner_email))
        recruiter = db.session.scalar(sa.select(User).where(User.email == recruiter_email))
        assert owner is not None and recruiter is not None
        org = orgs.create_organisation(owner, name, "company")
        orgs.add_member(org, recruiter, "recruiter")
        return Company(int(org.id), int(recruiter.id), recruiter_email)


def _bank_item(app: Flask, org_id: int) -> int:
    """An item of org X's own bank, copied from our bank under a new id."""
    with app.app_context():
        content = current_content()
        ours = next(iter(content.items.values()))
        org = db.session.get(Organisation, org_id)
        assert org is not None
        item = ours.model_copy(update={"id": "org-x-own-item"})
        return int(store.create_item(org, content.item_area[ours.id], item, None).id)


def _hiring(app: Flask, make: Builders, x: Klass, a_client: FlaskClient) -> Hiring:
    """Company X with a position A consented to and submitted; company Z with a position."""
    company_x = _company(app, EMAILS[COMPANY_OWNER_X], EMAILS[RECRUITER_X], "Acme Hiring")
    position_id = make.make_position(company_x, title="Backend engineer at Acme")
    a_recruit_token = consent(a_client, make.make_invitation(position_id, EMAILS[CANDIDATE_A]))
    finish(a_client, a_recruit_token)
    invite_token = make.make_invitation(position_id, "pending@example.org")
    company_z = _company(app, "zowner@example.org", EMAILS[OTHER_RECRUITER], "Hire Co")
    z_position_id = make.make_position(company_z, title="Data engineer at Hire Co")
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        positions.set_public_link(position, True)
        ids = dict(db.session.execute(sa.select(Invitation.email, Invitation.id)).tuples().all())
        assert position.public_slug is not None
        slug = position.public_slug
    return Hiring(
        company_x.org_id,
        position_id,
        ids[EMAILS[CANDIDATE_A]],
        a_recruit_token,
        invite_token,
        ids["pending@example.org"],
        slug,
        z_position_id,
        _bank_item(app, x.org_id),
    )


def _integrations(app: Flask, x: Klass) -> Integrations:
    """API tokens with every scope for each signed-in actor, and a webhook of org X (made after
    every submission of the world, so nothing is delivered)."""
    with app.app_context():
        expires = utcnow() + timedelta(days=30)
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        secrets = {
            actor: apitokens.create_token(users[email], "matrix", list(SCOPES), expires).secret
            for actor, email in EMAILS.items()
        }
        spare = apitokens.create_token(
            users[EMAILS[CANDIDATE_A]], "spare", ["profiles:read"], expires
        )
        org = db.session.get(Organisation, x.org_id)
        assert org is not None
        hook, _secret = manage.create_webhook(org, "https://hooks.example.org/quiz")
        api_hook, _secret = manage.create_webhook(org, "https://hooks.example.org/api")
        return Integrations(secrets, int(spare.token.id), int(hook.id), int(api_hook.id))


def build_world(app: Flask, actor: str, make: Builders) -> World:
    """Create the world on ``app`` with the builders ``make`` (bound to an app on the same
    database); only ``actor`` (and candidate A, who takes a quiz) log in."""
    with app.app_context():
        db.session.add_all(
            User(email=email, name=name.replace("_", " ").title(), password_hash=_password_hash())
            for name, email in [*EMAILS.items(), ("z_owner", "zowner@example.org")]
        )
        db.session.commit()
    x = make.make_class(EMAILS[INSTRUCTOR_X])
    y = make.make_class(EMAILS[OTHER_INSTRUCTOR])
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == EMAILS[ADMIN]).values(is_admin=True))
        db.session.commit()
    a_member_id = _join(app, EMAILS[CANDIDATE_A], x.cohort_id)
    _join(app, EMAILS[OTHER_STUDENT], y.cohort_id)
    a_client = app.test_client()
    assert login(a_client, EMAILS[CANDIDATE_A]).status_code == 302
    a_token = take(a_client, x.assignment_id)
    attempt = attempt_row(app, a_token)
    with app.app_context():
        link, share_token = sharing.create(attempt, "30")
        share_id = int(link.id)
        resume_token = taking.new_resume_link(db.session.merge(attempt))
    hiring = _hiring(app, make, x, a_client)
    world = World(
        x,
        y,
        hiring,
        _integrations(app, x),
        a_token,
        resume_token,
        a_member_id,
        share_id,
        share_token,
    )
    world.clients[CANDIDATE_A] = a_client
    world.staff_token = _staff_invitation(app, x)
    return world


def _staff_invitation(app: Flask, x: Klass) -> str:
    """Invite an address to org X's staff; returns the secret of the emailed link."""
    with app.app_context(), app.test_request_context():
        org = db.session.get(Organisation, x.org_id)
        inviter = db.session.get(User, x.instructor_id)
        assert org is not None and inviter is not None
        return people.invite_staff(org, "invitee@example.org", "instructor", inviter)


class MatrixWorld(Protocol):
    """``matrix_world(actor, app=None) -> World``: the world on ``app`` (the test's own app
    when None; another app on the same database, such as one from ``extra_app``, otherwise)."""

    def __call__(self, actor: str, app: Flask | None = ...) -> World: ...


def client_of(app: Flask, world: World, actor: str) -> tuple[FlaskClient, str]:
    """The actor's client, signed in unless anonymous, and its session's CSRF token."""
    client = world.clients.get(actor)
    if client is None:
        client = app.test_client()
        if actor != ANONYMOUS:
            assert login(client, EMAILS[actor]).status_code == 302
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client, token
