"""Recruiters, day two, in Chromium: a recruiter (the company's owner) pastes a job
description, adds a requirement the matcher missed, invites a candidate by email and opens a
public link. The emailed candidate opens the link in a fresh browser and submits without an
account; another candidate takes the public link (name and email, no account). The recruiter
edits the position (a new version, since candidates started), sees both candidates with
benchmarks, and sends a test webhook that a real receiver verifies. Every new page passes axe
and is screenshotted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.core import queue
from quiz.extensions import db
from quiz.models import Invitation, Position
from quiz.models.base import utcnow
from quiz.recruiting.pipeline import load_rows
from tests.actions import consent, finish, last_mail, link_in
from tests.e2e.test_recruiting import log_in, recruiting_server, shoot
from tests.e2e.test_take_quiz import take_and_submit
from tests.receiver import serve_receiver, signature_ok
from tests.worlds.hiring import MakeCompany

pytestmark = pytest.mark.e2e
__all__ = ["recruiting_server"]  # the fixture this walk runs on

JD = """Junior backend developer at Acme.
Required: strong SQL skills with PostgreSQL, and experience designing REST APIs.
Nice to have: clear written communication. Experience with Kafka is a bonus."""


def _local(base: str, url: str) -> str:
    return base + re.sub(r"^https?://[^/]+", "", url)


def create_position(page: Page, base: str, shots: Path) -> None:
    """Paste the description, add the integrity requirement it did not name, save."""
    page.goto(base + "/recruit/")
    page.get_by_role("link", name="New position").click()
    page.get_by_role("textbox", name="Job description").fill(JD)
    page.get_by_role("button", name="Propose requirements").click()
    expect(page.get_by_test_id("not-measured")).to_contain_text("Kafka: not measured.")
    page.get_by_label("Requirement to add").fill("integrity")
    page.get_by_label("Weight of the added requirement").select_option("should")
    page.get_by_label("Target level of the added requirement").fill("55")
    page.get_by_role("button", name="Add requirement").click()
    expect(page.get_by_text("Added by you")).to_be_visible()
    shoot(page, shots, "hireday-review-added")
    page.get_by_label("Position title").fill("Junior backend developer")
    page.get_by_role("button", name="Save position").click()
    expect(page.get_by_role("heading", name="Junior backend developer")).to_be_visible()


def test_link_only_candidates_corrected_proposal_edit_benchmarks_and_test_webhook(
    recruiting_server: tuple[Flask, str],
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_company: MakeCompany,
) -> None:
    app, base = recruiting_server
    shots = screenshot_dir
    company = make_company(role="owner")
    page.goto(base + "/login")
    log_in(page, company.email)
    create_position(page, base, shots)
    with app.app_context():
        position = db.session.scalar(db.select(Position))
        assert position is not None
        assert "sql-integrity" in position.requirement_ids  # added by the recruiter
        position_id = position.id
    page.get_by_label("Email addresses").fill("cara@example.com")
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_role("button", name="Open a public link").click()
    public = page.locator("code.share-url").inner_text()

    # Cara: a fresh browser, the emailed link, no account.
    context = browser.new_context()
    cara = context.new_page()
    cara.goto(_local(base, link_in(last_mail(app, "cara@example.com"))))
    expect(cara.get_by_text("No account needed")).to_be_visible()
    shoot(cara, shots, "hireday-invitation-signed-out")
    cara.get_by_role("button", name="I consent: start the assessment").click()
    take_and_submit(cara)
    context.close()

    # Pat: the public link in another fresh browser names company and position first.
    context = browser.new_context()
    pat = context.new_page()
    pat.goto(_local(base, public))
    expect(pat.get_by_role("heading", name="Junior backend developer at Acme")).to_be_visible()
    shoot(pat, shots, "hireday-public-form")
    pat.get_by_label("Your name").fill("Pat Public")
    pat.get_by_label("Your email address").fill("pat@example.org")
    pat.get_by_role("button", name="Get my invitation").click()
    token = pat.url.rstrip("/").split("/")[-1]
    context.close()
    client = app.test_client()
    finish(client, consent(client, token), choice="A")

    # The recruiter edits the position: candidates started, so a weight makes version 2.
    page.goto(f"{base}/recruit/positions/{position_id}/edit")
    expect(page.get_by_test_id("version-note")).to_be_visible()
    shoot(page, shots, "hireday-edit")
    page.get_by_label("Weight of Data integrity and constraints").select_option("must")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved as version 2")).to_be_visible()

    page.goto(f"{base}/recruit/positions/{position_id}/pipeline")
    table = page.get_by_test_id("pipeline")
    expect(table.get_by_test_id("status")).to_have_text(
        ["Submitted", "Submitted"], use_inner_text=True
    )
    expect(page.get_by_test_id("benchmark")).to_contain_text("n = 2")
    expect(table).to_contain_text("pat@example.org")
    expect(table.get_by_test_id("version")).to_have_text(["took version 1", "took version 1"])
    widths = page.evaluate(
        "[document.documentElement.scrollWidth,"
        " document.querySelector('.table-wrap').scrollWidth,"
        " document.querySelector('.table-wrap').clientWidth]"
    )
    assert widths[0] <= 1280 and widths[1] <= widths[2], widths  # no column hidden at 1280 px
    expect(table.get_by_role("columnheader", name="Decision")).to_be_in_viewport()
    shoot(page, shots, "hireday-pipeline")
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        rows = {r.name: r for r in load_rows(position, utcnow())}
        cara_id = db.session.scalar(
            db.select(Invitation.id).where(Invitation.email == "cara@example.com")
        )
    ready = rows["cara"].readiness
    assert ready is not None
    page.get_by_role("link", name="cara", exact=True).click()
    expect(page.get_by_test_id("candidate-facts").get_by_test_id("readiness")).to_have_text(
        f"{round(ready.mean)}% ({round(ready.low)}–{round(ready.high)}%)"
    )
    expect(page.locator(".report-embed").get_by_test_id("readiness")).to_have_text(
        f"{round(ready.mean)}%"
    )
    expect(page.get_by_test_id("benchmark-position")).to_contain_text("n = 2")
    assert page.url.endswith(f"/recruit/candidates/{cara_id}")
    shoot(page, shots, "hireday-candidate")

    # A test event to a real receiver, which checks the signature.
    with serve_receiver() as receiver:
        page.goto(f"{base}/orgs/{company.org_id}/webhooks")
        page.get_by_label("URL").fill(receiver.url)
        page.get_by_role("button", name="Add webhook").click()
        secret = page.locator("code.secret").inner_text()
        page.get_by_role("button", name=re.compile("Send a test event")).click()
        assert queue.wait_until_idle(10)
        (got,) = receiver.received
        assert signature_ok(secret, got) and json.loads(got.body)["test"] is True
        page.reload()
        expect(page.get_by_text("delivered").first).to_be_visible()
        shoot(page, shots, "hireday-test-delivery")
        page.goto(f"{base}/orgs/{company.org_id}/webhooks")
        page.get_by_role("link", name=re.compile("^Delete")).click()
        shoot(page, shots, "hireday-webhook-delete")
