"""One score per candidate and position: the candidate page (and the report embedded in it),
the pipeline, the CSV, the API and the webhook give the same readiness, computed with the
position's own requirements, weights and targets; change a weight and all of them follow."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens as apitokens
from quiz.core import queue
from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Invitation, Organisation, Position, ReportSnapshot, User
from quiz.models.base import utcnow
from quiz.recruiting import candidacy
from quiz.recruiting.benchmarks import percentile
from quiz.recruiting.fit import levels_of, position_readiness, wanted_of
from quiz.webhooks import delivery, manage
from tests.actions import login, post_form, rows, share_link
from tests.receiver import Receiver
from tests.support import QuizClient
from tests.worlds.hiring import ANA, BEN, REQUIREMENTS, Company

SOFT = "soft-communication"


def _set_requirements(app: Flask, position_id: int, requirements: list[dict[str, Any]]) -> None:
    with app.app_context():
        store_snapshot(current_content())
        position = db.session.get(Position, position_id)
        assert position is not None
        position.requirements = requirements
        db.session.commit()


def _expected(app: Flask, invitation_id: int) -> float:
    """The position's readiness from the stored levels, computed here from the fit core."""
    with app.app_context():
        inv = db.session.get(Invitation, invitation_id)
        assert inv is not None and inv.attempt_id is not None
        snap = db.session.query(ReportSnapshot).filter_by(attempt_id=inv.attempt_id).one()
        wanted = wanted_of(inv.position.requirements)
        return position_readiness(levels_of(snap.data, [w.id for w in wanted]), wanted).mean


def _catalog(app: Flask, invitation_id: int) -> float:
    with app.app_context():
        inv = db.session.get(Invitation, invitation_id)
        assert inv is not None
        snap = db.session.query(ReportSnapshot).filter_by(attempt_id=inv.attempt_id).one()
        return float(snap.data["readiness"]["mean"])


def _submitted_webhook(app: Flask, invitation_id: int) -> None:
    """What the submission does after its commit: the ``attempt_submitted`` receiver."""
    with app.app_context():
        inv = db.session.get(Invitation, invitation_id)
        assert inv is not None and inv.attempt is not None
        snap = db.session.query(ReportSnapshot).filter_by(attempt_id=inv.attempt_id).one()
        assert delivery.queue_submitted(inv.attempt, snapshot=snap) == 1
    assert queue.wait_until_idle(10)


def _figures(
    app: Flask, recruiter: FlaskClient, position_id: int, invitation_id: int, token: str
) -> dict[str, Any]:
    page = recruiter.get(f"/recruit/candidates/{invitation_id}").get_data(as_text=True)
    facts = re.search(r'<dd data-testid="readiness">(\d+)%', page)
    embedded = re.search(r'<strong data-testid="readiness">(\d+)%</strong>', page)
    pipeline = recruiter.get(f"/recruit/positions/{position_id}/pipeline").get_data(as_text=True)
    cell = re.search(
        rf'/recruit/candidates/{invitation_id}".*?<td data-testid="readiness">(\d+)%',
        pipeline,
        re.S,
    )
    text = recruiter.get(f"/recruit/positions/{position_id}/pipeline.csv").get_data(as_text=True)
    name = _name(app, invitation_id)
    (row,) = [r for r in csv.DictReader(io.StringIO(text)) if r["Candidate"] == name]
    api = app.test_client().get(
        f"/api/v1/positions/{position_id}/pipeline",
        headers={"Authorization": f"Bearer {token}"},
    )
    (item,) = [i for i in api.get_json()["items"] if i["invitation_id"] == invitation_id]
    assert facts and embedded and cell, page
    return {
        "page": int(facts.group(1)),
        "embedded": int(embedded.group(1)),
        "pipeline": int(cell.group(1)),
        "csv": float(row["Readiness"]),
        "api": float(item["readiness"]["mean"]),
    }


def _name(app: Flask, invitation_id: int) -> str:
    with app.app_context():
        inv = db.session.get(Invitation, invitation_id)
        assert inv is not None
        return inv.name


