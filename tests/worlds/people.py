"""Accounts and classes, straight in the database: ``make_user``, ``make_class``, ``enrol``
(a student who joined the class) and ``clone`` (many submitted students at once).

Each fixture is a factory bound to the test's ``app`` (apps made with ``extra_app`` share its
database, so rows made here are theirs too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.cohorts import assignments, orgs, roster
from quiz.extensions import db
from quiz.models import Attempt, CohortMember, ReportSnapshot, User
from quiz.models.base import utcnow
from quiz.models.users import hash_password
from tests.actions import PASSWORD, join, login


@dataclass(frozen=True)
class Klass:
    """Ids of a ready-made class: instructor, organisation, cohort, assignment."""

    instructor_id: int
    org_id: int
    cohort_id: int
    assignment_id: int
    join_code: str


MakeUser = Callable[..., int]
Enrol = Callable[[Klass, str], FlaskClient]
Clone = Callable[[Klass, str, int, str], None]


class MakeClass(Protocol):
    """``make_class(instructor_email=…, *, due_at=…, **assignment settings) -> Klass``."""

    def __call__(
        self,
        instructor_email: str = ...,
        *,
        due_at: datetime | None = ...,
        **settings: Any,
    ) -> Klass: ...


def new_user(app: Flask, email: str, name: str = "", password: str = PASSWORD) -> int:
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


def new_class(
    app: Flask,
    instructor_email: str = "teacher@example.org",
    *,
    due_at: datetime | None = None,
    **settings: Any,
) -> Klass:
    """An instructor (made unless the email has an account) with an organisation, a cohort and
    one assignment on the fixture profile."""
    with app.app_context():
        found = db.session.scalar(sa.select(User.id).where(User.email == instructor_email))
    uid = found if found is not None else new_user(app, instructor_email, "Teacher")
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


def clone_submissions(app: Flask, klass: Klass, token: str, count: int, prefix: str) -> None:
    """Add ``count`` submitted students whose attempt and report copy ``token``'s."""
    with app.app_context():
        source = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert source is not None
        snap = db.session.scalar(
            sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id == source.id)
        )
        assert snap is not None
        for n in range(count):
            user = User(email=f"{prefix}{n}@example.org", name=f"{prefix} {n}", password_hash="x")
            db.session.add(user)
            db.session.flush()
            db.session.add(
                CohortMember(
                    cohort_id=klass.cohort_id,
                    user_id=user.id,
                    email=user.email,
                    name=user.name,
                    joined_at=utcnow(),
                )
            )
            attempt = Attempt(
                profile_id=source.profile_id,
                bank_version=source.bank_version,
                seed=n,
                item_ids=source.item_ids,
                flagged=[],
                submitted_at=utcnow(),
                user_id=user.id,
                assignment_id=klass.assignment_id,
            )
            db.session.add(attempt)
            db.session.flush()
            db.session.add(
                ReportSnapshot(
                    attempt_id=attempt.id,
                    bank_version=snap.bank_version,
                    reason="submitted",
                    schema_version=1,
                    data=snap.data,
                )
            )
        db.session.commit()


@pytest.fixture
def make_user(app: Flask) -> MakeUser:
    """``make_user(email, name="", password=PASSWORD) -> id``: an account."""

    def make(email: str, name: str = "", password: str = PASSWORD) -> int:
        return new_user(app, email, name, password)

    return make


@pytest.fixture
def make_class(app: Flask) -> MakeClass:
    """``make_class(instructor_email=…, *, due_at=…, **settings) -> Klass``: a bootcamp with
    a cohort and one assignment (quick check on the fixture profile, open now, late work
    accepted, one attempt) that ``settings`` change."""

    def make(
        instructor_email: str = "teacher@example.org",
        *,
        due_at: datetime | None = None,
        **settings: Any,
    ) -> Klass:
        return new_class(app, instructor_email, due_at=due_at, **settings)

    return make


@pytest.fixture
def enrol(app: Flask) -> Enrol:
    """``enrol(klass, email) -> client``: a student account, logged in, in the class's cohort."""

    def make(klass: Klass, email: str) -> FlaskClient:
        client = app.test_client()
        new_user(app, email, email.split("@")[0].title())
        login(client, email)
        join(client, klass.join_code)
        return client

    return make


@pytest.fixture
def clone(app: Flask) -> Clone:
    """``clone(klass, token, count, prefix)``: ``count`` more submitted students in the class
    whose attempt and report copy ``token``'s (a large class without taking each quiz)."""

    def make(klass: Klass, token: str, count: int, prefix: str) -> None:
        clone_submissions(app, klass, token, count, prefix)

    return make
