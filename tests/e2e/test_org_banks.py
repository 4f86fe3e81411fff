"""Organisation banks in Chromium: an instructor uploads a GIFT file, checks the dry run,
saves it, fixes one item in the editor (the live check shows an error first), sets an
assignment drawing from the organisation's banks; a student takes it and the report counts
the organisation's items. Every new page passes axe and is screenshotted."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.extensions import db
from quiz.models import Attempt, OrgItemVersion, ReportSnapshot
from quiz.orgbanks.sources import merged_id
from tests.actions import PASSWORD
from tests.e2e.test_classroom import shoot
from tests.worlds.people import MakeClass, MakeUser

pytestmark = pytest.mark.e2e

GIFT = Path(__file__).resolve().parent.parent / "fixtures" / "orgbanks" / "bootcamp.gift"


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def upload_and_fix(page: Page, base: str, org_id: int, shots: Path) -> None:
    """Upload the file, confirm the dry run, then fix one item in the editor."""
    page.goto(f"{base}/orgs/{org_id}")
    page.get_by_role("link", name="Question banks of Code Camp").click()
    expect(page.get_by_role("heading", name="Question banks of Code Camp")).to_be_visible()
    shoot(page, shots, "org-banks-empty")
    page.get_by_label("Question file").set_input_files(GIFT)
    page.get_by_label("Area").select_option("sql")
    page.get_by_label("Requirement").select_option("sql-querying")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the upload: bootcamp.gift")).to_be_visible()
    expect(page.get_by_text("Line 18: essay questions need a human grader")).to_be_visible()
    shoot(page, shots, "org-banks-dry-run")
    page.get_by_role("button", name="Save 2 item(s)").click()
    expect(page.get_by_text("2 item(s) saved to Relational databases & SQL")).to_be_visible()
    shoot(page, shots, "org-banks")

    page.get_by_role("link", name="sql-having").click()
    expect(page.get_by_role("heading", name="Edit item sql-having")).to_be_visible()
    expect(page.locator("#preview fieldset")).to_contain_text("Which SQL clause filters")
    answer = page.get_by_label("Answer", exact=True)
    answer.fill("D")
    expect(page.locator("#answer-live")).to_have_text("answer 'D' is not one of the options A–C")
    shoot(page, shots, "org-item-live-error")
    answer.fill("A")
    expect(page.locator("#answer-live")).to_have_text("")
    page.get_by_label("Question", exact=True).fill(
        "Which SQL clause filters whole groups after GROUP BY has built them?"
    )
    expect(page.locator("#preview fieldset")).to_contain_text("has built them?")
    page.get_by_label("Difficulty").select_option("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item sql-having is saved as version 2.")).to_be_visible()
    shoot(page, shots, "org-item-edit")
    page.goto(f"{base}/orgs/{org_id}/banks/items/new")
    shoot(page, shots, "org-item-new")


def set_assignment(page: Page, base: str, cohort_id: int) -> None:
    page.goto(f"{base}/cohorts/{cohort_id}/assignments/new")
    page.get_by_label("Title").fill("Own questions")
    page.get_by_label("Target role").select_option("junior-backend")
    page.get_by_label("Questions from").select_option("org")
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_role("heading", name="Own questions")).to_be_visible()


def take_it(student: Page, base: str, join_code: str) -> None:
    student.goto(f"{base}/join/{join_code}")
    student.get_by_role("button", name="Join the class").click()
    row = student.get_by_test_id("assignments").locator("tbody tr", has_text="Own questions")
    row.get_by_role("button", name="Start").click()
    student.get_by_role("button", name="Begin the quiz").click()
    for number in (1, 2):
        expect(student.get_by_text(f"Question {number} of 2")).to_be_visible()
        stem = student.locator("h1.stem").inner_text()
        key = "HAVING" if "groups" in stem else "LEFT JOIN"
        student.get_by_label(key, exact=True).check()
        student.get_by_role(
            "button", name="Save and finish" if number == 2 else "Save and next"
        ).click()
    student.get_by_role("button", name="Submit and see my report").click()
    expect(student.get_by_test_id("readiness")).to_be_visible()


def test_upload_fix_assign_take_and_report(
    app: Flask,
    live_server: str,
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_class: MakeClass,
    make_user: MakeUser,
) -> None:
    klass = make_class()
    log_in(page, live_server, "teacher@example.org")
    upload_and_fix(page, live_server, klass.org_id, screenshot_dir)
    set_assignment(page, live_server, klass.cohort_id)

    make_user("sam@example.org", "Sam Student")
    context = browser.new_context()
    student = context.new_page()
    log_in(student, live_server, "sam@example.org")
    take_it(student, live_server, klass.join_code)
    shoot(student, screenshot_dir, "org-bank-report")
    context.close()

    fixed = merged_id(klass.org_id, "sql-having")
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert attempt is not None
        assert set(attempt.item_ids) == {fixed, merged_id(klass.org_id, "sql-left-join")}
        snap = db.session.scalar(
            sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id == attempt.id)
        )
        assert snap is not None
        versions = db.session.scalars(sa.select(OrgItemVersion)).all()
    assert len(versions) == 3  # two uploaded, one fix
    [querying] = [r for r in snap.data["requirements"] if r["id"] == "sql-querying"]
    assert fixed in querying["item_ids"] and querying["mastery"]["items"] == 2
    assert snap.data["overall"] == {"percent": 100, "answered": 2, "total": 2}


TEACHER_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>sql-tables</text></name>
    <questiontext format="html"><text><![CDATA[<h3>Two tables</h3>
      <table><tr><th>table</th><th>rows</th></tr><tr><td>a</td><td>3</td></tr>
      <tr><td>b</td><td>4</td></tr></table><ul><li>every row of a is needed</li>
      <li>rows of b only where they match</li></ul><script>document.title="x"</script>
      <p>Which join gives that?</p>]]></text></questiontext>
    <answer fraction="100"><text>LEFT JOIN</text></answer>
    <answer fraction="0"><text>INNER JOIN</text></answer>
  </question>
  <question type="multichoice">
    <name><text>sql-groups</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which clause filters <b>groups</b>?</p>]]>
      </text></questiontext>
    <answer fraction="100"><text>HAVING</text></answer>
    <answer fraction="0"><text>WHERE</text></answer>
    <answer fraction="0"><text>LIMIT</text></answer>
  </question>
</quiz>
"""


