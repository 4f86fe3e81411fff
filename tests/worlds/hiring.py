"""Companies, positions and invitations straight in the database (``make_company``,
``make_position``, ``make_invitation``), and ``pipeline_world``: a company with one position
and candidates in every state, with report snapshots whose intervals the tests choose (for
sorting, gaps and comparisons).

Each fixture is a factory bound to the test's ``app``; ``pipeline_world`` is built when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from quiz.attempts.snapshots import compute_report
from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Attempt, Invitation, Membership, Organisation, Position, ReportSnapshot
from quiz.models.base import utcnow
from quiz.models.recruiting import hash_token, new_invitation_token
from quiz.models.users import User
from quiz.recruiting import positions
from tests.worlds.people import new_user

NOW = datetime.now(UTC).replace(microsecond=0)
REQUIREMENTS = [
    {"id": "sql-querying", "weight": "must", "target": 60, "evidence": ""},
    {"id": "api-rest-design", "weight": "must", "target": 60, "evidence": ""},
    {"id": "sql-integrity", "weight": "should", "target": 50, "evidence": ""},
    {"id": "soft-communication", "weight": "nice", "target": 50, "evidence": ""},
]
Levels = dict[str, tuple[float, float, float] | None]
ANA: Levels = {"sql-querying": (80, 70, 90), "api-rest-design": (75, 65, 85)}
ANA |= {"sql-integrity": (60, 50, 70), "soft-communication": None}
BEN: Levels = {"sql-querying": (78, 68, 88), "api-rest-design": (40, 30, 50)}
BEN |= {"sql-integrity": (30, 20, 40), "soft-communication": (45, 30, 60)}


@dataclass(frozen=True)
class World:
    """Ids of the company, its recruiter, an outsider, the position and its candidates."""

    org_id: int
    recruiter_id: int
    outsider_id: int
    position_id: int
    other_position_id: int
    candidates: dict[str, int]  # name → invitation id


def snapshot_data(attempt: Attempt, levels: Levels) -> dict[str, Any]:
    """A real report of ``attempt`` whose requirement rows carry the chosen mastery and
    90% interval (None: not assessed)."""
    data = compute_report(attempt, current_content(), regrade=False)
    for row in data["requirements"]:
        value = levels.get(row["id"])
        row["mastery"] = None
        if value is not None:
            mean, low, high = value
            row["mastery"] = {"mean": mean, "low": low, "high": high, "items": 3, "prior": 50.0}
    return data


def _attempt(version: str, minutes: int, submitted: datetime | None) -> Attempt:
    started = (submitted or NOW) - timedelta(minutes=minutes)
    attempt = Attempt(
        profile_id="junior-backend",
        bank_version=version,
        seed=1,
        item_ids=[],
        flagged=[],
        started_at=started,
        submitted_at=submitted,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def add_candidate(
    position: Position,
    name: str,
    *,
    levels: Levels | None = None,
    minutes: int = 20,
    days_ago: int = 1,
    **timestamps: datetime | None,
) -> Invitation:
    """An invitation; with ``levels`` a consented, submitted attempt with that snapshot."""
    version = current_content().version
    inv = Invitation(
        position_id=position.id,
        email=f"{name.lower().strip('=+')}@example.com",
        name=name,
        token_hash=hash_token(f"{position.id}-{name}"),
        created_at=NOW - timedelta(days=days_ago + 1),
        expires_at=timestamps.pop("expires_at", None) or NOW + timedelta(days=10),
        **timestamps,
    )
    if levels is not None:
        attempt = _attempt(version, minutes, NOW - timedelta(days=days_ago))
        db.session.add(
            ReportSnapshot(
                attempt_id=attempt.id,
                bank_version=version,
                reason="submitted",
                schema_version=2,
                data=snapshot_data(attempt, levels),
            )
        )
        inv.attempt_id = attempt.id
        inv.consented_at = inv.consented_at or NOW - timedelta(days=days_ago + 1)
    db.session.add(inv)
    db.session.flush()
    return inv


def fixed_position(org_id: int, title: str = "Backend engineer", **settings: Any) -> Position:
    """A position on the fixture profile with the four fixture requirements (in an app
    context; the caller commits)."""
    position = Position(
        organisation_id=org_id,
        title=title,
        profile_id="junior-backend",
        requirements=REQUIREMENTS,
        seniority="junior",
        source="profile",
        mode="quick",
        **settings,
    )
    db.session.add(position)
    db.session.flush()
    return position


def build_pipeline(app: Flask) -> World:
    """The recruiter's company with one position and eight candidates, and an outsider's."""
    recruiter_id = new_user(app, "rec@example.com", "Rita Recruiter")
    outsider_id = new_user(app, "out@example.com", "Otto Outsider")
    with app.app_context():
        store_snapshot(current_content())
        org = Organisation(name="Acme", kind="company")
        other = Organisation(name="Rival", kind="company")
        org.memberships.append(Membership(user_id=recruiter_id, role="recruiter"))
        other.memberships.append(Membership(user_id=outsider_id, role="owner"))
        db.session.add_all([org, other])
        db.session.flush()
        position = fixed_position(org.id)
        other_position = fixed_position(other.id, "Their position")
        made = [
            add_candidate(position, "Ana", levels=ANA, minutes=25, days_ago=2),
            add_candidate(position, "Ben", levels=BEN, minutes=40, days_ago=1),
            add_candidate(position, "Cal", levels=ANA, withdrawn_at=NOW),
            add_candidate(position, "Dee"),
            add_candidate(position, "Eve", expires_at=NOW - timedelta(days=1)),
            add_candidate(position, "=HYPERLINK(1)"),
            add_candidate(position, "Gus", declined_at=NOW),
        ]
        started = add_candidate(position, "Fay", consented_at=NOW)
        started.attempt_id = _attempt(current_content().version, 5, None).id
        made.append(started)
        add_candidate(other_position, "Zed", levels=ANA)
        db.session.commit()
        assert db.session.get(User, recruiter_id) is not None
        return World(
            org.id,
            recruiter_id,
            outsider_id,
            position.id,
            other_position.id,
            {inv.name: inv.id for inv in made},
        )


@dataclass(frozen=True)
class Company:
    """Ids of a company and its recruiter."""

    org_id: int
    recruiter_id: int
    email: str


def new_company(
    app: Flask, email: str = "rec@acme.example", name: str = "Acme", role: str = "recruiter"
) -> Company:
    """A company whose member ``email`` has ``role`` (the owner is someone else)."""
    uid = new_user(app, email, "Rita Recruiter")
    owner = new_user(app, f"owner-{email}", "Olga Owner") if role != "owner" else uid
    with app.app_context():
        org = Organisation(name=name, kind="company")
        org.memberships.append(Membership(user_id=owner, role="owner"))
        if owner != uid:
            org.memberships.append(Membership(user_id=uid, role=role))
        db.session.add(org)
        db.session.commit()
        return Company(org.id, uid, email)


def new_position(app: Flask, company: Company, **settings: object) -> int:
    """A position on the fixture profile; returns its id."""
    values: dict[str, object] = {
        "title": "Junior backend engineer",
        "mode": "quick",
        "time_limit_minutes": None,
        "review_shown": False,
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


def new_invitation(
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


MakeCompany = Callable[..., Company]
MakePosition = Callable[..., int]
MakeInvitation = Callable[..., str]


@pytest.fixture
def make_company(app: Flask) -> MakeCompany:
    """``make_company(email="rec@acme.example", name="Acme", role="recruiter") -> Company``:
    a company whose member ``email`` has ``role`` (the owner is someone else)."""

    def make(
        email: str = "rec@acme.example", name: str = "Acme", role: str = "recruiter"
    ) -> Company:
        return new_company(app, email, name, role)

    return make


@pytest.fixture
def make_position(app: Flask) -> MakePosition:
    """``make_position(company, **settings) -> id``: a position on the fixture profile."""

    def make(company: Company, **settings: object) -> int:
        return new_position(app, company, **settings)

    return make


@pytest.fixture
def make_invitation(app: Flask) -> MakeInvitation:
    """``make_invitation(position_id, email=…, created_at=…, expires_at=…) -> token``."""

    def make(position_id: int, email: str = "cand@example.com", **when: datetime | None) -> str:
        return new_invitation(app, position_id, email, **when)

    return make


@pytest.fixture
def pipeline_world(app: Flask) -> World:
    """The recruiter's company with one position and eight candidates, and an outsider's."""
    return build_pipeline(app)
