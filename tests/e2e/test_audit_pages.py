"""In Chromium: the account page's "who viewed your reports", the admin audit log and the
locked log-in page are in the layout, accessible (axe) and free of CSP violations."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import CohortMember, User
from tests.actions import PASSWORD, join, login, post_form, rows, take
from tests.e2e.test_csp import Console
from tests.e2e.test_take_quiz import assert_accessible
from tests.worlds.people import MakeClass, MakeUser


def _viewed_report(app: Flask, make_class: MakeClass, make_user: MakeUser) -> None:
    klass = make_class("tess@example.org")
    make_user("sam@example.org", "Sam")
    student = app.test_client()
    login(student, "sam@example.org")
    join(student, klass.join_code)
    take(student, klass.assignment_id)
    [member] = rows(app, CohortMember)
    teacher = app.test_client()
    login(teacher, "tess@example.org")
    assert (
        teacher.get(f"/assignments/{klass.assignment_id}/students/{member.id}").status_code == 200
    )
    with app.app_context():
        db.session.execute(sa.update(User).where(User.name == "Sam").values(is_admin=True))
        db.session.commit()


def _log_in(page: Page, live_server: str, email: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_audit_pages_are_accessible(
    app: Flask,
    live_server: str,
    page: Page,
    screenshot_dir: Path,
    make_class: MakeClass,
    make_user: MakeUser,
) -> None:
    _viewed_report(app, make_class, make_user)
    console = Console(page)
    _log_in(page, live_server, "sam@example.org", PASSWORD)
    page.goto(live_server + "/account/")
    expect(page.get_by_role("heading", name="Who viewed your reports")).to_be_visible()
    expect(page.get_by_role("cell", name="Week 1 check, Spring cohort")).to_be_visible()
    assert_accessible(page, "account with report views")
    page.screenshot(path=screenshot_dir / "account-report-views.png", full_page=True)
    page.get_by_role("link", name="Audit log of every report view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report views: audit log")
    expect(page.get_by_role("cell", name="Sam <sam@example.org>")).to_be_visible()
    assert_accessible(page, "admin report views")
    page.screenshot(path=screenshot_dir / "admin-report-views.png", full_page=True)
    assert console.csp() == []


def test_locked_login_page_is_accessible(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path
) -> None:
    client = app.test_client()
    for _ in range(5):
        post_form(client, "/login", "/login", {"email": "who@example.org", "password": "nope"})
    _log_in(page, live_server, "who@example.org", "nope")
    expect(page.get_by_text("Too many failed log-ins for this email")).to_be_visible()
    assert_accessible(page, "locked log-in")
    page.screenshot(path=screenshot_dir / "login-locked.png", full_page=True)
