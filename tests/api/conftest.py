"""Fixtures of the API tests: API tokens straight in the database (``make_token``,
``user_with_token``), and the hiring world's position and candidate builders for a test that
fills every resource in one transaction (``fixed_position``, ``add_candidate``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import pytest
from flask import Flask

from quiz.api import tokens as apitokens
from quiz.extensions import db
from quiz.models import Invitation, Position, User
from quiz.models.base import utcnow
from tests.api.helpers import ALL_SCOPES, MakeToken, UserWithToken
from tests.worlds import hiring
from tests.worlds.people import MakeUser


@pytest.fixture
def make_token(app: Flask) -> MakeToken:
    """``make_token(user_id, scopes=ALL_SCOPES, days=30, name="test token") -> secret``: a new
    token of ``user_id`` with ``scopes``."""

    def make(
        user_id: int,
        scopes: Sequence[str] = ALL_SCOPES,
        days: int = 30,
        name: str = "test token",
    ) -> str:
        with app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            created = apitokens.create_token(user, name, scopes, utcnow() + timedelta(days=days))
            return created.secret

    return make


@pytest.fixture
def user_with_token(make_user: MakeUser, make_token: MakeToken) -> UserWithToken:
    """``user_with_token(email="api@example.org", scopes=ALL_SCOPES) -> (id, secret)``: a new
    account and a token of it."""

    def make(email: str = "api@example.org", scopes: Sequence[str] = ALL_SCOPES) -> tuple[int, str]:
        uid = make_user(email)
        return uid, make_token(uid, scopes)

    return make


@pytest.fixture
def fixed_position() -> Callable[..., Position]:
    """``fixed_position(org_id, title="Backend engineer", **settings) -> Position``: a position
    on the fixture profile with the four fixture requirements. Call it in an app context (of
    any app on the test database); the caller commits."""
    return hiring.fixed_position


@pytest.fixture
def add_candidate() -> Callable[..., Invitation]:
    """``add_candidate(position, name, *, levels=None, minutes=20, days_ago=1, **timestamps)
    -> Invitation``: an invitation; with ``levels`` a consented, submitted attempt with that
    report snapshot. Call it in an app context; the caller commits."""
    return hiring.add_candidate
