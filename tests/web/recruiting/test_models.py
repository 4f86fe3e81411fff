"""The recruiting models on the real, migrated database, and the derived invitation status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.models import Attempt, Invitation, Organisation, Position
from quiz.models.recruiting import hash_token, new_invitation_token
from quiz.recruiting.status import invitation_status, status_of
from tests.worlds.people import MakeUser

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=14)


def _position(org_id: int, user_id: int) -> Position:
    return Position(
        organisation_id=org_id,
        title="Backend engineer",
        profile_id="junior-backend",
        requirements=[{"id": "sql-queries", "weight": "must", "target": 60, "evidence": ""}],
        seniority="junior",
        source="profile",
        mode="quick",
        created_by=user_id,
    )


def test_position_and_invitations_round_trip(app: Flask, make_user: MakeUser) -> None:
    uid = make_user("rec@example.com")
    token = new_invitation_token()
    with app.app_context():
        org = Organisation(name="Acme", kind="company")
        db.session.add(org)
        db.session.flush()
        assert org.retention_days == 180
        position = _position(org.id, uid)
        position.invitations.append(
            Invitation(
                email="a@example.com", name="A", token_hash=hash_token(token), expires_at=LATER
            )
        )
        db.session.add(position)
        db.session.commit()
        stored = db.session.scalar(
            sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
        )
        assert stored is not None and stored.position.title == "Backend engineer"
        assert token not in (stored.token_hash, stored.email, stored.name)
        assert len(stored.token_hash) == 64 and stored.reminder_count == 0
        assert position.requirement_ids == ["sql-queries"]
        assert position.uncovered == [] and position.invitation_days == 14
        assert position.answers_visible is False and position.public_slug is None
        assert invitation_status(stored, NOW) == "invited"
        assert invitation_status(stored, LATER) == "expired"
        # One invitation per address per position.
        position.invitations.append(
            Invitation(email="a@example.com", name="A", token_hash="x" * 64, expires_at=LATER)
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_invitation_status_follows_its_attempt(app: Flask, make_user: MakeUser) -> None:
    uid = make_user("rec@example.com")
    with app.app_context():
        org = Organisation(name="Acme", kind="company")
        db.session.add(org)
        db.session.flush()
        position = _position(org.id, uid)
        db.session.add(position)
        db.session.flush()
        from quiz.core.content import current_content, store_snapshot

        store_snapshot(current_content())
        attempt = Attempt(
            profile_id="junior-backend",
            bank_version=current_content().version,
            seed=1,
            item_ids=[],
            flagged=[],
        )
        db.session.add(attempt)
        db.session.flush()
        inv = Invitation(
            position_id=position.id,
            name="B",
            token_hash=hash_token("t"),
            expires_at=LATER,
            consented_at=NOW,
            attempt_id=attempt.id,
        )
        db.session.add(inv)
        db.session.commit()
        # Started stays started after the link's expiry: the attempt has its own deadline.
        assert invitation_status(inv, LATER + timedelta(days=1)) == "started"
        attempt.submitted_at = NOW
        db.session.commit()
        assert invitation_status(inv, NOW) == "submitted"
        inv.withdrawn_at = NOW
        assert invitation_status(inv, NOW) == "withdrawn"
        # Deleting the attempt (retention, account deletion) leaves the invitation unlinked.
        inv.withdrawn_at = None
        db.session.delete(attempt)
        db.session.commit()
        db.session.refresh(inv)
        assert inv.attempt_id is None and invitation_status(inv, NOW) == "invited"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "invited"),
        ({"now": LATER}, "expired"),
        ({"declined_at": NOW}, "declined"),
        ({"declined_at": NOW, "now": LATER}, "declined"),
        ({"started": True}, "started"),
        ({"started": True, "submitted": True}, "submitted"),
        ({"submitted": True, "now": LATER}, "submitted"),
        ({"submitted": True, "withdrawn_at": NOW}, "withdrawn"),
    ],
)
def test_status_precedence(values: dict[str, object], expected: str) -> None:
    args: dict[str, object] = {"now": NOW, "expires_at": LATER, **values}
    assert status_of(**args) == expected  # type: ignore[arg-type]


def test_visible_attempt_needs_consent_submission_and_no_withdrawal(app: Flask) -> None:
    from quiz.recruiting.visibility import visible_attempt

    submitted = Attempt(profile_id="p", bank_version="v", seed=1, item_ids=[], submitted_at=NOW)
    inv = Invitation(name="C", token_hash="h", expires_at=LATER)
    inv.shared_attempt = submitted
    assert visible_attempt(inv) is None  # no consent
    inv.consented_at = NOW
    assert visible_attempt(inv) is submitted
    inv.withdrawn_at = NOW
    assert visible_attempt(inv) is None
    inv.withdrawn_at = None
    inv.shared_attempt = None
    inv.attempt = Attempt(profile_id="p", bank_version="v", seed=1, item_ids=[])
    inv.attempt_id = 1
    assert visible_attempt(inv) is None  # not submitted yet
