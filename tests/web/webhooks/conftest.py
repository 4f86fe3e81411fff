"""Fixtures of the webhook tests: ``owner_client`` (the class owner logged in),
``student_submits`` (a student joins the class and submits the assignment) and ``tries`` (the
logged delivery tries). Each takes the app to act on, so a test can use an app of
``extra_app`` with other webhook settings; they all share the test database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import WebhookDelivery
from tests.actions import join, login, take
from tests.worlds.people import Klass, MakeUser

OwnerClient = Callable[[Flask, Klass], FlaskClient]
StudentSubmits = Callable[..., str]
Tries = Callable[[Flask], list[WebhookDelivery]]


@pytest.fixture
def owner_client() -> OwnerClient:
    """``owner_client(app, klass) -> client``: a client of ``app`` logged in as the class's
    instructor, the owner of its organisation."""

    def make(app: Flask, klass: Klass) -> FlaskClient:
        client = app.test_client()
        login(client, "teacher@example.org")
        return client

    return make


@pytest.fixture
def student_submits(make_user: MakeUser) -> StudentSubmits:
    """``student_submits(app, klass, email="stu@example.org") -> token``: a new student, through
    ``app``'s pages, joins the class and submits its assignment (choosing B)."""

    def submit(app: Flask, klass: Klass, email: str = "stu@example.org") -> str:
        student = app.test_client()
        make_user(email, "Stu")
        login(student, email)
        join(student, klass.join_code)
        return take(student, klass.assignment_id, "B")

    return submit


@pytest.fixture
def tries() -> Tries:
    """``tries(app) -> rows``: every logged delivery try, oldest first, detached."""

    def read(app: Flask) -> list[WebhookDelivery]:
        with app.app_context():
            rows = list(db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)))
            for row in rows:
                db.session.expunge(row)
            return rows

    return read
