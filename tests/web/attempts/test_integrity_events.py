"""Attempt events: stored from the question page's JSON, bad payloads refused with a code,
and the integrity context shown on the instructor's view of a student's report."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, AttemptEvent, CohortMember
from tests.actions import start, take
from tests.support import QuizClient, csrf_from
from tests.worlds.people import Enrol, Klass


def _post(client: FlaskClient, token: str, body: Any, csrf: str, raw: bool = False) -> Any:
    data = body if raw else json.dumps(body)
    return client.post(
        f"/attempt/{token}/events",
        data=data,
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": csrf,
        },
    )


def _events(app: Flask, token: str) -> list[tuple[str, str | None]]:
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        rows = db.session.execute(
            sa.select(AttemptEvent.kind, AttemptEvent.item_id)
            .where(AttemptEvent.attempt_id == attempt.id)
            .order_by(AttemptEvent.id)
        )
        return [(kind, item) for kind, item in rows]


def _item_ids(app: Flask, token: str) -> list[str]:
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        return list(attempt.item_ids)


def test_events_are_stored_with_the_item_of_their_question(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    page = quiz.page(2)
    assert f'data-events-url="/attempt/{token}/events"' in page and 'data-number="2"' in page
    body = {
        "events": [
            {"kind": "view", "item": 2, "ago_ms": 5000},
            {"kind": "blur", "item": 2, "ago_ms": 1000},
            {"kind": "paste", "item": 3, "ago_ms": 0},
            {"kind": "blur", "item": None},
        ]
    }
    resp = _post(quiz.client, token, body, csrf_from(page))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.get_json() == {"status": "stored", "stored": 4}
    items = _item_ids(app, token)
    assert _events(app, token) == [
        ("view", items[1]),
        ("blur", items[1]),
        ("paste", items[2]),
        ("blur", None),
    ]


BAD: list[tuple[Any, str]] = [
    ([], "invalid_payload"),
    ({"events": "blur"}, "invalid_payload"),
    ({"events": [{"kind": "view"}] * 51}, "too_many_events"),
    ({"events": ["blur"]}, "invalid_event"),
    ({"events": [{"kind": "copy", "item": 1}]}, "invalid_kind"),
    ({"events": [{"kind": "blur", "item": 0}]}, "invalid_item"),
    ({"events": [{"kind": "blur", "item": 99}]}, "invalid_item"),
    ({"events": [{"kind": "blur", "item": "1"}]}, "invalid_item"),
    ({"events": [{"kind": "blur", "item": True}]}, "invalid_item"),
    ({"events": [{"kind": "blur", "item": 1, "ago_ms": -1}]}, "invalid_time"),
    ({"events": [{"kind": "blur", "item": 1, "ago_ms": 3_600_000}]}, "invalid_time"),
    ({"events": [{"kind": "blur", "item": 1, "ago_ms": 1.5}]}, "invalid_time"),
]


@pytest.mark.parametrize(("body", "code"), BAD)
def test_bad_payloads_get_400_json_with_a_code_and_store_nothing(
    app: Flask, quiz: QuizClient, body: Any, code: str
) -> None:
    token = quiz.start()
    resp = _post(quiz.client, token, body, csrf_from(quiz.page(1)))
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == code
    assert resp.get_json()["error"]["message"]
    assert _events(app, token) == []


def test_not_json_too_large_and_no_csrf_are_refused(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    csrf = csrf_from(quiz.page(1))
    resp = _post(quiz.client, token, "kind=blur", csrf, raw=True)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
    big = json.dumps({"events": [], "pad": "x" * 9000})
    resp = _post(quiz.client, token, big, csrf, raw=True)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "too_large"
    resp = _post(quiz.client, token, {"events": [{"kind": "blur"}]}, "")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "csrf_failed"
    assert _events(app, token) == []


def test_another_browser_gets_404_and_a_submitted_attempt_409(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    csrf = csrf_from(quiz.page(1))
    stranger = app.test_client()
    stranger_csrf = csrf_from(stranger.get("/start").get_data(as_text=True))
    resp = _post(stranger, token, {"events": [{"kind": "blur"}]}, stranger_csrf)
    assert resp.status_code == 404
    assert quiz.submit().status_code == 302
    resp = _post(quiz.client, token, {"events": [{"kind": "blur"}]}, csrf)
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "attempt_closed"
    assert _events(app, token) == []


def test_instructor_sees_the_context_beside_the_report(
    app: Flask,
    klass: Klass,
    teacher: FlaskClient,
    enrol: Enrol,
) -> None:
    student = enrol(klass, "stu@example.org")
    token = start(student, klass.assignment_id)
    page = student.get(f"/attempt/{token}/q/1").get_data(as_text=True)
    body = {
        "events": [
            {"kind": "blur", "item": 1},
            {"kind": "blur", "item": 1},
            {"kind": "paste", "item": 1},
        ]
    }
    assert _post(student, token, body, csrf_from(page)).status_code == 200
    take(student, klass.assignment_id, "B")
    with app.app_context():
        member = db.session.scalar(
            sa.select(CohortMember).where(CohortMember.cohort_id == klass.cohort_id)
        )
        assert member is not None
        member_id = member.id
    html = teacher.get(f"/assignments/{klass.assignment_id}/students/{member_id}").get_data(
        as_text=True
    )
    assert "Integrity context" in html and "never a verdict" in html
    assert "Times the page lost focus: <strong>2</strong>" in html
    assert "Pastes into text answers: <strong>1</strong>" in html