def _agree(found: dict[str, Any], expected: float) -> None:
    assert found["csv"] == found["api"] == expected, found
    assert found["page"] == found["embedded"] == found["pipeline"] == round(expected), found


def test_a_weight_change_moves_page_pipeline_csv_api_and_webhook_together(
    app: Flask,
    company: Company,
    position_id: int,
    recruiter: FlaskClient,
    make_candidate: Callable[..., int],
    receiver: Receiver,
) -> None:
    own = [dict(r) for r in REQUIREMENTS]
    own[2] |= {"weight": "must", "target": 65}  # not the catalog's weight or target
    _set_requirements(app, position_id, own)
    with app.app_context():
        org = db.session.get(Organisation, company.org_id)
        user = db.session.get(User, company.recruiter_id)
        assert org is not None and user is not None
        manage.create_webhook(org, receiver.url)
        token = apitokens.create_token(
            user, "ats", ["positions:read"], utcnow() + timedelta(days=1)
        ).secret
    ana = make_candidate(position_id, "Ana", levels=ANA)
    _submitted_webhook(app, ana)
    expected = _expected(app, ana)
    assert expected != _catalog(app, ana)  # the catalog profile's figure is another one
    found = _figures(app, recruiter, position_id, ana, token)
    _agree(found, expected)
    (hit,) = receiver.received
    body = json.loads(hit.body)
    assert body["report"]["readiness"]["mean"] == expected
    assert body["position"]["id"] == position_id
    assert body["invitation"]["id"] == body["candidate"]["id"] == ana
    assert body["candidate"]["email"] == "ana@example.com"

    # The recruiter makes communication a must at 50: everything follows, the webhook of the
    # next submission too.
    own[3] |= {"weight": "must"}
    own[2] |= {"weight": "nice", "target": 40}
    _set_requirements(app, position_id, own)
    moved = _expected(app, ana)
    assert moved != expected
    _agree(_figures(app, recruiter, position_id, ana, token), moved)
    ben = make_candidate(position_id, "Ben", levels=BEN)
    _submitted_webhook(app, ben)
    ben_body = json.loads(receiver.received[-1].body)
    assert ben_body["candidate"]["id"] == ben
    assert ben_body["report"]["readiness"]["mean"] == _expected(app, ben)
    _agree(_figures(app, recruiter, position_id, ben, token), _expected(app, ben))


def test_the_embedded_report_lists_only_the_positions_requirements(
    app: Flask,
    position_id: int,
    recruiter: FlaskClient,
    make_candidate: Callable[..., int],
) -> None:
    own = [dict(r) for r in REQUIREMENTS if r["id"] != SOFT]
    own[0] |= {"weight": "should", "target": 65}
    _set_requirements(app, position_id, own)
    ana = make_candidate(position_id, "Ana", levels=ANA)
    page = recruiter.get(f"/recruit/candidates/{ana}").get_data(as_text=True)
    assert "from 3 of 3 requirements assessed" in page
    assert "Career ladder" not in page
    assert "Communication" not in page  # removed by the recruiter: not "not assessed" either
    row = r'<th scope="row">Writing SQL queries</th>\s*<td>(\w+)</td>\s*<td>(\d+)%'
    match = re.search(row, page)
    assert match is not None and match.groups() == ("Should", "65")


def test_withdrawn_and_expired_candidates_are_sent_once_each(
    app: Flask,
    company: Company,
    position_id: int,
    make_candidate: Callable[..., int],
    receiver: Receiver,
) -> None:
    _set_requirements(app, position_id, [dict(r) for r in REQUIREMENTS])
    with app.app_context():
        org = db.session.get(Organisation, company.org_id)
        assert org is not None
        manage.create_webhook(org, receiver.url)
    ana = make_candidate(position_id, "Ana", levels=ANA)
    gone = make_candidate(position_id, "Gus", expires_at=utcnow() - timedelta(days=1))
    make_candidate(position_id, "Ivy")  # still open: nothing to say
    with app.app_context():
        inv = db.session.get(Invitation, ana)
        assert inv is not None
        candidacy.withdraw(inv)
        candidacy.withdraw(inv)  # twice: one event
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["recruiting", "notify-expired"])
        assert result.exit_code == 0, result.output
    assert queue.wait_until_idle(10)
    bodies = [json.loads(r.body) for r in receiver.received]
    assert sorted((b["event"], b["candidate"]["id"]) for b in bodies) == [
        ("invitation.expired", gone),
        ("invitation.withdrawn", ana),
    ]
    for body in bodies:
        assert body["position"]["id"] == position_id and body["invitation"]["id"] > 0
    assert "queued 0" in runner.invoke(args=["recruiting", "notify-expired"]).output


