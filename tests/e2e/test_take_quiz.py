"""A person takes the quiz in Chromium by clicking, and every page passes axe."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from quiz.bank import load_content
from tests.support import FIXTURE_QUESTIONS

pytestmark = pytest.mark.e2e

CONTENT = load_content(FIXTURE_QUESTIONS)
AXE = Axe()


def assert_accessible(page: Page, name: str) -> None:
    """axe-core finds no violations on the current page."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


# How a person answers each fixture item (the same choices as the web tests: overall 67%):
# the label of each control and what it holds (checked, the text typed, the position chosen).
CHECKED = "checked"
PERSON: dict[str, dict[str, str]] = {
    "sql-001": {"B": CHECKED},
    "sql-002": {"A": CHECKED, "C": CHECKED},
    "sql-003": {"True": CHECKED},
    "sql-004": {"A": CHECKED},
    "api-001": {"Your answer": "201 Created"},
    "api-002": {"A": "3", "B": "1", "C": "2", "D": "4"},
    "api-003": {"C": CHECKED},
    "soft-001": {"D": CHECKED},
}
assert set(PERSON) == set(CONTENT.items), "every fixture item needs a person's answer"


def _label(item_id: str, key: str) -> str:
    """An option id becomes its text; other keys are labels already ("True", "Your answer")."""
    item = CONTENT.items[item_id]
    return next((o.text for o in getattr(item, "options", None) or [] if o.id == key), key)


def answer_like_a_person(page: Page, item_id: str) -> None:
    """Answer ``item_id`` as ``PERSON`` says, whatever its type."""
    kind = CONTENT.items[item_id].type
    for key, value in PERSON[item_id].items():
        control = page.get_by_label(_label(item_id, key), exact=True)
        if kind == "ordering":
            control.select_option(value)
        elif kind == "short_answer":
            control.fill(value)
        else:
            control.check()


def expect_saved_answer(page: Page, item_id: str) -> None:
    """The page shows ``PERSON``'s answer to ``item_id`` again, whatever its type: the chosen
    options checked and no other, the text typed, every step's position selected."""
    item = CONTENT.items[item_id]
    answer = PERSON[item_id]
    if item.type in {"ordering", "short_answer"}:
        for key, value in answer.items():
            expect(page.get_by_label(_label(item_id, key), exact=True)).to_have_value(value)
        return
    checked = page.locator('fieldset.question input[name="answer"]:checked')
    expect(checked).to_have_count(len(answer))
    for key in answer:
        expect(page.get_by_label(_label(item_id, key), exact=True)).to_be_checked()


def current_item(page: Page) -> str:
    stem = page.locator("h1.stem").inner_text().strip()
    return next(i.id for i in CONTENT.items.values() if i.stem == stem)


def take_and_submit(page: Page) -> None:
    """From the "Begin the quiz" page: answer every question like a person, submit, and wait
    for the report."""
    page.get_by_role("button", name="Begin the quiz").click()
    total = int(re.findall(r"Question 1 of (\d+)", page.content())[0])
    for number in range(1, total + 1):
        expect(page.get_by_text(f"Question {number} of {total}")).to_be_visible()
        answer_like_a_person(page, current_item(page))
        last = number == total
        page.get_by_role("button", name="Save and finish" if last else "Save and next").click()
    page.get_by_role("button", name="Submit and see my report").click()
    expect(page.get_by_test_id("readiness")).to_be_visible()


