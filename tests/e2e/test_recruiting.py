"""A recruiter in Chromium: pastes a job description, adjusts the proposal, saves the position
and invites two candidates. One candidate consents, takes the quiz by clicking and submits (the
other through the test client); the pipeline shows both results, the two are compared, and a
note and a decision are recorded. Every new page passes axe and is screenshotted.

The content is the fixture's with synonyms added to its requirements, so a job description can
point to them; the items are the fixture's, answered as ``PERSON`` says.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from quiz.extensions import db
from quiz.models import Position
from quiz.models.base import utcnow
from quiz.recruiting.pipeline import load_rows
from tests.actions import PASSWORD, consent, finish, last_mail, link_in, login
from tests.e2e.test_take_quiz import assert_accessible, take_and_submit
from tests.support import FIXTURE_QUESTIONS
from tests.worlds.hiring import MakeCompany
from tests.worlds.people import MakeUser

pytestmark = pytest.mark.e2e

SYNONYMS = {
    "sql-querying": ["SQL", "PostgreSQL"],
    "sql-integrity": ["database constraints"],
    "api-rest-design": ["REST APIs"],
    "soft-communication": ["written communication"],
}
STATEMENT = (
    r"The data cannot rank Cara and Dan on this requirement\."
    r"|(Cara|Dan) is ahead of (Cara|Dan) on this requirement "
    r"\(the intervals do not overlap\)\."
    r"|Too little evidence to rank Cara and Dan here: .+"
)
JD = """Junior backend developer at Acme.
Required: strong SQL skills with PostgreSQL, and experience designing REST APIs.
You write database constraints and migrations.
Nice to have: clear written communication. Experience with Kafka is a bonus."""


@pytest.fixture
def recruiting_server(
    extra_app: Callable[..., Flask], tmp_path: Path
) -> Iterator[tuple[Flask, str]]:
    """The app on the fixture content plus synonyms, served on a free port."""
    folder = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, folder)
    catalog = yaml.safe_load((folder / "requirements.yaml").read_text(encoding="utf-8"))
    for req in catalog["requirements"]:
        req["synonyms"] = SYNONYMS.get(req["id"], [])
    (folder / "requirements.yaml").write_text(yaml.safe_dump(catalog), encoding="utf-8")
    app = extra_app(QUESTIONS_DIR=str(folder))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def shoot(page: Page, folder: Path, name: str) -> None:
    """Check the page with axe and keep a screenshot of it."""
    assert_accessible(page, name)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def log_in(page: Page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def create_position(page: Page, base: str, shots: Path) -> None:
    """Paste the job description, adjust the proposal and save it."""
    page.goto(base + "/recruit/")
    page.get_by_role("link", name="New position").click()
    page.get_by_role("textbox", name="Job description").fill(JD)
    page.get_by_role("button", name="Propose requirements").click()
    expect(page.get_by_role("heading", name="Review the proposed position")).to_be_visible()
    expect(page.get_by_text("Kafka", exact=True)).to_be_visible()  # not measured, listed
    shoot(page, shots, "recruit-jd-review")
    page.get_by_label("Target level of Writing SQL queries").fill("70")
    page.get_by_label("Weight of Data integrity and constraints").select_option("must")
    page.get_by_label("Remove Communicating technical ideas").check()
    page.get_by_label("Position title").fill("Junior backend developer")
    page.get_by_role("button", name="Save position").click()
    expect(page.get_by_role("heading", name="Junior backend developer")).to_be_visible()


def take_in_browser(browser: Browser, app: Flask, base: str, shots: Path) -> None:
    """Cara opens her invitation, logs in, consents, answers every question and submits."""
    context = browser.new_context()
    cara = context.new_page()
    cara.goto(base + re.sub(r"^https?://[^/]+", "", link_in(last_mail(app, "cara@example.com"))))
    cara.locator("main").get_by_role("link", name="Log in").click()
    log_in(cara, "cara@example.com")
    cara.get_by_role("button", name="I consent: start the assessment").click()
    take_and_submit(cara)
    context.close()


def test_recruiter_from_job_description_to_comparison(
    recruiting_server: tuple[Flask, str],
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_company: MakeCompany,
    make_user: MakeUser,
) -> None:
    app, base = recruiting_server
    shots = screenshot_dir
    company = make_company(role="recruiter")
    make_user("cara@example.com", "Cara")
    make_user("dan@example.com", "Dan")
    page.goto(base + "/login")
    log_in(page, company.email)
    create_position(page, base, shots)
    with app.app_context():
        position = db.session.scalar(db.select(Position))
        assert position is not None
        assert {r["id"]: (r["weight"], r["target"]) for r in position.requirements} == {
            "sql-querying": ("must", 70),
            "api-rest-design": ("must", 60),
            "sql-integrity": ("must", 50),
        }
        position_id = position.id
    page.get_by_label("Email addresses").fill("cara@example.com\ndan@example.com")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_role("link", name="Open the pipeline")).to_be_visible()

    take_in_browser(browser, app, base, shots)
    dan = app.test_client()
    login(dan, "dan@example.com")
    token = link_in(last_mail(app, "dan@example.com")).rstrip("/").split("/")[-1]
    finish(dan, consent(dan, token), choice="A")

    page.get_by_role("link", name="Open the pipeline").click()
    table = page.get_by_test_id("pipeline")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.get_by_test_id("status")).to_have_text(["Submitted", "Submitted"])
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        rows = {r.name: r for r in load_rows(position, utcnow())}
    for name in ("Cara", "Dan"):  # the pasted addresses took their accounts' names
        ready = rows[name].readiness
        assert ready is not None
        row = table.locator("tr", has=page.get_by_role("link", name=name, exact=True))
        expect(row.get_by_test_id("readiness")).to_have_text(
            f"{ready.mean:.0f}% ({ready.low:.0f}–{ready.high:.0f}%)"
        )
    shoot(page, shots, "recruit-pipeline")

    page.get_by_label("Compare Cara").check()
    page.get_by_label("Compare Dan").check()
    page.get_by_role("button", name="Compare selected (2 to 4)").click()
    expect(page.get_by_role("heading", name="Junior backend developer: comparison")).to_be_visible()
    comparison = page.get_by_test_id("comparison")
    expect(comparison.locator("tr[data-requirement]")).to_have_count(3)
    for statement in comparison.locator("ul.statements li").all_text_contents():
        assert re.fullmatch(STATEMENT, statement), statement
    shoot(page, shots, "recruit-compare")

    page.get_by_role("link", name="Back to the pipeline").click()
    page.get_by_role("link", name="Cara", exact=True).click()
    page.get_by_label("Note", exact=True).fill("Strong on SQL; ask about REST design.")
    page.get_by_role("button", name="Add note").click()
    page.get_by_role("combobox", name="Decision").select_option("advance")
    page.get_by_role("button", name="Save decision").click()
    audit = page.get_by_test_id("audit")
    expect(audit.locator("tbody tr")).to_have_count(2)
    expect(audit).to_contain_text("Added a note: Strong on SQL; ask about REST design.")
    expect(audit).to_contain_text("Decision set to Advance")
    expect(page.get_by_role("heading", name=re.compile("Gap report"))).to_be_visible()
    shoot(page, shots, "recruit-candidate")
    page.goto(f"{base}/recruit/positions/{position_id}/pipeline?decision=advance")
    expect(page.get_by_test_id("pipeline").locator("tbody tr")).to_have_count(1)
