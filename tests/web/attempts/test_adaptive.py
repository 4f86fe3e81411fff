"""The adaptive quick check through the test client, on a real database: each question is
chosen after the previous answer from the stored seed, earlier answers are final, resume,
autosave, the deadline and the report know where the check is and why it stopped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.adaptive import Answered, bank_of, next_item, profile_of
from quiz.attempts import adaptive
from quiz.bank import Content, load_content
from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.models.base import utcnow
from tests.actions import resume_link
from tests.html import duplicate_ids, vnu_errors
from tests.keys import key_form
from tests.support import (
    FIXTURE_QUESTIONS,
    SHIPPED_QUESTIONS,
    QuizClient,
    attempt_row,
    csrf_from,
    item_on_page,
)

FIXTURE = load_content(FIXTURE_QUESTIONS)


@pytest.fixture
def adaptive_app(extra_app: Callable[..., Flask]) -> Flask:
    """The app with the start page's quick check adaptive, on the fixture content."""
    return extra_app(ADAPTIVE_QUICK_CHECK=True)


@pytest.fixture
def aquiz(adaptive_app: Flask) -> QuizClient:
    return QuizClient(adaptive_app.test_client())


def _credits(app: Flask, token: str) -> dict[str, float]:
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        return {r.item_id: r.credit for r in attempt.responses}


def _expected(content: Content, attempt: Attempt, credits: dict[str, float]) -> str | None:
    """The selection function's own next item after the attempt's answers."""
    answered = [Answered(i, credits.get(i)) for i in attempt.item_ids]
    decision = next_item(
        bank_of(content), profile_of(content, attempt.profile_id), answered, attempt.seed
    )
    return decision.item_id


def _answer_right(quiz: QuizClient, content: Content, number: int) -> Any:
    item = content.items[_current_item(quiz, number)]
    return quiz.answer(number, key_form(item))


def _current_item(quiz: QuizClient, number: int) -> str:
    row = attempt_row(quiz.client.application, quiz.token)
    return row.item_ids[number - 1]


