"""Access rules for every new route: a student sees only their own; an instructor sees only
their organisations' cohorts, and a student's report only through an assignment of that
cohort; any other organisation's URL answers 404; anonymous visitors are sent to log in."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import CohortMember, Membership, StaffInvitation
from tests.actions import join, login, post_form, rows, take
from tests.worlds.people import Enrol, Klass, MakeClass, MakeUser


def _urls(k: Klass, member_id: int) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    gets = [
        f"/orgs/{k.org_id}",
        f"/cohorts/{k.cohort_id}",
        f"/cohorts/{k.cohort_id}/assignments/new",
        f"/cohorts/{k.cohort_id}/progress",
        f"/assignments/{k.assignment_id}",
        f"/assignments/{k.assignment_id}/dashboard.csv",
        f"/assignments/{k.assignment_id}/students/{member_id}",
        f"/assignments/{k.assignment_id}/items",
    ]
    posts = [
        (f"/orgs/{k.org_id}/cohorts", {"cohort-name": "Sneaky"}),
        (f"/orgs/{k.org_id}/members", {"member-email": "x@example.org", "member-role": "owner"}),
        (f"/cohorts/{k.cohort_id}/roster", {}),
        (f"/cohorts/{k.cohort_id}/assignments/new", {"title": "Sneaky"}),
        (f"/assignments/{k.assignment_id}/students/{member_id}/extra-time", {"extra_time": "2"}),
    ]
    return gets, posts


@pytest.fixture
def world(app: Flask, make_class: MakeClass, enrol: Enrol) -> tuple[Klass, Klass, int, str]:
    """Two organisations, each with a class; a student of class A who submitted."""
    a = make_class("a-teacher@example.org")
    b = make_class("b-teacher@example.org")
    student = enrol(a, "stu@example.org")
    token = take(student, a.assignment_id)
    [member] = rows(app, CohortMember)
    return a, b, member.id, token


def _assert_all_404(client: FlaskClient, k: Klass, member_id: int) -> None:
    gets, posts = _urls(k, member_id)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts:
        assert post_form(client, "/home", url, data).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(
    app: Flask, world: tuple[Klass, Klass, int, str]
) -> None:
    a, _b, member_id, token = world
    client = app.test_client()
    gets, _posts = _urls(a, member_id)
    for url in [*gets, "/home", "/account/", "/account/export.json", "/orgs/new"]:
        resp = client.get(url)
        assert resp.status_code == 302 and resp.location.startswith("/login?next="), url
    assert client.get(f"/attempt/{token}/report").status_code == 404


def test_another_organisations_instructor_gets_404(
    app: Flask, world: tuple[Klass, Klass, int, str]
) -> None:
    a, _b, member_id, token = world
    other = app.test_client()
    login(other, "b-teacher@example.org")
    _assert_all_404(other, a, member_id)
    assert other.get(f"/attempt/{token}/report").status_code == 404
    assert len(rows(app, Membership)) == 2  # nothing was added


def test_a_student_gets_404_on_instructor_pages(
    app: Flask, world: tuple[Klass, Klass, int, str]
) -> None:
    a, _b, member_id, _token = world
    student = app.test_client()
    login(student, "stu@example.org")
    _assert_all_404(student, a, member_id)


def test_a_recruiter_of_the_same_organisation_gets_404(
    app: Flask, world: tuple[Klass, Klass, int, str], make_user: MakeUser
) -> None:
    a, _b, member_id, _token = world
    uid = make_user("rec@example.org", "Rec")
    with app.app_context():
        db.session.add(Membership(organisation_id=a.org_id, user_id=uid, role="recruiter"))
        db.session.commit()
    rec = app.test_client()
    login(rec, "rec@example.org")
    _assert_all_404(rec, a, member_id)


def test_instructor_sees_a_student_only_through_their_cohorts_assignment(
    app: Flask, world: tuple[Klass, Klass, int, str]
) -> None:
    a, b, member_id, token = world
    teacher_a = app.test_client()
    login(teacher_a, "a-teacher@example.org")
    report = teacher_a.get(f"/assignments/{a.assignment_id}/students/{member_id}")
    assert report.status_code == 200 and "Stu&#39;s report on Week 1 check" in report.get_data(
        as_text=True
    )
    # Not the attempt's own URL, and not through another cohort's assignment.
    assert teacher_a.get(f"/attempt/{token}/report").status_code == 404
    teacher_b = app.test_client()
    login(teacher_b, "b-teacher@example.org")
    assert teacher_b.get(f"/assignments/{b.assignment_id}/students/{member_id}").status_code == 404


def test_a_student_sees_only_their_own(
    app: Flask, world: tuple[Klass, Klass, int, str], make_user: MakeUser
) -> None:
    a, b, _member_id, token = world
    mine = app.test_client()
    login(mine, "stu@example.org")
    assert mine.get(f"/attempt/{token}/report").status_code == 200
    other = app.test_client()
    make_user("eve@example.org", "Eve")
    login(other, "eve@example.org")
    join(other, a.join_code)
    assert other.get(f"/attempt/{token}/report").status_code == 404
    assert other.get(f"/attempt/{token}/review").status_code == 404
    assert other.get(f"/attempt/{token}/report.json").status_code == 404
    # Another cohort's assignment cannot be started.
    assert post_form(other, "/home", f"/assignments/{b.assignment_id}/start", {}).status_code == 404
    # The history lists only Eve's attempts.
    assert token not in other.get("/history").get_data(as_text=True)


def test_only_owners_add_members(
    app: Flask, world: tuple[Klass, Klass, int, str], make_user: MakeUser
) -> None:
    a, _b, _member_id, _token = world
    uid = make_user("ins@example.org", "Ins")
    with app.app_context():
        db.session.add(Membership(organisation_id=a.org_id, user_id=uid, role="instructor"))
        db.session.commit()
    ins = app.test_client()
    login(ins, "ins@example.org")
    assert ins.get(f"/orgs/{a.org_id}").status_code == 200
    assert ins.get(f"/cohorts/{a.cohort_id}").status_code == 200
    data = {"member-email": "stu@example.org", "member-role": "owner"}
    assert post_form(ins, "/home", f"/orgs/{a.org_id}/members", data).status_code == 404
    owner = app.test_client()
    login(owner, "a-teacher@example.org")
    resp = post_form(owner, "/home", f"/orgs/{a.org_id}/members", data)
    assert resp.status_code == 302  # an invitation: the role applies once it is accepted
    [invitation] = rows(app, StaffInvitation)
    assert invitation.email == "stu@example.org" and invitation.role == "owner"
    assert len(rows(app, Membership, Membership.organisation_id == a.org_id)) == 2
