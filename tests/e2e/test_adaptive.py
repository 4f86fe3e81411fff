"""The adaptive quick check in Chromium on the shipped bank: right answers from the bank's keys,
then "I don't know", each next question the one the selection function chooses from the
stored seed and answers; the question page and the report pass axe."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from quiz.adaptive import Answered, bank_of, next_item, profile_of
from quiz.attempts import adaptive
from quiz.bank import load_content
from quiz.extensions import db
from quiz.models import Attempt
from tests.e2e.test_classroom import shoot
from tests.keys import key_form
from tests.support import SHIPPED_QUESTIONS

pytestmark = pytest.mark.e2e

SHIPPED = load_content(SHIPPED_QUESTIONS)
SEED = 2026  # the attempt's seed is set to this, so the run is the same every time


@pytest.fixture
def shipped_app(extra_app: Callable[..., Flask]) -> Flask:
    return extra_app(ADAPTIVE_QUICK_CHECK=True, QUESTIONS_DIR=str(SHIPPED_QUESTIONS))


@pytest.fixture
def server(shipped_app: Flask) -> Iterator[str]:
    """The adaptive app on a free port."""
    http = make_server("127.0.0.1", 0, shipped_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=5)


def _attempt(app: Flask) -> Attempt:
    with app.app_context():
        attempt = db.session.scalars(sa.select(Attempt)).one()
        credits = {r.item_id: r.credit for r in attempt.responses}
        db.session.expunge(attempt)
        attempt.__dict__["_credits"] = credits
        return attempt


def _choose(answers: list[Answered]) -> str | None:
    """The selection function's own choice after ``answers``."""
    goals = profile_of(SHIPPED, "junior-backend")
    return next_item(bank_of(SHIPPED), goals, answers, SEED).item_id


def _answer_with_key(page: Page, item_id: str) -> None:
    form: dict[str, Any] = key_form(SHIPPED.items[item_id])
    for name, value in form.items():
        for one in value if isinstance(value, list) else [value]:
            field = page.locator(f'fieldset.question [name="{name}"]').first
            kind = field.evaluate("e => e.tagName + ':' + (e.type || '')")
            if kind.startswith("SELECT"):
                field.select_option(one)
            elif kind in ("INPUT:text", "INPUT:number", "TEXTAREA:textarea", "INPUT:search"):
                field.fill(one)
            else:
                page.locator(f'fieldset.question [name="{name}"][value="{one}"]').check()


def _shown_item(page: Page) -> str:
    stem = page.locator("h1.stem").inner_text().strip()
    matches = [i.id for i in SHIPPED.items.values() if i.stem.strip() == stem]
    assert matches, stem
    return matches[0]


def test_strong_then_weak_answers_change_the_next_questions(
    server: str, shipped_app: Flask, page: Page, screenshot_dir: Path
) -> None:
    page.goto(server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    page.get_by_label("Time me").uncheck()
    page.get_by_role("button", name="Start the quiz").click()
    with shipped_app.app_context():  # a known seed, and the first item it gives
        first = _choose([])
        db.session.execute(sa.update(Attempt).values(seed=SEED, item_ids=[first]))
        db.session.commit()
    page.get_by_role("button", name="Begin the quiz").click()
    expect(page.get_by_text("Question 1 of up to 20")).to_be_visible()
    shoot(page, screenshot_dir, "adaptive-question")

    answers: list[Answered] = []
    for number, right in enumerate([True] * 3 + [False] * 3, 1):
        item_id = _shown_item(page)
        assert item_id == _choose(answers)  # the page shows the selection's own choice
        if right:
            _answer_with_key(page, item_id)
            page.get_by_role("button", name="Save and next").click()
        else:
            page.get_by_role("button", name="I don't know").click()
        expect(page.get_by_text(f"Question {number + 1} of up to 20")).to_be_visible()
        credit = _attempt(shipped_app).__dict__["_credits"][item_id]
        assert credit == (1.0 if right else 0.0)
        answers.append(Answered(item_id, credit))
    assert _shown_item(page) == _choose(answers)
    assert _attempt(shipped_app).item_ids == [a.item_id for a in answers] + [_choose(answers)]
    # Had the last three answers been right, the check would have asked other questions.
    strong = answers[:3]
    for _ in range(3):
        strong.append(Answered(_choose(strong) or "", 1.0))
    assert strong[3].item_id == answers[3].item_id  # chosen before the answers differed
    assert [a.item_id for a in strong[4:]] != [a.item_id for a in answers[4:]]

    page.get_by_role("link", name="End the check here and submit").click()
    expect(page.get_by_test_id("adaptive-status")).to_contain_text("submitting now ends it")
    page.get_by_role("button", name="Submit and see my report").click()
    expect(page.get_by_test_id("adaptive-stop")).to_contain_text("7 questions")
    expect(page.get_by_test_id("adaptive-stop")).to_contain_text(adaptive.STOP_TEXT[adaptive.ENDED])
    shoot(page, screenshot_dir, "adaptive-report")
