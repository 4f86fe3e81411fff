"""Per student: their own due date and extra attempts beside the class's, applied when they
start, shown on their home page, refused when the date is past; each change audited."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Accommodation, Attempt, CohortMember, OrgAudit
from quiz.models.base import utcnow
from tests.actions import login, post_form, rows, start, take
from tests.worlds.people import Enrol, MakeClass

MINUTE = "%Y-%m-%dT%H:%M"


def test_extra_attempt_and_own_due_date(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class(due_at=utcnow() - timedelta(hours=1), late_allowed=False)
    student = enrol(klass, "ann@example.org")
    start_url = f"/assignments/{klass.assignment_id}/start"
    post_form(student, "/home", start_url, {})
    assert "the due date has passed" in student.get("/home").get_data(as_text=True)
    [member] = rows(app, CohortMember)
    login(client, "teacher@example.org")
    page = f"/assignments/{klass.assignment_id}/students/{member.id}"
    url = f"{page}/terms"
    past = (utcnow() - timedelta(days=1)).strftime(MINUTE)
    resp = post_form(client, page, url, {"due_at": past, "extra_attempts": "1"})
    assert resp.status_code == 400
    assert "Their due date must be in the future." in resp.get_data(as_text=True)
    assert rows(app, Accommodation) == []
    due = (utcnow() + timedelta(days=2)).strftime(MINUTE)
    resp = post_form(client, page, url, {"due_at": due, "extra_attempts": "1"})
    assert resp.status_code == 302
    [acc] = rows(app, Accommodation)
    assert acc.extra_attempts == 1 and acc.due_at is not None
    assert acc.due_at.strftime(MINUTE) == due
    assert "2 attempt(s) allowed" in client.get(page).get_data(as_text=True)
    home = student.get("/home").get_data(as_text=True)
    assert due.replace("T", " ") in home and "0 of 2" in home
    token = take(student, klass.assignment_id)
    [attempt] = rows(app, Attempt)
    assert attempt.token == token and attempt.deadline_at is not None
    assert attempt.deadline_at.strftime(MINUTE) == due  # late work refused: their date closes it
    start(student, klass.assignment_id)  # the extra attempt
    assert len(rows(app, Attempt)) == 2
    post_form(client, page, url, {"due_at": "", "extra_attempts": "0"})
    assert rows(app, Accommodation) == []  # nothing extra left: the row goes
    lines = [r.detail for r in rows(app, OrgAudit) if r.action == "student-terms"]
    assert len(lines) == 2 and "1 extra attempt(s)" in lines[0]


def test_own_due_date_decides_late_on_the_dashboard(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class(due_at=utcnow() - timedelta(hours=1))
    ann, bob = enrol(klass, "ann@example.org"), enrol(klass, "bob@example.org")
    by_email = {m.email: m for m in rows(app, CohortMember)}
    login(client, "teacher@example.org")
    page = f"/assignments/{klass.assignment_id}/students/{by_email['ann@example.org'].id}"
    due = (utcnow() + timedelta(days=1)).strftime(MINUTE)
    post_form(client, page, f"{page}/terms", {"due_at": due, "extra_attempts": "0"})
    take(ann, klass.assignment_id)
    take(bob, klass.assignment_id)
    board = client.get(f"/assignments/{klass.assignment_id}").get_data(as_text=True)
    table = board.split('data-testid="status-table"')[1].split("</table>")[0]
    status = dict(
        re.findall(r'>(\w+)</a></th>\s*<td><span [^>]*data-testid="status">(\w+)<', table)
    )
    assert status == {"Ann": "Submitted", "Bob": "Late"}