def test_take_quiz_by_clicking_and_read_the_report(
    live_server: str, page: Page, screenshot_dir: Path
) -> None:
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Find the gaps")
    assert_accessible(page, "landing")
    page.screenshot(path=screenshot_dir / "landing.png", full_page=True)

    page.get_by_role("link", name="Choose a role and start").click()
    expect(page.get_by_role("heading", name="Choose a target role")).to_be_visible()
    assert_accessible(page, "start")
    page.get_by_label("Junior back-end engineer").check()
    page.screenshot(path=screenshot_dir / "start.png", full_page=True)
    page.get_by_role("button", name="Start the quiz").click()

    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    expect(page.get_by_role("link", name="get a private link")).to_be_visible()
    assert_accessible(page, "about")
    page.screenshot(path=screenshot_dir / "about.png", full_page=True)
    page.get_by_role("group", name="Relational databases & SQL").get_by_label("4").check()
    page.get_by_role("button", name="Begin the quiz").click()

    seen_types = set()
    for number in range(1, 9):
        expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
        item_id = current_item(page)
        item_type = CONTENT.items[item_id].type
        if item_type not in seen_types:
            seen_types.add(item_type)
            assert_accessible(page, f"question ({item_type})")
            page.screenshot(path=screenshot_dir / f"question-{item_type}.png", full_page=True)
        answer_like_a_person(page, item_id)
        button = "Save and finish" if number == 8 else "Save and next"
        page.get_by_role("button", name=button).click()
    assert len(seen_types) == 7

    expect(page.get_by_text("You answered 8 of 8 questions")).to_be_visible()
    assert_accessible(page, "finish")
    page.screenshot(path=screenshot_dir / "finish.png", full_page=True)
    page.get_by_role("button", name="Submit and see my report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your gap report: Junior back-end engineer"
    )
    expect(page.get_by_test_id("overall")).to_have_text("67%")
    expect(page.locator("table.requirements tbody tr")).to_have_count(4)
    expect(page.locator("table.requirements tbody tr").first).to_contain_text("Writing SQL queries")
    expect(page.get_by_test_id("headline")).to_contain_text("Biggest gap: Writing SQL queries")
    ladder = page.locator("svg.chart").first
    # the fixture role has no short title: the whole title, never cut off
    expect(ladder.locator("text.label")).to_have_text(["Junior back-end engineer"])
    expect(page.get_by_test_id("requirement-counts")).to_contain_text("4 of 4 requirements")
    assert_accessible(page, "report")
    page.screenshot(path=screenshot_dir / "report.png", full_page=True)
    for summary in page.locator("details.disclosure > summary").all():
        summary.click()
    expect(page.locator("table.requirements")).to_be_visible()
    assert_accessible(page, "report with every disclosure open")
    page.screenshot(path=screenshot_dir / "report-open.png", full_page=True)
    report_url = page.url

    pdf = page.pdf(format="A4", print_background=True)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Readiness for Junior back-end engineer" in text
    assert "Biggest gap: Writing SQL queries" in text
    assert "Create share link" not in text  # the print stylesheet drops the controls

    page.get_by_role("button", name="Create share link").click()
    expect(page.get_by_role("heading", name="Your new share link")).to_be_visible()
    share_url = page.get_by_label("Share link").input_value()
    assert re.search(r"/shared/[\w-]{32}$", share_url)
    assert_accessible(page, "new share link")
    page.screenshot(path=screenshot_dir / "new-share-link.png", full_page=True)
    page.get_by_role("link", name="Back to your report").click()
    expect(page.get_by_text("Your share links")).to_be_attached()
    assert_accessible(page, "report with a share link")
    shared = page.context.new_page()
    shared.goto(share_url)
    expect(shared.get_by_text("Shared by the candidate")).to_be_visible()
    expect(shared.get_by_test_id("overall")).to_have_text("67%")
    expect(shared.get_by_role("link", name="Review your answers")).to_have_count(0)
    assert_accessible(shared, "shared report")
    shared.screenshot(path=screenshot_dir / "shared-report.png", full_page=True)
    shared.close()

    page.get_by_role("link", name="Review your answers").click()
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    expect(page.locator("section.review-item")).to_have_count(8)
    assert_accessible(page, "review")
    page.screenshot(path=screenshot_dir / "review.png", full_page=True)

    page.get_by_role("link", name="Your attempts").click()
    expect(page.get_by_role("heading", name="Your attempts")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page, "history")
    page.screenshot(path=screenshot_dir / "history.png", full_page=True)

    page.goto(report_url)
    page.get_by_role("link", name="Practise your top gaps").click()
    expect(page.get_by_label("Custom")).to_be_checked()
    expect(page.get_by_label("Junior back-end engineer")).to_be_checked()
    expect(page.get_by_label("Writing SQL queries")).to_be_checked()
    assert_accessible(page, "start, preselected to practise the top gaps")
    page.screenshot(path=screenshot_dir / "start-practice.png", full_page=True)
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Begin the quiz").click()
    expect(page.get_by_text(re.compile(r"Question 1 of \d"))).to_be_visible()


def test_error_page_is_accessible(live_server: str, page: Page, screenshot_dir: Path) -> None:
    response = page.goto(live_server + "/attempt/unknown/report")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not Found")
    assert_accessible(page, "404")
    page.screenshot(path=screenshot_dir / "error-404.png", full_page=True)


def start_quiz(page: Page, live_server: str, timed: bool = True) -> None:
    page.goto(live_server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    if not timed:
        page.get_by_label("Time me").uncheck()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Begin the quiz").click()
    expect(page.get_by_text("Question 1 of 8")).to_be_visible()


@pytest.mark.parametrize("width", [320, 1280])
def test_layout_fits_narrow_and_wide_screens(
    live_server: str, page: Page, screenshot_dir: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    start_quiz(page, live_server)
    for number in range(1, 9):
        expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
        page.wait_for_load_state("load")
        item_type = CONTENT.items[current_item(page)].type
        assert page.evaluate("document.documentElement.scrollWidth") <= width, item_type
        page.screenshot(path=screenshot_dir / f"question-{item_type}-{width}.png", full_page=True)
        page.get_by_role("button", name="I don't know").click()
    page.get_by_role("button", name="Submit and see my report").click()
    expect(page.get_by_test_id("overall")).to_have_text("0%")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_dir / f"report-{width}.png", full_page=True)
