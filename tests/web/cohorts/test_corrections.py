"""Correcting a class: past due dates confirmed, assignments edited (attempts kept, questions
locked once started), duplicated, closed, deleted (attempts kept or removed), cohorts archived
and restored, join codes reset; every change in the organisation's audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Assignment, Attempt, Cohort, CohortMember, OrgAudit
from quiz.models.base import utcnow
from tests.actions import join, login, post_form, rows, start, take
from tests.worlds.people import Enrol, MakeClass, MakeUser

MINUTE = "%Y-%m-%dT%H:%M"


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "title": "Week 2",
        "profile": "junior-backend",
        "mode": "quick",
        "source": "ours",
        "attempt_limit": "1",
        "late_allowed": "y",
        "review_allowed": "y",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def _actions(app: Flask) -> list[str]:
    return [r.action for r in rows(app, OrgAudit)]


def test_past_due_date_needs_confirmation(
    app: Flask, client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/cohorts/{klass.cohort_id}/assignments/new"
    past = (utcnow() - timedelta(days=2)).strftime(MINUTE)
    resp = post_form(client, url, url, _form(due_at=past))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "This due date is in the past" in page and 'name="confirm_past"' in page
    assert len(rows(app, Assignment)) == 1  # nothing saved
    resp = post_form(client, url, url, _form(due_at=past, confirm_past="y"))
    assert resp.status_code == 302
    [new] = rows(app, Assignment, Assignment.title == "Week 2")
    assert new.due_at is not None and new.due_at < utcnow()
    assert "assignment-created" in _actions(app)


def test_edit_keeps_attempts_and_refuses_question_changes_after_start(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    take(enrol(klass, "ann@example.org"), klass.assignment_id)
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Week 1 check"' in page and "Students have started" in page
    due = (utcnow() + timedelta(days=3)).strftime(MINUTE)
    resp = post_form(client, url, url, _form(title="Week 1 check", mode="full", due_at=due))
    assert resp.status_code == 400
    assert "its mode cannot change" in resp.get_data(as_text=True)
    [same] = rows(app, Assignment)
    assert same.mode == "quick" and same.due_at is None
    resp = post_form(client, url, url, _form(title="Week 1 check", due_at=due, attempt_limit="3"))
    assert resp.status_code == 302
    [edited] = rows(app, Assignment)
    assert edited.attempt_limit == 3 and edited.due_at is not None
    assert edited.due_at.strftime(MINUTE) == due
    [attempt] = rows(app, Attempt)
    assert attempt.assignment_id == klass.assignment_id and attempt.submitted_at is not None
    [line] = [r for r in rows(app, OrgAudit) if r.action == "assignment-edited"]
    assert "attempt_limit" in line.detail and "due_at" in line.detail


def test_edit_before_any_start_may_change_mode(
    app: Flask, client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/edit"
    resp = post_form(client, url, url, _form(mode="full", fixed_form="y"))
    assert resp.status_code == 302
    [edited] = rows(app, Assignment)
    assert edited.mode == "full" and edited.fixed_form is True


def test_duplicate_prefills_a_new_assignment(client: FlaskClient, make_class: MakeClass) -> None:
    klass = make_class(attempt_limit=4)
    login(client, "teacher@example.org")
    page = client.get(f"/assignments/{klass.assignment_id}/duplicate").get_data(as_text=True)
    assert 'value="Week 1 check (copy)"' in page and 'value="4"' in page
    assert f'action="/cohorts/{klass.cohort_id}/assignments/new"' in page


def test_close_needs_confirmation_and_stops_new_attempts(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/close"
    assert "Students can no longer start" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, url, {}).status_code == 400  # no confirm: nothing done
    assert rows(app, Assignment)[0].closed_at is None
    assert post_form(client, url, url, {"confirm": "yes"}).status_code == 302
    assert rows(app, Assignment)[0].closed_at is not None
    resp = post_form(student, "/home", f"/assignments/{klass.assignment_id}/start", {})
    assert resp.location == "/home"
    assert "Closed by your instructor" in student.get("/home").get_data(as_text=True)
    assert post_form(client, url, url, {"confirm": "yes"}).status_code == 302  # reopen
    assert rows(app, Assignment)[0].closed_at is None
    start(student, klass.assignment_id)
    assert _actions(app) == ["assignment-closed", "assignment-reopened"]


def test_delete_keeps_submitted_attempts_in_history(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    token = take(student, klass.assignment_id)
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "1 attempt(s): 1 submitted, 0 not submitted" in page
    assert "stays in its student's own history" in page
    assert post_form(client, url, url, {}).status_code == 400
    resp = post_form(client, url, url, {"confirm": "yes"})
    assert resp.location == f"/cohorts/{klass.cohort_id}"
    assert rows(app, Assignment) == []
    [attempt] = rows(app, Attempt)
    assert attempt.token == token and attempt.assignment_id is None
    assert attempt.submitted_at is not None
    assert student.get(f"/attempt/{token}/report").status_code == 200
    [line] = rows(app, OrgAudit)
    assert line.action == "assignment-deleted" and "kept in students' history" in line.detail


def test_delete_may_remove_the_attempts(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    take(enrol(klass, "ann@example.org"), klass.assignment_id)
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/delete"
    post_form(client, url, url, {"confirm": "yes", "remove_attempts": "y"})
    assert rows(app, Assignment) == [] and rows(app, Attempt) == []


def test_archive_restore_and_reset_join_code(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/cohorts/{klass.cohort_id}/archive"
    assert "An archived cohort" in client.get(url).get_data(as_text=True)
    post_form(client, url, url, {"confirm": "yes"})
    assert rows(app, Cohort)[0].archived_at is not None
    page = client.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    assert "Archived: nobody can join" in page and "New assignment</a>" not in page
    make_user("bob@example.org")
    bob = app.test_client()
    login(bob, "bob@example.org")
    resp = join(bob, klass.join_code)
    assert resp.status_code == 400 and "archived" in resp.get_data(as_text=True)
    post_form(client, url, url, {"confirm": "yes"})  # restore
    assert rows(app, Cohort)[0].archived_at is None
    code_url = f"/cohorts/{klass.cohort_id}/join-code"
    assert post_form(client, code_url, code_url, {}).status_code == 400
    post_form(client, code_url, code_url, {"confirm": "yes"})
    [cohort] = rows(app, Cohort)
    assert cohort.join_code != klass.join_code
    assert join(bob, klass.join_code).status_code == 400
    assert rows(app, CohortMember) == []
    assert join(bob, cohort.join_code).status_code == 302
    assert _actions(app) == ["cohort-archived", "cohort-restored", "join-code-reset"]


def test_fixed_form_gives_everyone_the_same_questions(
    app: Flask, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class(fixed_form=True)
    tokens = [take(enrol(klass, f"s{n}@example.org"), klass.assignment_id) for n in range(3)]
    attempts = {a.token: a.item_ids for a in rows(app, Attempt)}
    drawn = [attempts[t] for t in tokens]
    assert all(sorted(d) == sorted(drawn[0]) for d in drawn) and len(drawn[0]) > 1
    [assignment] = rows(app, Assignment)
    assert sorted(assignment.fixed_items) == sorted(drawn[0])
