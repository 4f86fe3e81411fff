"""The report-view audit log: an instructor's view of a student's report is recorded; the
student sees who viewed it on their account page; site admins see every view; no one else
sees the admin page, and the log follows account deletion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.core import audit
from quiz.extensions import db
from quiz.models import Attempt, CohortMember, Organisation, ReportView, User
from tests.actions import join, login, post_form, rows, take
from tests.html import duplicate_ids, vnu_errors
from tests.worlds.people import MakeClass, MakeUser

ClassWithReport = Callable[[], tuple[int, int, str]]


@pytest.fixture
def class_with_report(app: Flask, make_class: MakeClass, make_user: MakeUser) -> ClassWithReport:
    """``class_with_report() -> (assignment, member, token)``: instructor Tess's class;
    student Sam took the assignment."""

    def make() -> tuple[int, int, str]:
        klass = make_class("tess@example.org")
        make_user("sam@example.org", "Sam")
        student = app.test_client()
        login(student, "sam@example.org")
        join(student, klass.join_code)
        token = take(student, klass.assignment_id)
        [member] = rows(app, CohortMember, CohortMember.cohort_id == klass.cohort_id)
        return klass.assignment_id, member.id, token

    return make


def test_instructor_view_is_recorded_and_shown_to_the_student(
    app: Flask, class_with_report: ClassWithReport
) -> None:
    assignment_id, member_id, token = class_with_report()
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    assert rows(app, ReportView) == []
    page = teacher.get(f"/assignments/{assignment_id}/students/{member_id}")
    assert page.status_code == 200
    [view] = rows(app, ReportView)
    [attempt] = rows(app, Attempt, Attempt.token == token)
    assert view.attempt_id == attempt.id and view.viewer_name == "Teacher"
    assert view.role == "owner" and view.organisation_name == "Code Camp"
    assert view.context == "Week 1 check, Spring cohort"
    student = app.test_client()
    login(student, "sam@example.org")
    account = student.get("/account/").get_data(as_text=True)
    assert "Who viewed your reports" in account
    assert "<td>Teacher</td>" in account and "Week 1 check, Spring cohort" in account
    assert "Audit log of every report view" not in account  # not an admin
    export = student.get("/account/export.json").get_json(force=True)
    assert [(v["viewer"], v["role"], v["report"]) for v in export["report_views"]] == [
        ("Teacher", "owner", "Week 1 check, Spring cohort")
    ]


def test_a_student_without_views_is_told_so(app: Flask, class_with_report: ClassWithReport) -> None:
    class_with_report()
    student = app.test_client()
    login(student, "sam@example.org")
    page = student.get("/account/").get_data(as_text=True)
    assert "No instructor or recruiter has opened your reports." in page


def test_a_roster_page_without_a_report_records_nothing(
    app: Flask, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class("tess@example.org")
    make_user("sam@example.org", "Sam")
    student = app.test_client()
    login(student, "sam@example.org")
    join(student, klass.join_code)
    [member] = rows(app, CohortMember)
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    assert (
        teacher.get(f"/assignments/{klass.assignment_id}/students/{member.id}").status_code == 200
    )
    assert rows(app, ReportView) == []


def test_admin_page_lists_views_for_admins_only(
    app: Flask, make_user: MakeUser, class_with_report: ClassWithReport
) -> None:
    assignment_id, member_id, _token = class_with_report()
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    teacher.get(f"/assignments/{assignment_id}/students/{member_id}")
    assert teacher.get("/admin/report-views").status_code == 404
    anonymous = app.test_client().get("/admin/report-views")
    assert anonymous.status_code == 302 and anonymous.location.startswith("/login")
    admin_id = make_user("root@example.org", "Root")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == admin_id).values(is_admin=True))
        db.session.commit()
    admin = app.test_client()
    login(admin, "root@example.org")
    page = admin.get("/admin/report-views").get_data(as_text=True)
    assert "Sam &lt;sam@example.org&gt;" in page and "<td>Teacher</td>" in page
    assert "Week 1 check, Spring cohort" in page and "Older views" not in page
    assert "Audit log of every report view" in admin.get("/account/").get_data(as_text=True)


def test_admin_page_pages_through_views(app: Flask, class_with_report: ClassWithReport) -> None:
    assignment_id, member_id, _token = class_with_report()
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    for _ in range(audit.ADMIN_PAGE_SIZE + 1):
        teacher.get(f"/assignments/{assignment_id}/students/{member_id}")
    with app.app_context():
        first, more = audit.all_views(1)
        second, more_after = audit.all_views(2)
        assert len(first) == audit.ADMIN_PAGE_SIZE and more
        assert len(second) == 1 and not more_after
        assert audit.all_views(-3)[0][0].view.id == first[0].view.id  # bad page: the first


def test_own_view_is_not_recorded(app: Flask, class_with_report: ClassWithReport) -> None:
    _assignment_id, _member_id, token = class_with_report()
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None and attempt.user_id is not None
        owner = db.session.get(User, attempt.user_id)
        assert owner is not None
        org = db.session.scalar(sa.select(Organisation))
        assert org is not None
        assert audit.record_report_view(attempt, owner, audit.ViewContext(org, "x")) is None
    assert rows(app, ReportView) == []


def test_views_go_with_the_candidates_account_and_outlive_the_viewers(
    app: Flask, class_with_report: ClassWithReport
) -> None:
    assignment_id, member_id, _token = class_with_report()
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    teacher.get(f"/assignments/{assignment_id}/students/{member_id}")
    post_form(
        teacher,
        "/account/",
        "/account/delete",
        {"del-password": "correct horse battery", "del-confirm": "DELETE"},
    )
    [view] = rows(app, ReportView)
    assert view.viewer_id is None and view.viewer_name == "Teacher"
    student = app.test_client()
    login(student, "sam@example.org")
    resp = post_form(
        student,
        "/account/",
        "/account/delete",
        {"del-password": "correct horse battery", "del-confirm": "DELETE"},
    )
    assert resp.status_code == 302
    assert rows(app, ReportView) == []


def test_account_and_admin_pages_with_views_are_valid_html(
    app: Flask, tmp_path: Path, class_with_report: ClassWithReport
) -> None:
    assignment_id, member_id, _token = class_with_report()
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    teacher.get(f"/assignments/{assignment_id}/students/{member_id}")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.name == "Sam").values(is_admin=True))
        db.session.commit()
    student = app.test_client()
    login(student, "sam@example.org")
    pages = {
        "account": student.get("/account/").get_data(as_text=True),
        "admin": student.get("/admin/report-views").get_data(as_text=True),
        "admin-empty": student.get("/admin/report-views?page=9").get_data(as_text=True),
    }
    assert "Teacher" in pages["account"] and "Teacher" in pages["admin"]
    assert "No report has been viewed on this page." in pages["admin-empty"]
    paths = []
    for name, html in pages.items():
        assert duplicate_ids(html) == [], name
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