def test_the_quick_check_starts_with_one_chosen_question(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    attempt = attempt_row(adaptive_app, aquiz.token)
    assert attempt.adaptive and attempt.stop_reason is None and attempt.mode == "quick"
    assert attempt.item_ids == [adaptive.first_item(FIXTURE, "junior-backend", attempt.seed, ())]
    html = aquiz.page(1)
    assert "Question 1 of up to 20" in html
    assert item_on_page(html) == attempt.item_ids[0]
    assert 'value="prev"' not in html and 'name="flag"' not in html
    assert "an answer is\n    final once you move on" in html


def test_each_answer_chooses_the_next_question_reproducibly(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    for number in (1, 2, 3):
        before = attempt_row(adaptive_app, aquiz.token)
        resp = (
            _answer_right(aquiz, FIXTURE, number)
            if number != 2
            else aquiz.answer(number, {}, nav="dont_know")
        )
        assert resp.status_code == 302
        assert resp.location.endswith(f"/q/{number + 1}")
        after = attempt_row(adaptive_app, aquiz.token)
        credits = _credits(adaptive_app, aquiz.token)
        assert after.item_ids[:number] == before.item_ids
        assert after.item_ids[number] == _expected(FIXTURE, before, credits)
    attempt = attempt_row(adaptive_app, aquiz.token)
    with adaptive_app.app_context():
        replayed = adaptive.replay(attempt, FIXTURE, _credits(adaptive_app, aquiz.token))
    assert replayed == attempt.item_ids and len(replayed) == 4


def test_earlier_answers_are_final(adaptive_app: Flask, aquiz: QuizClient) -> None:
    aquiz.start()
    _answer_right(aquiz, FIXTURE, 1)
    credits = _credits(adaptive_app, aquiz.token)
    page = aquiz.page(2)
    resp = aquiz.client.get(f"/attempt/{aquiz.token}/q/1", follow_redirects=True)
    assert "each answer is final once the next question is chosen" in resp.get_data(as_text=True)
    assert resp.request.path.endswith("/q/2")
    resp = aquiz.client.post(
        f"/attempt/{aquiz.token}/q/1",
        data={"csrf_token": csrf_from(page), "nav": "dont_know"},
    )
    assert resp.status_code == 302 and resp.location.endswith("/q/2")
    resp = aquiz.client.post(
        f"/attempt/{aquiz.token}/q/1/autosave",
        data={"csrf_token": csrf_from(page), "answer": "A"},
    )
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "answer_final"
    assert _credits(adaptive_app, aquiz.token) == credits
    assert aquiz.client.get(f"/attempt/{aquiz.token}/q/3").location.endswith("/q/2")
    assert len(attempt_row(adaptive_app, aquiz.token).item_ids) == 2


def test_autosave_of_the_current_question_does_not_choose_the_next(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    item = FIXTURE.items[attempt_row(adaptive_app, aquiz.token).item_ids[0]]
    page = aquiz.page(1)
    resp = aquiz.client.post(
        f"/attempt/{aquiz.token}/q/1/autosave",
        data={"csrf_token": csrf_from(page), **key_form(item)},
    )
    assert resp.status_code == 200 and resp.get_json()["answered"]
    assert _credits(adaptive_app, aquiz.token) == {item.id: 1.0}
    assert len(attempt_row(adaptive_app, aquiz.token).item_ids) == 1
    # Resuming elsewhere lands on the current question, whose saved answer is shown.
    link = resume_link(aquiz.client, aquiz.token)
    other = adaptive_app.test_client()
    resp = other.get(link)
    assert resp.status_code == 302 and resp.location.endswith(f"/attempt/{aquiz.token}/q/1")


def test_the_check_stops_and_the_report_says_how_many_and_why(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    number = 1
    while True:
        resp = _answer_right(aquiz, FIXTURE, number)
        if resp.location.endswith("/finish"):
            break
        number += 1
    attempt = attempt_row(adaptive_app, aquiz.token)
    # Eight fixture items: the check stops when its readiness interval is narrow enough
    # (after the minimum of eight) or when no item is left.
    assert attempt.stop_reason in ("interval", "pool") and len(attempt.item_ids) == number
    finish = aquiz.client.get(f"/attempt/{aquiz.token}/finish").get_data(as_text=True)
    assert "The check has asked enough: it stopped because" in finish
    assert aquiz.client.get(f"/attempt/{aquiz.token}/q/{number}").location.endswith("/finish")
    aquiz.submit()
    assert attempt_row(adaptive_app, aquiz.token).stop_reason == attempt.stop_reason
    html = aquiz.client.get(f"/attempt/{aquiz.token}/report").get_data(as_text=True)
    reason = adaptive.STOP_TEXT[attempt.stop_reason or ""]
    assert (
        f"<strong>{number} questions</strong> were asked; the check stopped because {reason}."
        in html
    )
    data = aquiz.client.get(f"/attempt/{aquiz.token}/report.json").get_json()
    assert data["overall"]["total"] == number


def test_submitting_early_and_running_out_of_time_are_recorded(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    aquiz.answer(1, {}, nav="dont_know")
    finish = aquiz.client.get(f"/attempt/{aquiz.token}/finish").get_data(as_text=True)
    assert "submitting now ends it" in finish
    aquiz.submit()
    assert attempt_row(adaptive_app, aquiz.token).stop_reason == adaptive.ENDED
    html = aquiz.client.get(f"/attempt/{aquiz.token}/report").get_data(as_text=True)
    assert "<strong>2 questions</strong> were asked" in html
    assert adaptive.STOP_TEXT[adaptive.ENDED] in html

    second = QuizClient(adaptive_app.test_client())
    second.start()
    page = second.page(1)
    with adaptive_app.app_context():
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.token == second.token)
            .values(deadline_at=utcnow() - timedelta(seconds=5))
        )
        db.session.commit()
    resp = second.client.post(
        f"/attempt/{second.token}/q/1", data={"csrf_token": csrf_from(page), "nav": "dont_know"}
    )
    assert resp.location.endswith("/report")
    row = attempt_row(adaptive_app, second.token)
    assert row.submitted_at is not None and row.stop_reason == adaptive.TIME
    with adaptive_app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Response)
                .where(Response.attempt_id == row.id)
            )
            == 0
        )