def test_benchmarks_beside_each_readiness(
    app: Flask,
    position_id: int,
    recruiter: FlaskClient,
    make_candidate: Callable[..., int],
) -> None:
    _set_requirements(app, position_id, [dict(r) for r in REQUIREMENTS])
    ana = make_candidate(position_id, "Ana", levels=ANA)
    ben = make_candidate(position_id, "Ben", levels=BEN)
    make_candidate(position_id, "Ivy")  # no result: not counted
    values = sorted([_expected(app, ana), _expected(app, ben)])
    median = round((values[0] + values[1]) / 2)
    pipeline = recruiter.get(f"/recruit/positions/{position_id}/pipeline").get_data(as_text=True)
    line = pipeline.split('data-testid="benchmark">', 1)[1].split("</p>", 1)[0]
    assert f"median {median}%" in line and "n = 2" in line
    assert f"lowest {round(values[0])}%" in line and f"highest {round(values[1])}%" in line
    page = recruiter.get(f"/recruit/candidates/{ana}").get_data(as_text=True)
    assert "n = 2" in page.split('data-testid="benchmark-position">', 1)[1].split("</dd>", 1)[0]
    profile = page.split('data-testid="benchmark-profile">', 1)[1].split("</dd>", 1)[0]
    assert "shown once 20 people have taken it (n = 2 so far)" in profile
    for n in range(20):  # twenty more people take the profile: a percentile appears
        make_candidate(position_id, f"Taker{n}", levels=BEN)
    page = recruiter.get(f"/recruit/candidates/{ana}").get_data(as_text=True)
    profile = page.split('data-testid="benchmark-profile">', 1)[1].split("</dd>", 1)[0]
    expected = percentile(_expected(app, ana), [_expected(app, ben)] * 21 + [_expected(app, ana)])
    assert f"{round(expected)}th percentile" in profile and "n = 22" in profile


def test_an_attached_report_is_sent_with_the_positions_readiness(
    app: Flask,
    company: Company,
    position_id: int,
    invitation_token: str,
    make_user: Callable[..., int],
    receiver: Receiver,
    recruiter: FlaskClient,
) -> None:
    with app.app_context():
        org = db.session.get(Organisation, company.org_id)
        assert org is not None
        manage.create_webhook(org, receiver.url)
    make_user("cand@example.com")
    browser = app.test_client()
    login(browser, "cand@example.com")
    quiz = QuizClient(browser)
    quiz.start()
    assert quiz.submit().status_code == 302
    assert queue.wait_until_idle(10)
    assert receiver.received == []  # practice: no organisation hears of it
    mine = f"http://localhost{share_link(browser, quiz.token)}"
    page = f"/recruit/i/{invitation_token}"
    assert post_form(browser, page, f"{page}/attach", {"url": mine}).status_code == 302
    assert queue.wait_until_idle(10)
    (hit,) = receiver.received
    body = json.loads(hit.body)
    (inv,) = rows(app, Invitation)
    assert body["event"] == "attempt.submitted" and body["invitation"]["id"] == inv.id
    pipeline = recruiter.get(f"/recruit/positions/{position_id}/pipeline.csv").get_data(
        as_text=True
    )
    (row,) = csv.DictReader(io.StringIO(pipeline))
    assert body["report"]["readiness"]["mean"] == float(row["Readiness"])