def test_teachers_html_questions_without_feedback_reach_candidates_safely(
    live_server: str,
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_class: MakeClass,
    make_user: MakeUser,
    tmp_path: Path,
) -> None:
    klass = make_class(source="org")
    log_in(page, live_server, "teacher@example.org")
    file = tmp_path / "moodle.xml"
    file.write_bytes(TEACHER_XML)
    page.goto(f"{live_server}/orgs/{klass.org_id}/banks")
    page.get_by_label("Question file").set_input_files(file)
    page.get_by_label("Format").select_option("moodle-xml")
    page.get_by_label("Area").select_option("sql")
    page.get_by_label("Requirement").select_option("sql-querying")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Line 3: lost in the import: a <script> or <style>")).to_be_visible()
    shoot(page, screenshot_dir, "org-banks-teacher-dry-run")
    page.get_by_role("button", name="Save 2 item(s)").click()
    page.get_by_role("link", name="sql-tables").click()
    expect(page.get_by_text("Suggestions (the item can be saved without them):")).to_be_visible()
    expect(page.locator("#preview table")).to_be_visible()
    shoot(page, screenshot_dir, "org-item-html-suggestions")

    make_user("sam@example.org", "Sam Student")
    context = browser.new_context()
    student = context.new_page()
    log_in(student, live_server, "sam@example.org")
    student.goto(f"{live_server}/join/{klass.join_code}")
    student.get_by_role("button", name="Join the class").click()
    student.get_by_role("button", name="Start").first.click()
    student.get_by_role("button", name="Begin the quiz").click()
    for number in (1, 2):
        expect(student.get_by_text(f"Question {number} of 2")).to_be_visible()
        if student.locator("div.stem.rich table").count():
            expect(student.locator("h1.stem")).to_have_text(f"Question {number}")
            expect(student.locator("div.stem.rich li").first).to_have_text(
                "every row of a is needed"
            )
            assert student.title() != "x"  # the imported script was removed, not run
            shoot(student, screenshot_dir, "question-html-stem")
            student.get_by_label("LEFT JOIN", exact=True).check()
        else:
            expect(student.locator("h1.stem b")).to_have_text("groups")
            student.get_by_label("HAVING", exact=True).check()
        student.get_by_role(
            "button", name="Save and finish" if number == 2 else "Save and next"
        ).click()
    student.get_by_role("button", name="Submit and see my report").click()
    expect(student.get_by_test_id("readiness")).to_be_visible()
    student.goto(student.url.replace("/report", "/review"))
    expect(student.get_by_text("No explanation given.")).to_have_count(2)
    expect(student.locator(".review-item table")).to_be_visible()
    shoot(student, screenshot_dir, "review-no-explanation")
    context.close()
