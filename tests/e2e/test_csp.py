"""The strict Content-Security-Policy in a real browser: the quiz flow, with autosave, the
report's SVG charts and the error pages, reports no CSP violation and no console error."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.test_take_quiz import answer_like_a_person, assert_accessible, current_item

pytestmark = pytest.mark.e2e

# Runs before any page script; Playwright injects it outside the page's CSP.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Console:
    """Console errors of a page, CSP violations among them."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._record)

    def _record(self, message: ConsoleMessage) -> None:
        # The browser's own favicon request 404s: the site has no favicon.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.errors.append(message.text)

    def csp(self) -> list[str]:
        return [e for e in self.errors if "CSP" in e or "Content Security Policy" in e]


def test_quiz_flow_reports_no_csp_violation(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path
) -> None:
    console = Console(page)
    page.goto(live_server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("group", name="Relational databases & SQL").get_by_label("2").check()
    page.get_by_role("button", name="Begin the quiz").click()
    for number in range(1, 9):
        expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
        page.wait_for_load_state("load")
        answer_like_a_person(page, current_item(page))
        # quiz.js (an external script, allowed) autosaved the change via fetch (connect-src).
        expect(page.locator(".save-status")).to_have_text("Saved")
        button = "Save and finish" if number == 8 else "Save and next"
        page.get_by_role("button", name=button).click()
    page.get_by_role("button", name="Submit and see my report").click()
    expect(page.get_by_test_id("overall")).to_have_text("67%")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.get_by_role("link", name="Review your answers").click()
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    assert console.errors == [], console.errors  # no violation and no script error at all

    response = page.goto(live_server + "/nowhere")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not Found")
    assert console.csp() == []


def test_rate_limit_page_is_in_the_layout_and_accessible(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path
) -> None:
    console = Console(page)
    page.goto(live_server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Begin the quiz").click()
    expect(page.get_by_text("Question 1 of 8")).to_be_visible()
    app.config["RATE_LIMITS"]["answer_save"] = "1 per hour"  # read on each request
    page.get_by_role("button", name="I don't know").click()
    expect(page.get_by_text("Question 2 of 8")).to_be_visible()
    page.get_by_role("button", name="I don't know").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slow down")
    expect(page.get_by_text("Too many requests in a short time")).to_contain_text(
        "Try again in 60 minutes."
    )
    expect(page.get_by_role("link", name="Back-end Skill Gap")).to_be_visible()
    assert_accessible(page, "429")
    page.screenshot(path=screenshot_dir / "error-429.png", full_page=True)
    assert console.csp() == []
