"""The recruiting pages in Chromium: a recruiter pastes a job description, adjusts the
proposal (a weight, a removal) and saves; invites a candidate, who consents, and later
withdraws from the account page. Every page passes axe and is screenshotted."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from quiz.models import Invitation, Position
from tests.actions import PASSWORD, last_mail, link_in, rows
from tests.e2e.test_classroom import shoot
from tests.support import ROOT, SHIPPED_QUESTIONS
from tests.worlds.hiring import MakeCompany
from tests.worlds.people import MakeUser

pytestmark = pytest.mark.e2e

JD = (ROOT / "tests" / "fixtures" / "jd" / "php-laravel.txt").read_text(encoding="utf-8")


@pytest.fixture
def shipped(extra_app: Callable[..., Flask]) -> Flask:
    """The app on the shipped content, whose vocabulary reads job descriptions."""
    return extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))


@pytest.fixture
def shipped_server(shipped: Flask) -> Iterator[str]:
    """Serve the shipped-content app on a free port."""
    server = make_server("127.0.0.1", 0, shipped, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def log_in(page: Page, base: str, email: str, next_path: str = "") -> None:
    page.goto(f"{base}/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_recruiter_and_candidate_pages(
    shipped: Flask,
    shipped_server: str,
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_company: MakeCompany,
    make_user: MakeUser,
) -> None:
    base, shots = shipped_server, screenshot_dir
    company = make_company(role="owner")
    log_in(page, base, company.email)
    page.get_by_role("link", name="Recruiting").click()
    expect(page.get_by_role("heading", name="Acme: positions")).to_be_visible()
    shoot(page, shots, "recruit-org")
    page.get_by_role("link", name="New position").click()
    shoot(page, shots, "recruit-new-position")
    page.get_by_role("textbox", name="Job description").fill(JD)
    page.get_by_role("button", name="Propose requirements").click()
    expect(page.get_by_role("heading", name="Review the proposed position")).to_be_visible()
    expect(
        page.get_by_text("2-4 years of experience with PHP 8 and Laravel.").first
    ).to_be_visible()
    shoot(page, shots, "recruit-review")
    page.get_by_label("Weight of Cache stores (Redis, Memcached)").select_option("must")
    page.get_by_label("Remove Time management and prioritisation").check()
    page.get_by_role("button", name="Save position").click()
    expect(page.get_by_role("heading", name="PHP Developer – Laravel")).to_be_visible()
    (position,) = rows(shipped, Position)
    assert all(r["id"] != "soft-time-management" for r in position.requirements)
    assert position.requirements[0]["weight"] == "must" and "Vue.js" in position.uncovered

    page.get_by_role("textbox", name="Email addresses").fill("cara@example.com")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_role("cell", name="Invited")).to_be_visible()
    shoot(page, shots, "recruit-position")

    link = link_in(last_mail(shipped, "cara@example.com"))
    make_user("cara@example.com", "Cara Candidate")
    candidate = browser.new_context().new_page()
    candidate.goto(base + link)
    expect(candidate.get_by_role("heading", name="What Acme will see")).to_be_visible()
    shoot(candidate, shots, "recruit-consent-anonymous")
    log_in(candidate, base, "cara@example.com", link)
    expect(candidate.get_by_role("button", name="I consent: start the assessment")).to_be_visible()
    shoot(candidate, shots, "recruit-consent")
    candidate.get_by_role("button", name="I consent: start the assessment").click()
    expect(candidate).to_have_url(re.compile(r"/attempt/[^/]+/about$"))
    (invitation,) = rows(shipped, Invitation)
    assert invitation.attempt_id is not None

    candidate.goto(base + "/account/")
    expect(
        candidate.get_by_role("heading", name="Positions that hold your results")
    ).to_be_visible()
    shoot(candidate, shots, "account-positions")
    candidate.get_by_role("link", name="Withdraw").click()
    shoot(candidate, shots, "recruit-withdraw")
    candidate.get_by_role("button", name="Yes, withdraw").click()
    expect(candidate.get_by_role("cell", name="Withdrawn")).to_be_visible()
    page.reload()
    expect(page.get_by_role("cell", name="Withdrawn")).to_be_visible()
