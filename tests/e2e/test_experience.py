"""Resume on another device, timer expiry, autosave, and a keyboard-only run in Chromium."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.models.base import utcnow
from tests.actions import PASSWORD
from tests.e2e.test_classroom import shoot
from tests.e2e.test_take_quiz import (
    CONTENT,
    answer_like_a_person,
    current_item,
    expect_saved_answer,
    start_quiz,
)
from tests.worlds.people import MakeUser

pytestmark = pytest.mark.e2e


def test_resume_in_a_new_browser_context(
    live_server: str, page: Page, browser: Browser, screenshot_dir: Path, make_user: MakeUser
) -> None:
    page.goto(live_server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("link", name="get a private link").click()
    shoot(page, screenshot_dir, "resume-continue")
    page.get_by_role("button", name="Make a private link").click()
    resume_link = page.get_by_label("Resume link").input_value()
    shoot(page, screenshot_dir, "resume-link")
    page.get_by_role("link", name="Back to the quiz").click()
    first = current_item(page)
    answer_like_a_person(page, first)
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 8")).to_be_visible()

    make_user("ada@example.org", "Ada")
    other = browser.new_context()
    try:
        device = other.new_page()
        device.goto(resume_link)
        expect(device.get_by_text("Welcome back: your saved answers are here.")).to_be_visible()
        expect(device.get_by_text("Question 2 of 8")).to_be_visible()
        device.get_by_role("button", name="Save and go back").click()
        expect(device.get_by_text("Question 1 of 8")).to_be_visible()
        assert current_item(device) == first
        expect_saved_answer(device, first)

        # Logging in on this device asks before the resumed attempt joins the account.
        device.goto(live_server + "/login")
        device.get_by_label("Email").fill("ada@example.org")
        device.get_by_label("Password").fill(PASSWORD)
        device.get_by_role("button", name="Log in").click()
        heading = device.get_by_role("heading", name="Attempts opened from a resume link")
        expect(heading).to_be_visible()
        shoot(device, screenshot_dir, "account-claim")
        device.get_by_role("checkbox").first.check()
        device.get_by_role("button", name="Add the ones I ticked to my account").click()
        expect(device.get_by_text("1 attempt(s) are now saved to your account.")).to_be_visible()
    finally:
        other.close()


def test_timer_expiry_submits_what_was_saved(live_server: str, page: Page, app: Flask) -> None:
    start_quiz(page, live_server)
    answer_like_a_person(page, current_item(page))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Question 2 of 8")).to_be_visible()
    with app.app_context():
        # long enough for the reload to show the question even on a busy machine
        db.session.execute(sa.update(Attempt).values(deadline_at=utcnow() + timedelta(seconds=20)))
        db.session.commit()
    page.reload()
    expect(page.locator("#timer-announce")).to_have_text("1 minute left.")
    expect(page.get_by_text("Time is up: your quiz was submitted")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("overall")).to_be_visible()
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert attempt is not None and attempt.submitted_at is not None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_autosave_saves_without_pressing_a_button(live_server: str, page: Page, app: Flask) -> None:
    """The ordering item takes several changes in a row: the last one is what is stored and the
    status reports it, even though the first changes were incomplete answers."""
    start_quiz(page, live_server)
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert attempt is not None
        number = attempt.item_ids.index("api-002") + 1
    page.goto(page.url.rsplit("/", 1)[0] + f"/{number}")
    expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
    page.wait_for_load_state("load")  # autosave comes with the script
    answer_like_a_person(page, "api-002")
    expect(page.locator(".save-status")).to_have_text("Saved")
    with app.app_context():
        saved = db.session.scalar(sa.select(Response).where(Response.item_id == "api-002"))
        assert saved is not None and saved.answer == {"order": ["B", "C", "A", "D"]}
    page.reload()
    expect_saved_answer(page, "api-002")


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_run(live_server: str, page: Page) -> None:
    page.goto(live_server + "/start")
    tab_to(page, "#profile-junior-backend")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    for number in range(1, 9):
        expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
        page.wait_for_load_state("load")  # the number-key shortcuts come with the script
        item = CONTENT.items[current_item(page)]
        if item.type == "short_answer":
            tab_to(page, "#answer-text")
            page.keyboard.type("201")
        elif item.type == "ordering":
            for position, option_id in enumerate(item.answer, 1):
                tab_to(page, f"#pos-{option_id}")
                page.keyboard.type(str(position))
        else:
            page.keyboard.press("1")  # the first option, by the number-key shortcut
            expect(page.locator('fieldset.question input[name="answer"]').first).to_be_checked()
        tab_to(page, "button[name=nav][value=next], button[name=nav][value=finish]")
        page.keyboard.press("Enter")
    expect(page.get_by_text("You answered 8 of 8 questions")).to_be_visible()
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("headline")).to_contain_text("Readiness for Junior")


def test_a_question_page_left_open_past_the_form_limit_sends_the_answer_again(
    live_server: str, page: Page, app: Flask, screenshot_dir: Path
) -> None:
    start_quiz(page, live_server, timed=False)
    first = current_item(page)
    answer_like_a_person(page, first)
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    time.sleep(2.2)  # the token is signed with whole seconds: 2 s is past a 1 s limit
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("button", name="Send again")).to_be_visible()
    shoot(page, screenshot_dir, "form-resubmit")
    app.config["WTF_CSRF_TIME_LIMIT"] = 8 * 3600
    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("Question 2 of 8")).to_be_visible()
    page.get_by_role("button", name="Save and go back").click()
    expect(page.get_by_text("Question 1 of 8")).to_be_visible()
    expect_saved_answer(page, first)
