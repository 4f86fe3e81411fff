"""In Chromium: the question page's script records views, a focus loss and a paste; the
instructor sees them as integrity context beside the report; the owner registers a webhook
that a real receiver gets, signed, and reads its delivery log. Every new page passes axe and
is screenshotted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.core import queue
from quiz.extensions import db
from quiz.models import AttemptEvent
from tests.actions import PASSWORD
from tests.e2e.test_classroom import shoot
from tests.e2e.test_take_quiz import answer_like_a_person, current_item
from tests.receiver import Receiver, signature_ok
from tests.worlds.people import MakeClass, MakeUser

pytestmark = pytest.mark.e2e


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_integrity_context_and_webhook_in_the_browser(
    app: Flask,
    live_server: str,
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    receiver: Receiver,
    make_class: MakeClass,
    make_user: MakeUser,
) -> None:
    klass = make_class()
    make_user("sam@example.org", "Sam Student")

    # The owner registers a webhook pointing at the receiver.
    log_in(page, live_server, "teacher@example.org")
    page.goto(f"{live_server}/orgs/{klass.org_id}")
    page.get_by_role("link", name="Webhooks").click()
    shoot(page, screenshot_dir, "webhooks-empty")
    page.get_by_label("Endpoint URL").fill(receiver.url)
    page.get_by_role("button", name="Add webhook").click()
    secret = page.locator("code.secret").inner_text()
    assert secret.startswith("whsec_")
    shoot(page, screenshot_dir, "webhooks-secret-shown-once")

    # The student takes the assignment; on question 1 they switch away and paste.
    context = browser.new_context()
    student = context.new_page()
    log_in(student, live_server, "sam@example.org")
    student.goto(f"{live_server}/join/{klass.join_code}")
    student.get_by_role("button", name="Join the class").click()
    student.get_by_test_id("assignments").get_by_role("button", name="Start").click()
    # Question 1's script is running once it has sent its first "view" event: only then
    # does the page listen for the focus loss dispatched below.
    with student.expect_request(lambda r: r.method == "POST" and r.url.endswith("/events")):
        student.get_by_role("button", name="Begin the quiz").click()
    pasted = False
    for number in range(1, 9):
        expect(student.get_by_text(f"Question {number} of 8")).to_be_visible()
        if number == 1:
            student.evaluate("window.dispatchEvent(new Event('blur'))")
        text = student.locator("#answer-text")
        if not pasted and text.count():
            text.dispatch_event("paste")
            pasted = True
        answer_like_a_person(student, current_item(student))
        student.get_by_role(
            "button", name="Save and finish" if number == 8 else "Save and next"
        ).click()
    student.get_by_role("button", name="Submit and see my report").click()
    expect(student.get_by_test_id("readiness")).to_be_visible()
    context.close()
    with app.app_context():
        kinds = list(db.session.scalars(sa.select(AttemptEvent.kind)))
    # Leaving a page by its buttons is no focus loss: only the one blur counts.
    assert kinds.count("view") >= 8 and kinds.count("blur") == 1
    assert kinds.count("paste") == (1 if pasted else 0)

    # The instructor reads the context beside the report.
    page.goto(f"{live_server}/assignments/{klass.assignment_id}")
    page.get_by_role("link", name="Sam Student").click()
    section = page.locator("section.integrity")
    expect(section).to_contain_text("never a verdict")
    expect(section).to_contain_text("Times the page lost focus: 1")
    expect(section.locator("tbody tr")).to_have_count(8)
    shoot(page, screenshot_dir, "student-report-integrity")

    # The receiver got the signed delivery; the log shows it.
    assert queue.wait_until_idle(20)
    assert len(receiver.received) == 1 and signature_ok(secret, receiver.received[0])
    page.goto(f"{live_server}/orgs/{klass.org_id}/webhooks")
    page.get_by_role("link", name=re.compile("Deliveries")).click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Delivered")
    shoot(page, screenshot_dir, "webhook-deliveries")
