"""Recruiting joined to the other parts: a company's webhook hears of a position's submission,
a recruiter's view of a candidate's report is in the candidate's audit log, and the candidate
page shows the attempt's integrity context."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.core import queue
from quiz.extensions import db
from quiz.models import Invitation, ReportView
from tests.actions import consent, finish, login, post_form, register_webhook
from tests.receiver import Receiver, signature_ok
from tests.worlds.hiring import Company, MakeCompany, MakePosition

InvitedCandidate = Callable[..., tuple[FlaskClient, str]]


def test_a_position_submission_reaches_the_company_webhook(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    make_company: MakeCompany,
    make_position: MakePosition,
    invited_candidate: InvitedCandidate,
) -> None:
    app = extra_app(WEBHOOK_RETRY_DELAYS=(0.05,))
    company = make_company("boss@acme.example", role="owner")
    position = make_position(company)
    owner = app.test_client()
    login(owner, company.email)
    resp, secret = register_webhook(owner, company.org_id, receiver.url)
    assert resp.status_code == 201 and secret

    candidate, token = invited_candidate(position, on=app)
    finish(candidate, consent(candidate, token))
    assert queue.wait_until_idle(10)

    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert signature_ok(secret, got)
    payload = json.loads(got.body)
    assert payload["event"] == "attempt.submitted"
    assert payload["organisation_id"] == company.org_id


def test_a_recruiter_view_is_logged_for_the_candidate_with_integrity_context(
    app: Flask,
    company: Company,
    position_id: int,
    recruiter: FlaskClient,
    invited_candidate: InvitedCandidate,
) -> None:
    candidate, token = invited_candidate(position_id)
    finish(candidate, consent(candidate, token))
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportView)) == 0

    page = recruiter.get(f"/recruit/candidates/{invitation_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "never a verdict" in html  # the integrity context, explained beside the report

    with app.app_context():
        views = db.session.scalars(sa.select(ReportView)).all()
        assert [(v.viewer_name, v.role, v.organisation_id) for v in views] == [
            ("Rita Recruiter", "recruiter", company.org_id)
        ]
        assert views[0].context == "Position Junior backend engineer"
    account = candidate.get("/account/").get_data(as_text=True)
    assert "Rita Recruiter" in account and "Position Junior backend engineer" in account

    # Opening the page again and a note posted with errors (the page re-rendered with the
    # report) are two more views, each logged.
    resp = post_form(
        recruiter,
        f"/recruit/candidates/{invitation_id}",
        f"/recruit/candidates/{invitation_id}/notes",
        {"note-body": ""},
    )
    assert resp.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportView)) == 3


def test_the_data_export_lists_the_positions_that_hold_the_results(
    position_id: int, invited_candidate: InvitedCandidate
) -> None:
    candidate, token = invited_candidate(position_id)
    consent(candidate, token)

    export = candidate.get("/account/export.json")
    assert export.status_code == 200
    held = json.loads(export.get_data(as_text=True))["positions"]
    assert [(h["organisation"], h["position"], h["status"]) for h in held] == [
        ("Acme", "Junior backend engineer", "started")
    ]
    assert held[0]["consented_at"] and held[0]["withdrawn_at"] is None
