"""A bootcamp in Chromium: an instructor signs up, creates a cohort and an assignment; a
student joins through the link, takes it and submits; the dashboard shows the student as
submitted with the report's readiness, and the heatmap row matches the report. Every new
page passes axe and is screenshotted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot
from tests.actions import PASSWORD, join, last_mail, login, take
from tests.e2e.test_take_quiz import answer_like_a_person, assert_accessible, current_item
from tests.worlds.people import MakeClass, MakeUser

pytestmark = pytest.mark.e2e


def shoot(page: Page, folder: Path, name: str) -> None:
    """Check the page with axe and keep a screenshot of it."""
    assert_accessible(page, name)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def sign_up(page: Page, app: Flask, base: str, name: str, email: str, folder: Path | None) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    if folder:
        shoot(page, folder, "signup-check-inbox")
    body = last_mail(app, email).get_content()
    link = re.search(r"https?://\S+", body)
    assert link
    page.goto(base + re.sub(r"^https?://[^/]+", "", link.group(0)))


def test_bootcamp_from_signup_to_dashboard(
    app: Flask, live_server: str, browser: Browser, page: Page, screenshot_dir: Path
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 1  # show the class aggregates with one student
    shots = screenshot_dir
    page.goto(live_server + "/signup")
    shoot(page, shots, "signup")
    sign_up(page, app, live_server, "Tess Teacher", "tess@example.org", shots)
    expect(page.get_by_role("heading", name="Welcome, Tess Teacher")).to_be_visible()
    shoot(page, shots, "home-new-account")

    page.get_by_role("link", name="Create an organisation").click()
    shoot(page, shots, "org-new")
    page.get_by_label("Organisation name").fill("Code Camp")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Code Camp")).to_be_visible()
    page.get_by_label("Cohort name").fill("Spring cohort")
    shoot(page, shots, "org")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("heading", name="Spring cohort", level=1)).to_be_visible()
    shoot(page, shots, "cohort")
    join_url = page.get_by_test_id("join-url").input_value()

    page.get_by_role("link", name="New assignment").click()
    shoot(page, shots, "assignment-new")
    page.get_by_label("Title").fill("Week 1 check")
    page.get_by_label("Target role").select_option("junior-backend")
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_role("heading", name="Week 1 check")).to_be_visible()
    expect(page.get_by_test_id("counts")).to_contain_text("0 submitted")
    dashboard_url = page.url

    # The student, in a browser of their own.
    context = browser.new_context()
    student = context.new_page()
    student.goto(join_url)
    expect(student.get_by_role("heading", name="Create an account")).to_be_visible()
    sign_up(student, app, live_server, "Sam Student", "sam@example.org", None)
    expect(student.get_by_role("heading", name="Join Spring cohort")).to_be_visible()
    shoot(student, shots, "join")
    student.get_by_role("button", name="Join the class").click()
    row = student.get_by_test_id("assignments").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Week 1 check")
    expect(row).to_contain_text("Not started")
    shoot(student, shots, "home-student")
    row.get_by_role("button", name="Start").click()
    student.get_by_role("button", name="Begin the quiz").click()
    for number in range(1, 9):
        expect(student.get_by_text(f"Question {number} of 8")).to_be_visible()
        answer_like_a_person(student, current_item(student))
        student.get_by_role(
            "button", name="Save and finish" if number == 8 else "Save and next"
        ).click()
    student.get_by_role("button", name="Submit and see my report").click()
    readiness = student.get_by_test_id("readiness").inner_text()
    expect(student.get_by_test_id("percentile")).to_contain_text("th percentile")
    shoot(student, shots, "report-with-percentile")
    student.goto(live_server + "/home")
    expect(student.get_by_test_id("assignments")).to_contain_text("Submitted")
    context.close()

    # Back to the instructor's dashboard.
    page.goto(dashboard_url)
    table = page.get_by_test_id("status-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.get_by_test_id("status")).to_have_text("Submitted")
    expect(table.get_by_test_id("readiness")).to_contain_text(readiness)
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert attempt is not None
        snap = db.session.scalar(
            sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id == attempt.id)
        )
        assert snap is not None
        data = snap.data
    assert f"{round(data['readiness']['mean'])}%" == readiness
    heat = page.get_by_test_id("heatmap").locator("tbody tr")
    expect(heat).to_have_count(1)
    for req in data["requirements"]:
        if req["mastery"] is not None:
            cell = heat.locator(f'td[data-req="{req["id"]}"]')
            expect(cell).to_have_text(re.compile(rf"^{round(req['mastery']['mean'])}, "))
    expect(page.get_by_test_id("distribution")).to_be_visible()
    shoot(page, shots, "dashboard")

    page.get_by_role("link", name="Sam Student").click()
    expect(page.get_by_test_id("readiness")).to_have_text(readiness)
    shoot(page, shots, "student-report-instructor")
    page.goto(live_server + page.url.split(live_server)[1].split("/assignments")[0] + "/home")
    page.get_by_role("link", name="Spring cohort").click()
    page.get_by_role("link", name="Progress over time").click()
    expect(page.get_by_test_id("progress")).to_contain_text(readiness)
    shoot(page, shots, "progress")
    page.get_by_role("link", name="Account").click()
    shoot(page, shots, "account")


def test_login_and_password_pages(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path, make_user: MakeUser
) -> None:
    make_user("ada@example.org", "Ada")
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    shoot(page, screenshot_dir, "login-error")
    page.get_by_role("link", name="Forgot your password?").click()
    shoot(page, screenshot_dir, "password-forgot")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status")).to_contain_text("If ada@example.org has an account")
    body = last_mail(app, "ada@example.org").get_content()
    link = re.search(r"https?://\S+", body)
    assert link
    page.goto(live_server + re.sub(r"^https?://[^/]+", "", link.group(0)))
    shoot(page, screenshot_dir, "password-reset")
    page.get_by_label("New password", exact=True).fill("a brand new secret")
    page.get_by_label("New password again").fill("a brand new secret")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()


def test_item_analysis_page_is_accessible(
    app: Flask,
    live_server: str,
    page: Page,
    screenshot_dir: Path,
    make_class: MakeClass,
    make_user: MakeUser,
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 2
    klass = make_class()
    for n, choice in enumerate(["B", "A"]):
        student = app.test_client()
        make_user(f"s{n}@example.org", f"S{n}")
        login(student, f"s{n}@example.org")
        join(student, klass.join_code)
        take(student, klass.assignment_id, choice)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + f"/assignments/{klass.assignment_id}")
    page.get_by_role("link", name="Item analysis").click()
    expect(page.get_by_test_id("item-table").locator("tbody tr")).to_have_count(8)
    shoot(page, screenshot_dir, "item-analysis")