def test_a_timed_check_allows_time_for_the_longest_check(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    page = aquiz.client.get("/start").get_data(as_text=True)
    resp = aquiz.client.post(
        "/start",
        data={"profile": "junior-backend", "timed": "y", "csrf_token": csrf_from(page)},
    )
    aquiz.token = resp.location.split("/")[2]
    attempt = attempt_row(adaptive_app, aquiz.token)
    assert attempt.adaptive and attempt.time_limit_seconds == 20 * 45


def test_fixed_forms_stay_when_the_setting_is_off(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    attempt = attempt_row(app, quiz.token)
    assert not attempt.adaptive and len(attempt.item_ids) == 8


def test_strong_and_weak_answers_on_the_shipped_bank_lead_to_different_questions(
    extra_app: Callable[..., Flask],
) -> None:
    shipped_app = extra_app(ADAPTIVE_QUICK_CHECK=True, QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    shipped = load_content(SHIPPED_QUESTIONS)
    sequences = []
    for strong in (True, False):
        quiz = QuizClient(shipped_app.test_client())
        quiz.start()
        with shipped_app.app_context():
            db.session.execute(
                sa.update(Attempt).where(Attempt.token == quiz.token).values(seed=2026)
            )
            db.session.execute(
                sa.update(Attempt)
                .where(Attempt.token == quiz.token)
                .values(item_ids=[adaptive.first_item(shipped, "junior-backend", 2026, ())])
            )
            db.session.commit()
        for number in range(1, 6):
            if strong:
                resp = _answer_right(quiz, shipped, number)
            else:
                resp = quiz.answer(number, {}, nav="dont_know")
            assert resp.location.endswith(f"/q/{number + 1}")
        attempt = attempt_row(shipped_app, quiz.token)
        credits = _credits(shipped_app, quiz.token)
        assert set(credits.values()) == ({1.0} if strong else {0.0})
        with shipped_app.app_context():
            assert adaptive.replay(attempt, shipped, credits) == attempt.item_ids
        sequences.append(attempt.item_ids)
    assert sequences[0][0] == sequences[1][0]
    assert sequences[0] != sequences[1]


def test_the_adaptive_pages_are_valid_html(
    adaptive_app: Flask, aquiz: QuizClient, tmp_path: Path
) -> None:
    pages = {"start": aquiz.client.get("/start").get_data(as_text=True)}
    aquiz.start()
    pages["question"] = aquiz.page(1)
    aquiz.answer(1, {}, nav="dont_know")
    pages["finish"] = aquiz.client.get(f"/attempt/{aquiz.token}/finish").get_data(as_text=True)
    aquiz.submit()
    pages["report"] = aquiz.client.get(f"/attempt/{aquiz.token}/report").get_data(as_text=True)
    assert "adaptive-stop" in pages["report"] and "adaptive-status" in pages["finish"]
    paths = []
    for name, html in pages.items():
        assert duplicate_ids(html) == [], name
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html)
    assert vnu_errors(paths) == []


def test_choosing_after_the_submission_changes_nothing(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    aquiz.answer(1, {}, nav="dont_know")
    aquiz.submit()
    with adaptive_app.app_context():
        attempt = db.session.scalars(sa.select(Attempt)).one()
        assert adaptive.advance(attempt, 2, FIXTURE) is None
        assert adaptive.advance(attempt, 2, FIXTURE) is None
    row = attempt_row(adaptive_app, aquiz.token)
    assert len(row.item_ids) == 2 and row.stop_reason == adaptive.ENDED


def test_the_self_rating_lists_every_area_of_the_role(
    adaptive_app: Flask, aquiz: QuizClient
) -> None:
    aquiz.start()
    html = aquiz.client.get(f"/attempt/{aquiz.token}/about").get_data(as_text=True)
    role = FIXTURE.profiles["junior-backend"]
    areas = {FIXTURE.item_area[i.id] for r in role.requirements for i in FIXTURE.items_for(r)}
    assert len(areas) > 1
    for area in areas:
        assert f'name="confidence-{area}"' in html


def test_the_start_page_says_the_quick_check_adapts(
    adaptive_app: Flask, aquiz: QuizClient, quiz: QuizClient
) -> None:
    said = "Adaptive: each question is chosen from your answers so far"
    assert said in aquiz.client.get("/start").get_data(as_text=True)
    assert said not in quiz.client.get("/start").get_data(as_text=True)  # setting off
