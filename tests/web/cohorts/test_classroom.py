"""Organisations, cohorts, rosters and assignments: creating them through the pages, joining
by link, roster CSV with bad rows, assignment settings applied to attempts, the home page."""

from __future__ import annotations

import io
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Attempt, Cohort, CohortMember, Membership, Organisation, OrgAudit
from quiz.models.base import utcnow
from tests.actions import (
    join,
    last_mail,
    link_in,
    login,
    mailbox,
    post_form,
    rows,
    signup,
    start,
    take,
)
from tests.support import csrf_from
from tests.worlds.people import MakeClass, MakeUser


def test_instructor_creates_org_cohort_and_assignment(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("teach@example.org", "Tess")
    login(client, "teach@example.org")
    resp = post_form(client, "/orgs/new", "/orgs/new", {"name": "Code Camp", "kind": "bootcamp"})
    [org] = rows(app, Organisation)
    assert resp.location == f"/orgs/{org.id}" and org.kind == "bootcamp"
    [member] = rows(app, Membership)
    assert member.role == "owner"
    [line] = rows(app, OrgAudit)
    assert line.action == "organisation-created" and line.actor_name == "Tess"
    resp = post_form(
        client, f"/orgs/{org.id}", f"/orgs/{org.id}/cohorts", {"cohort-name": "Spring"}
    )
    [cohort] = rows(app, Cohort)
    assert resp.location == f"/cohorts/{cohort.id}"
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert cohort.join_code in page and f"/join/{cohort.join_code}" in page
    form = {
        "title": "Week 1",
        "profile": "junior-backend",
        "mode": "quick",
        "attempt_limit": "2",
        "time_limit_minutes": "30",
        "due_at": (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "late_allowed": "y",
    }
    url = f"/cohorts/{cohort.id}/assignments/new"
    resp = post_form(client, url, url, form)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    [assignment] = rows(app, __import__("quiz.models", fromlist=["Assignment"]).Assignment)
    assert assignment.attempt_limit == 2 and assignment.time_limit_minutes == 30
    assert assignment.review_allowed is False  # unchecked box
    assert assignment.due_at is not None and assignment.due_at.tzinfo is not None


def test_assignment_form_errors(client: FlaskClient, make_class: MakeClass) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/cohorts/{klass.cohort_id}/assignments/new"
    now = utcnow()
    resp = post_form(
        client,
        url,
        url,
        {
            "title": "",
            "profile": "junior-backend",
            "mode": "custom",
            "attempt_limit": "0",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "due_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "The due date must be after the opening date." in html
    assert "Choose at least one area for a custom assignment." in html
    assert "Number must be between 1 and 20." in html


def test_student_joins_through_the_link_after_signing_up(
    app: Flask, client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class()
    first = client.get(f"/join/{klass.join_code}")
    assert first.status_code == 302 and first.location.startswith("/signup?next=")
    confirmed = signup(client, app, "Sam", "sam@example.org", next_url=f"/join/{klass.join_code}")
    assert confirmed.location == f"/join/{klass.join_code}"
    page = client.get(confirmed.location).get_data(as_text=True)
    assert "Join Spring cohort" in page
    resp = join(client, klass.join_code)
    assert resp.location == "/home"
    [member] = rows(app, CohortMember)
    assert member.name == "Sam" and member.joined_at is not None
    home = client.get("/home").get_data(as_text=True)
    assert "Week 1 check" in home and "Not started" in home and "No due date" in home


def test_unknown_join_code_gets_a_form_error(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("sam@example.org")
    login(client, "sam@example.org")
    resp = join(client, "NOPE2345")
    assert resp.status_code == 400
    assert "No class has this code" in resp.get_data(as_text=True)
    assert rows(app, CohortMember) == []


def test_roster_csv_reports_bad_rows_by_line_and_imports_the_good(
    app: Flask, client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    csv_text = (
        "email,name\n"
        "ann@example.org,Ann Lee\n"
        "not-an-email,Bob\n"
        "cid@example.org,\n"
        "dee@example.org,Dee\n"
        "ann@example.org,Ann Again\n"
        "only-one-column@example.org\n"
    )
    page = client.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    resp = client.post(
        f"/cohorts/{klass.cohort_id}/roster",
        data={
            "csrf_token": csrf_from(page),
            "roster": (io.BytesIO(csv_text.encode()), "roster.csv"),
        },
        content_type="multipart/form-data",
    )
    html = resp.get_data(as_text=True)
    assert (
        "2 student(s) added and invited; 0 already on the roster (unchanged); "
        "4 line(s) not imported." in html
    )
    assert "Line 3: &#39;not-an-email&#39; is not a valid email address" in html
    assert "Line 4: the name is empty" in html
    assert "Line 6: ann@example.org appears more than once in the file" in html
    assert "Line 7: expected two columns, email and name" in html
    members = rows(app, CohortMember)
    assert sorted((m.email, m.name) for m in members) == [
        ("ann@example.org", "Ann Lee"),
        ("dee@example.org", "Dee"),
    ]
    invite = last_mail(app, "ann@example.org")
    assert invite["Subject"] == "Teacher invites you to Spring cohort at Code Camp"
    assert "Teacher, your instructor at Code Camp, added you" in invite.get_content()
    assert link_in(invite) == f"/join/{klass.join_code}"
    # Uploading again skips the students already there.
    page = client.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    again = client.post(
        f"/cohorts/{klass.cohort_id}/roster",
        data={
            "csrf_token": csrf_from(page),
            "roster": (io.BytesIO(b"dee@example.org,Dee\n"), "r.csv"),
        },
        content_type="multipart/form-data",
    )
    assert "0 student(s) added and invited; 1 already on the roster (unchanged); 0 line(s)" in (
        again.get_data(as_text=True)
    )
    assert 'data-testid="roster-problems"' not in again.get_data(as_text=True)
    assert len(rows(app, CohortMember)) == 2 and len(mailbox(app)) == 2


def test_roster_that_is_not_utf8_is_reported(client: FlaskClient, make_class: MakeClass) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    page = client.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    resp = client.post(
        f"/cohorts/{klass.cohort_id}/roster",
        data={"csrf_token": csrf_from(page), "roster": (io.BytesIO(b"\xff\xfe\x00a"), "r.csv")},
        content_type="multipart/form-data",
    )
    assert "Line 1: the file is not UTF-8 text" in resp.get_data(as_text=True)


def test_invited_student_joining_takes_their_roster_line(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class()
    with app.app_context():
        from quiz.extensions import db

        db.session.add(
            CohortMember(cohort_id=klass.cohort_id, email="ann@example.org", name="Ann Lee")
        )
        db.session.commit()
    make_user("ann@example.org", "Annie")
    login(client, "ann@example.org")
    join(client, klass.join_code)
    [member] = rows(app, CohortMember)
    assert member.name == "Ann Lee" and member.user_id is not None


def _student(
    make_user: MakeUser, client: FlaskClient, code: str, email: str = "sam@example.org"
) -> int:
    uid = make_user(email)
    login(client, email)
    join(client, code)
    return uid


def test_assignment_settings_replace_the_self_practice_defaults(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    due = utcnow() + timedelta(minutes=20)
    klass = make_class(due_at=due, time_limit_minutes=30, review_allowed=False, late_allowed=False)
    uid = _student(make_user, client, klass.join_code)
    [member] = rows(app, CohortMember)
    with app.app_context():
        from quiz.cohorts.assignments import set_extra_time
        from quiz.extensions import db
        from quiz.models import Assignment

        assignment = db.session.get(Assignment, klass.assignment_id)
        member_row = db.session.get(CohortMember, member.id)
        assert assignment is not None and member_row is not None
        set_extra_time(assignment, member_row, 1.5)
    token = start(client, klass.assignment_id)
    [attempt] = rows(app, Attempt)
    assert attempt.token == token and attempt.user_id == uid
    assert attempt.assignment_id == klass.assignment_id
    assert attempt.time_limit_seconds == 1800 and attempt.extra_time == 1.5
    assert attempt.review_allowed is False
    # 45 minutes with extra time, but late work is refused: the attempt closes at the due date.
    assert attempt.deadline_at == due
    # Starting again continues the same attempt.
    assert start(client, klass.assignment_id) == token


def test_attempt_limit_and_late_submission(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class(due_at=utcnow() + timedelta(days=1))
    _student(make_user, client, klass.join_code)
    take(client, klass.assignment_id)
    home = client.get("/home").get_data(as_text=True)
    assert "Submitted" in home and "You have used all 1 attempt(s)." in home
    refused = post_form(client, "/home", f"/assignments/{klass.assignment_id}/start", {})
    assert refused.location == "/home"
    assert len(rows(app, Attempt)) == 1
    # Submitted after the due date: accepted and marked late.
    with app.app_context():
        from quiz.extensions import db
        from quiz.models import Assignment

        assignment = db.session.get(Assignment, klass.assignment_id)
        assert assignment is not None
        assignment.due_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    assert "Late" in client.get("/home").get_data(as_text=True)


def test_closed_assignment_refuses_late_starts(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class(due_at=utcnow() - timedelta(minutes=1), late_allowed=False)
    _student(make_user, client, klass.join_code)
    home = client.get("/home").get_data(as_text=True)
    assert "Closed: the due date has passed and late work is not accepted." in home
    resp = post_form(client, "/home", f"/assignments/{klass.assignment_id}/start", {})
    assert resp.location == "/home" and rows(app, Attempt) == []


def test_not_yet_open_assignment(
    client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    opens = utcnow() + timedelta(days=2)
    klass = make_class(opens_at=opens)
    _student(make_user, client, klass.join_code)
    assert f"Opens {opens.strftime('%Y-%m-%d %H:%M')} UTC." in client.get("/home").get_data(
        as_text=True
    )
