"""An attempt ends in one place (``quiz.attempts.ending``): however it ends, its report snapshot
and its webhook follow at once, exactly once, and item counts count it once.

The ways covered here: a deadline nobody is looking at (the job scheduled at the start, and the
instructor's dashboard), the recruiter's pipeline, a read of the API, a candidate's own submit
racing the dashboard's close. The question page's own deadline close is in test_experience.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens
from quiz.attempts import ending, taking
from quiz.cohorts import itemcounts
from quiz.core import queue
from quiz.extensions import db
from quiz.models import Assignment, Attempt, ItemCount, ReportSnapshot, User, WebhookDelivery
from quiz.models.base import utcnow
from tests.actions import consent, login, register_webhook, start, take
from tests.receiver import Receiver
from tests.worlds.hiring import MakeCompany, MakeInvitation, MakePosition
from tests.worlds.people import Enrol, Klass, MakeClass, MakeUser


def _teacher(app: Flask) -> FlaskClient:
    client = app.test_client()
    login(client, "teacher@example.org")
    return client


def _overdue(app: Flask, token: str) -> None:
    """Move the attempt's deadline a minute into the past, as if time ran out unseen."""
    with app.app_context():
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.token == token)
            .values(deadline_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()


def _ended(app: Flask, token: str) -> tuple[Attempt, list[str]]:
    """The attempt (detached) and the reasons of its stored snapshots."""
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        reasons = list(
            db.session.scalars(
                sa.select(ReportSnapshot.reason).where(ReportSnapshot.attempt_id == attempt.id)
            )
        )
        db.session.expunge(attempt)
        return attempt, reasons


def _bodies(receiver: Receiver) -> list[dict[str, Any]]:
    assert queue.wait_until_idle(20)
    return [json.loads(got.body) for got in receiver.received]


def test_a_deadline_passing_unseen_is_closed_by_the_dashboard_with_its_report_and_one_webhook(
    app: Flask, make_class: MakeClass, enrol: Enrol, receiver: Receiver
) -> None:
    klass = make_class(time_limit_minutes=30)
    teacher = _teacher(app)
    register_webhook(teacher, klass.org_id, receiver.url)
    token = take(enrol(klass, "sam@example.org"), klass.assignment_id, "B", submit=False)
    _overdue(app, token)

    page = teacher.get(f"/assignments/{klass.assignment_id}")
    assert page.status_code == 200
    attempt, reasons = _ended(app, token)
    assert attempt.submitted_at == attempt.deadline_at
    assert reasons == ["submitted"]
    (body,) = _bodies(receiver)
    assert body["event"] == "attempt.submitted"
    assert body["attempt"]["id"] == attempt.id
    assert body["report"]["readiness"] is not None

    teacher.get(f"/assignments/{klass.assignment_id}")  # a second look changes nothing
    assert len(_bodies(receiver)) == 1
    assert _ended(app, token)[1] == ["submitted"]


def test_the_job_scheduled_at_the_start_closes_an_attempt_nobody_looks_at(
    app: Flask,
    make_class: MakeClass,
    enrol: Enrol,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scheduled: list[tuple[str, tuple[Any, ...], float]] = []
    real_enqueue = queue.enqueue

    def spy(func: str, *args: Any, queue: str, delay: float = 0.0, **options: Any) -> None:
        scheduled.append((func, args, delay))
        real_enqueue(func, *args, queue=queue, delay=delay, **options)

    monkeypatch.setattr(queue, "enqueue", spy)
    klass = make_class(due_at=utcnow() + timedelta(hours=1), late_allowed=False)
    register_webhook(_teacher(app), klass.org_id, receiver.url)
    token = start(enrol(klass, "sam@example.org"), klass.assignment_id)
    assert _ended(app, token)[0].submitted_at is None

    # The start scheduled the close for the deadline plus the grace period.
    (call,) = [entry for entry in scheduled if entry[0].endswith("close_when_due")]
    assert call[1] == (token,)
    grace = taking.DEADLINE_GRACE_SECONDS
    assert 3600 + grace - 120 < call[2] <= 3600 + grace

    # Time runs out with nobody on any page: the job, run now, closes the attempt.
    _overdue(app, token)
    assert queue.discard(app)  # the hour-long wait itself is not the test
    with app.app_context():
        real_enqueue(call[0], *call[1], queue="attempts")
    (body,) = _bodies(receiver)
    attempt, reasons = _ended(app, token)
    assert attempt.submitted_at is not None and attempt.submitted_at == attempt.deadline_at
    assert reasons == ["submitted"]
    assert body["attempt"]["id"] == attempt.id
    with app.app_context():
        assignment = db.session.get(Assignment, klass.assignment_id)
        assert assignment is not None and assignment.counted_attempts == 1


def test_a_timed_out_recruiting_attempt_reaches_the_webhook_when_the_pipeline_is_read(
    app: Flask,
    make_user: MakeUser,
    make_company: MakeCompany,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
    receiver: Receiver,
) -> None:
    company = make_company(role="owner")
    position_id = make_position(company, time_limit_minutes=20)
    recruiter = app.test_client()
    login(recruiter, company.email)
    register_webhook(recruiter, company.org_id, receiver.url)
    invitation = make_invitation(position_id, "cand@example.com")
    make_user("cand@example.com")
    candidate = app.test_client()
    login(candidate, "cand@example.com")
    token = consent(candidate, invitation)
    _overdue(app, token)

    page = recruiter.get(f"/recruit/positions/{position_id}/pipeline")
    assert page.status_code == 200
    attempt, reasons = _ended(app, token)
    assert attempt.submitted_at == attempt.deadline_at and reasons == ["submitted"]
    (body,) = _bodies(receiver)
    assert body["attempt"]["id"] == attempt.id


def test_an_api_read_after_the_deadline_closes_with_the_report(
    app: Flask, make_user: MakeUser
) -> None:
    uid = make_user("api@example.org")
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None
        scopes = ["attempts:write", "reports:read"]
        secret = tokens.create_token(user, "t", scopes, utcnow() + timedelta(days=1)).secret
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    body = {"profile_id": "junior-backend", "mode": "quick"}
    started = client.post("/api/v1/attempts", json=body, headers=bearer)
    assert started.status_code == 201
    token = started.get_json()["token"]
    _overdue(app, token)

    read = client.get(f"/api/v1/attempts/{token}", headers=bearer)
    assert read.status_code == 200 and read.get_json()["submitted_at"] is not None
    attempt, reasons = _ended(app, token)
    assert attempt.submitted_at == attempt.deadline_at and reasons == ["submitted"]
    report = client.get(f"/api/v1/attempts/{token}/report", headers=bearer)
    assert report.status_code == 200 and report.get_json()["reason"] == "submitted"


def _race(app: Flask, klass: Klass, token: str) -> list[bool]:
    """The student's submit and the dashboard's close of the same overdue attempt, at once;
    what each call says it did."""
    barrier = threading.Barrier(2)
    outcome: dict[str, bool] = {}
    errors: list[BaseException] = []

    def student() -> None:
        try:
            with app.app_context():
                attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
                assert attempt is not None
                barrier.wait(10)
                outcome["submit"] = ending.submit(attempt)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def dashboard() -> None:
        try:
            with app.app_context():
                barrier.wait(10)
                closed = ending.close_overdue(Attempt.assignment_id == klass.assignment_id)
                outcome["dashboard"] = closed == 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=student), threading.Thread(target=dashboard)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return [outcome["submit"], outcome["dashboard"]]


def test_a_submit_racing_the_dashboard_close_is_counted_once(
    app: Flask, make_class: MakeClass, enrol: Enrol, receiver: Receiver
) -> None:
    """Whichever wins each race, every attempt is closed once: one snapshot, one webhook, and
    item counts equal to a recount from the responses (PostgreSQL's row locks or SQLite's
    database lock serialise the two closes)."""
    klass = make_class(time_limit_minutes=30)
    register_webhook(_teacher(app), klass.org_id, receiver.url)
    tokens = []
    for n in range(4):
        token = take(enrol(klass, f"s{n}@example.org"), klass.assignment_id, "B", submit=False)
        _overdue(app, token)
        assert sorted(_race(app, klass, token)) == [False, True]
        tokens.append(token)

    for token in tokens:
        assert _ended(app, token)[1] == ["submitted"]
    assert len(_bodies(receiver)) == len(tokens)
    with app.app_context():
        assignment = db.session.get(Assignment, klass.assignment_id)
        assert assignment is not None and assignment.counted_attempts == len(tokens)
        kept = _count_rows(klass.assignment_id)
        itemcounts.rebuild(klass.assignment_id)
        assert _count_rows(klass.assignment_id) == kept
        assert sum(n for *_key, n in kept) == len(tokens) * 8


def _count_rows(assignment_id: int) -> list[tuple[Any, ...]]:
    rows = db.session.execute(
        sa.select(
            ItemCount.item_id, ItemCount.credit, ItemCount.total, ItemCount.presented, ItemCount.n
        )
        .where(ItemCount.assignment_id == assignment_id)
        .order_by(ItemCount.item_id, ItemCount.credit, ItemCount.total)
    )
    return [tuple(row) for row in rows]


def test_deleting_attempts_takes_them_out_of_the_counts(
    app: Flask, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    kept = take(enrol(klass, "ann@example.org"), klass.assignment_id, "B")
    gone = take(enrol(klass, "bob@example.org"), klass.assignment_id, "A")
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Attempt.id).where(Attempt.token == gone)))
        ending.delete_attempts(ids)
        db.session.commit()
        assignment = db.session.get(Assignment, klass.assignment_id)
        assert assignment is not None and assignment.counted_attempts == 1
        left = _count_rows(klass.assignment_id)
        itemcounts.rebuild(klass.assignment_id)
        assert _count_rows(klass.assignment_id) == left
        assert db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0
    assert _ended(app, kept)[1] == ["submitted"]
