"""Fixtures of the recruiting tests: Acme (``company``) with one position (``position_id``),
an invitation to it (``invitation_token``), a browser logged in as Acme's recruiter
(``recruiter``), a candidate invited and logged in (``invited_candidate``), and more candidates
for the ``pipeline_world`` position (``make_candidate``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Position
from tests.actions import login
from tests.worlds.hiring import Company, MakeCompany, MakeInvitation, MakePosition, add_candidate
from tests.worlds.people import MakeUser


@pytest.fixture
def company(make_company: MakeCompany) -> Company:
    """Acme, whose recruiter is rec@acme.example (the owner is someone else)."""
    return make_company()


@pytest.fixture
def position_id(make_position: MakePosition, company: Company) -> int:
    """Acme's position "Junior backend engineer" on the fixture profile (quick, untimed)."""
    return make_position(company)


@pytest.fixture
def invitation_token(make_invitation: MakeInvitation, position_id: int) -> str:
    """The link token of cand@example.com's invitation to ``position_id``."""
    return make_invitation(position_id)


@pytest.fixture
def recruiter(app: Flask, company: Company) -> FlaskClient:
    """A browser logged in as Acme's recruiter."""
    client = app.test_client()
    login(client, company.email)
    return client


InvitedCandidate = Callable[..., tuple[FlaskClient, str]]


@pytest.fixture
def invited_candidate(
    app: Flask, make_user: MakeUser, make_invitation: MakeInvitation
) -> InvitedCandidate:
    """``invited_candidate(position_id, on=app) -> (browser, token)``: Cara Candidate
    (cand@example.com), invited to the position and logged in on a browser of ``on`` (another
    app on the same database, with other settings, when given)."""

    def make(position_id: int, on: Flask | None = None) -> tuple[FlaskClient, str]:
        token = make_invitation(position_id, "cand@example.com")
        make_user("cand@example.com", "Cara Candidate")
        candidate = (on or app).test_client()
        login(candidate, "cand@example.com")
        return candidate, token

    return make


@pytest.fixture
def make_candidate(app: Flask) -> Callable[..., int]:
    """``make_candidate(position_id, name, *, levels=None, minutes=20, days_ago=1,
    **timestamps) -> invitation id``: one more candidate of the position, as in
    ``pipeline_world`` (with ``levels``, a consented, submitted attempt whose report has those
    masteries)."""

    def make(position_id: int, name: str, **details: Any) -> int:
        with app.app_context():
            position = db.session.get(Position, position_id)
            assert position is not None
            made = add_candidate(position, name, **details)
            db.session.commit()
            return int(made.id)

    return make
