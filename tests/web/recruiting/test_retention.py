"""``flask retention purge`` with a frozen clock: old candidate data goes, the rest stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Attempt, Invitation, Organisation, Position, ReportSnapshot, Response
from tests.actions import rows
from tests.worlds.hiring import MakeCompany, MakeInvitation, MakePosition

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _attempt(app: Flask, marker: int) -> int:
    with app.app_context():
        content = current_content()
        store_snapshot(content)
        attempt = Attempt(
            profile_id="junior-backend",
            bank_version=content.version,
            seed=marker,
            item_ids=["x"],
            flagged=[],
            submitted_at=NOW - timedelta(days=50),
        )
        attempt.responses.append(Response(item_id="x", answer={"choice": "A"}, credit=1.0))
        db.session.add(attempt)
        db.session.flush()
        db.session.add(
            ReportSnapshot(
                attempt_id=attempt.id,
                bank_version=content.version,
                reason="submitted",
                schema_version=1,
                data={},
            )
        )
        db.session.commit()
        return int(attempt.id)


def _link(app: Flask, email: str, **values: int) -> None:
    with app.app_context():
        inv = db.session.scalar(sa.select(Invitation).where(Invitation.email == email))
        assert inv is not None
        for key, value in values.items():
            setattr(inv, key, value)
        inv.consented_at = NOW - timedelta(days=39)
        db.session.commit()


@pytest.fixture
def attempts(
    app: Flask,
    make_company: MakeCompany,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
) -> dict[str, int]:
    """Acme (30 days' retention) and Beta (180): old, shared-report and recent candidates at
    Acme, an old one at Beta; the ids of the attempts (taken, own shared report, recent)."""
    acme = make_company()
    beta = make_company("rec@beta.example", "Beta")
    with app.app_context():
        db.session.get(Organisation, acme.org_id).retention_days = 30  # type: ignore[union-attr]
        db.session.commit()
    acme_pos, beta_pos = make_position(acme), make_position(beta)
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=10)
    make_invitation(acme_pos, "old@example.com", created_at=old)
    make_invitation(acme_pos, "shared@example.com", created_at=old)
    make_invitation(acme_pos, "recent@example.com", created_at=recent)
    make_invitation(beta_pos, "beta-old@example.com", created_at=old)  # 180 days at Beta
    ids = {"taken": _attempt(app, 1), "own": _attempt(app, 2), "recent": _attempt(app, 3)}
    _link(app, "old@example.com", attempt_id=ids["taken"])
    _link(app, "shared@example.com", shared_attempt_id=ids["own"])
    _link(app, "recent@example.com", attempt_id=ids["recent"])
    return ids


def test_purge_deletes_only_what_is_older_than_the_retention(
    app: Flask, attempts: dict[str, int]
) -> None:
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "purge", "--now", NOW.isoformat(), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would delete 2 invitation(s) and 1 attempt(s) in 1 organisation(s)" in dry.output
    assert len(rows(app, Invitation)) == 4 and len(rows(app, Attempt)) == 3

    result = runner.invoke(args=["retention", "purge", "--now", "2027-03-01T12:00:00"])
    assert result.exit_code == 0, result.output
    assert "deleted 2 invitation(s) and 1 attempt(s) in 1 organisation(s)" in result.output
    assert sorted(i.email for i in rows(app, Invitation)) == [
        "beta-old@example.com",
        "recent@example.com",
    ]
    kept = {a.id for a in rows(app, Attempt)}
    assert kept == {attempts["own"], attempts["recent"]}  # the attached own report is not deleted
    assert {r.attempt_id for r in rows(app, Response)} == kept
    assert {r.attempt_id for r in rows(app, ReportSnapshot)} == kept
    assert len(rows(app, Position)) == 2  # positions are not candidate data

    again = runner.invoke(args=["retention", "purge", "--now", NOW.isoformat()])
    assert "deleted 0 invitation(s) and 0 attempt(s) in 0 organisation(s)" in again.output


@pytest.mark.usefixtures("attempts")
def test_a_later_clock_reaches_the_longer_retention(app: Flask) -> None:
    later = (NOW + timedelta(days=141)).isoformat()
    result = app.test_cli_runner().invoke(args=["retention", "purge", "--now", later])
    assert "deleted 4 invitation(s) and 2 attempt(s) in 2 organisation(s)" in result.output
    assert rows(app, Invitation) == []


def test_a_bad_now_is_reported(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["retention", "purge", "--now", "yesterday"])
    assert result.exit_code == 2
    assert "'yesterday' is not an ISO date or time" in result.output
