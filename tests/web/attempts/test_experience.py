"""The candidate's experience through the test client (also the no-JavaScript path): modes,
shuffling, "I don't know", flags, self-rating, resume, deadline, autosave, history."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.attempts import taking as services
from quiz.bank import load_content
from quiz.bank.draw import members
from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot, Response
from quiz.models.base import utcnow
from tests.actions import resume_link
from tests.support import (
    FIXTURE_QUESTIONS,
    SHIPPED_QUESTIONS,
    QuizClient,
    attempt_row,
    csrf_from,
)

CONTENT = load_content(FIXTURE_QUESTIONS)
SHIPPED = load_content(SHIPPED_QUESTIONS)


def start(client: FlaskClient, **fields: object) -> str:
    page = client.get("/start").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "profile": "junior-backend", **fields}
    resp = client.post("/start", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    assert resp.location.endswith("/about")
    return resp.location.split("/")[2]


def update_attempt(app: Flask, token: str, **values: object) -> None:
    with app.app_context():
        db.session.execute(sa.update(Attempt).where(Attempt.token == token).values(**values))
        db.session.commit()


@pytest.fixture
def shipped_app(extra_app: Callable[..., Flask]) -> Flask:
    """The app on the shipped banks."""
    return extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS), QUIZ_LENGTH=20)


def test_quick_mode_covers_must_haves_and_all_levels(shipped_app: Flask) -> None:
    token = start(shipped_app.test_client(), mode="quick")
    attempt = attempt_row(shipped_app, token)
    assert attempt.mode == "quick" and len(attempt.item_ids) == 20
    profile = SHIPPED.profiles["junior-backend"]
    musts = [r for r, t in profile.requirements.items() if t.weight == "must"]
    covered = {r for i in attempt.item_ids for r in SHIPPED.items[i].requirements}
    assert all(covered & set(members(profile, r)) for r in musts)  # a group by one member
    assert {SHIPPED.items[i].difficulty for i in attempt.item_ids} == {1, 2, 3}


def test_full_mode_covers_every_requirement(shipped_app: Flask) -> None:
    token = start(shipped_app.test_client(), mode="full", timed="")
    attempt = attempt_row(shipped_app, token)
    profile = SHIPPED.profiles["junior-backend"]
    assert 60 <= len(attempt.item_ids) <= 80
    covered = {r for i in attempt.item_ids for r in SHIPPED.items[i].requirements}
    assert all(covered & set(members(profile, r)) for r in profile.requirements)
    assert attempt.deadline_at is None  # untimed


def test_custom_mode_draws_only_the_chosen_areas(shipped_app: Flask) -> None:
    token = start(shipped_app.test_client(), mode="custom", areas=["sql", "caching"], length="12")
    attempt = attempt_row(shipped_app, token)
    assert len(attempt.item_ids) == 12
    assert {SHIPPED.item_area[i] for i in attempt.item_ids} == {"sql", "caching"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mode": "custom", "length": "10"}, "Choose at least one area or requirement"),
        ({"mode": "custom", "areas": ["sql"], "length": "500"}, "Choose between 5 and 60"),
        ({"mode": "custom", "areas": ["sql"], "length": "many"}, "Not a valid integer value."),
        ({"mode": "marathon"}, "Not a valid choice."),
        ({"extra_time": "9"}, "Not a valid choice."),
    ],
)
def test_start_form_errors(
    app: Flask, client: FlaskClient, fields: dict[str, object], message: str
) -> None:
    page = client.get("/start").get_data(as_text=True)
    resp = client.post(
        "/start", data={"csrf_token": csrf_from(page), "profile": "junior-backend", **fields}
    )
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 0


def test_timer_deadline_uses_extra_time(app: Flask, client: FlaskClient) -> None:
    token = start(client, timed="y", extra_time="1.5")
    attempt = attempt_row(app, token)
    assert attempt.time_limit_seconds == 8 * 45 and attempt.extra_time == 1.5
    assert attempt.deadline_at is not None
    assert attempt.deadline_at - attempt.started_at == timedelta(seconds=8 * 45 * 1.5)
    html = client.get(f"/attempt/{token}/q/1").get_data(as_text=True)
    assert f'data-deadline="{attempt.deadline_at.isoformat()}"' in html


def option_order(html: str) -> list[str]:
    return re.findall(r'name="(?:answer|position-\w)" (?:value="(\w+)")?', html)


def test_shuffle_is_stable_for_an_attempt_and_differs_between_attempts(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = iter(range(101, 107))  # fixed seeds: whether the orders differ is not left to chance
    monkeypatch.setattr(services.secrets, "randbelow", lambda _n: next(seeds))
    client = app.test_client()
    token = start(client)
    first = [client.get(f"/attempt/{token}/q/{n}").get_data(as_text=True) for n in range(1, 9)]
    again = [client.get(f"/attempt/{token}/q/{n}").get_data(as_text=True) for n in range(1, 9)]
    assert [option_order(h) for h in first] == [option_order(h) for h in again]
    orders = {tuple(attempt_row(app, token).item_ids)}
    for _ in range(5):
        orders.add(tuple(attempt_row(app, start(client)).item_ids))
    assert len(orders) > 1


def test_key_is_never_in_the_page_or_the_autosave_json(app: Flask, client: FlaskClient) -> None:
    token = start(client)
    attempt = attempt_row(app, token)
    for number, item_id in enumerate(attempt.item_ids, 1):
        html = client.get(f"/attempt/{token}/q/{number}").get_data(as_text=True)
        item = CONTENT.items[item_id]
        assert " ".join(item.explanation.split()[:6]) not in html
        assert "credit" not in html.lower() and "rationale" not in html.lower()
        resp = client.post(
            f"/attempt/{token}/q/{number}/autosave",
            data={"csrf_token": csrf_from(html)},
            headers={"Accept": "application/json"},
        )
        payload = resp.get_json()
        assert set(payload) == {"status", "answered", "saved_at"}
        assert payload["answered"] is False


def test_autosave_saves_and_answers_json(app: Flask, client: FlaskClient) -> None:
    token = start(client)
    attempt = attempt_row(app, token)
    number = attempt.item_ids.index("sql-001") + 1
    html = client.get(f"/attempt/{token}/q/{number}").get_data(as_text=True)
    url = f"/attempt/{token}/q/{number}/autosave"
    resp = client.post(
        url, data={"answer": "B", "flag": "on"}, headers={"X-CSRFToken": csrf_from(html)}
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "saved"
    with app.app_context():
        row = db.session.scalar(sa.select(Response).where(Response.item_id == "sql-001"))
        assert row is not None and row.answer == {"choice": "B"} and row.credit == 1.0
    assert attempt_row(app, token).flagged == ["sql-001"]
    resp = client.post(url, data={"answer": "Z"}, headers={"X-CSRFToken": csrf_from(html)})
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] == "invalid_answer"
    resp = client.post(url, data={"answer": "A"})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "csrf_failed"


def test_dont_know_and_flags_show_on_the_summary(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    quiz.answer(1, {}, nav="dont_know")
    quiz.answer(2, {"flag": "on"})
    attempt = attempt_row(app, quiz.token)
    with app.app_context():
        row = db.session.scalar(sa.select(Response).where(Response.item_id == attempt.item_ids[0]))
        assert row is not None and row.answer == {"dont_know": True} and row.credit == 0.0
    assert attempt.flagged == [attempt.item_ids[1]]
    html = quiz.client.get(f"/attempt/{quiz.token}/finish").get_data(as_text=True)
    assert "Flagged for review (1)" in html and "Answered “I don't know” (1)" in html
    assert "Not answered yet (7)" in html
    assert "I don't know" in quiz.page(1)  # the page says what was answered
    quiz.answer(2, {})  # unflag
    assert attempt_row(app, quiz.token).flagged == []


def test_self_rating_is_stored_and_calibrated_in_the_report(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    page = quiz.client.get(f"/attempt/{quiz.token}/about").get_data(as_text=True)
    assert f"/attempt/{quiz.token}/continue" in page and "How confident are you?" in page
    resp = quiz.client.post(
        f"/attempt/{quiz.token}/about",
        data={
            "csrf_token": csrf_from(page),
            "confidence-sql": "5",
            "confidence-api": "1",
            "confidence-soft": "9",
        },
    )
    assert resp.status_code == 302 and resp.location.endswith("/q/1")
    assert attempt_row(app, quiz.token).self_ratings == {"sql": 5, "api": 1}
    for number in range(1, 9):
        quiz.answer(number, {}, nav="dont_know")
    quiz.submit()
    data = json.loads(quiz.client.get(f"/attempt/{quiz.token}/report.json").get_data(as_text=True))
    verdicts = {a["id"]: a["verdict"] for a in data["calibration"]["areas"]}
    # all wrong: sql mastery is low against a claimed 90 → over; api claimed 10 → calibrated
    assert verdicts == {"sql": "over", "api": "calibrated"}
    assert data["calibration"]["dont_know"] == 8 and data["calibration"]["high_dont_know"]
    html = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    assert "<strong>over-confident</strong>" in html
    assert "You answered “I don't know” to 8 of 8 questions." in html


def test_resume_link_continues_on_another_device(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    quiz.answer(1, {}, nav="dont_know")
    link = resume_link(quiz.client, quiz.token)
    other = app.test_client()
    assert other.get(f"/attempt/{quiz.token}/q/1").status_code == 404
    resp = other.get(link)
    assert resp.status_code == 302 and resp.location.endswith(f"/attempt/{quiz.token}/q/2")
    assert other.get(f"/attempt/{quiz.token}/q/1").status_code == 200
    assert other.get("/resume/not-a-token").status_code == 404


def test_session_cookie_outlives_the_browser(quiz: QuizClient) -> None:
    quiz.start()
    cookie = quiz.client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None


def test_answers_after_the_deadline_are_refused_and_the_attempt_submitted(
    app: Flask, quiz: QuizClient
) -> None:
    quiz.start()
    quiz.answer(1, {}, nav="dont_know")
    html = quiz.page(2)
    deadline = utcnow() - timedelta(seconds=5)
    update_attempt(app, quiz.token, deadline_at=deadline)
    resp = quiz.client.post(
        f"/attempt/{quiz.token}/q/2",
        data={"csrf_token": csrf_from(html), "answer": "A", "nav": "next"},
        follow_redirects=True,
    )
    assert "Time is up: your quiz was submitted" in resp.get_data(as_text=True)
    attempt = attempt_row(app, quiz.token)
    assert attempt.submitted_at is not None
    assert abs((attempt.submitted_at - deadline).total_seconds()) < 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSnapshot)) == 1
    resp = quiz.client.post(
        f"/attempt/{quiz.token}/q/2/autosave",
        data={"answer": "A"},
        headers={"X-CSRFToken": csrf_from(html)},
    )
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "attempt_closed"


def test_hidden_review(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    update_attempt(app, quiz.token, review_allowed=False)
    quiz.submit()
    report = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    assert "Review your answers" not in report and "/review" not in report
    resp = quiz.client.get(f"/attempt/{quiz.token}/review")
    assert resp.status_code == 403
    assert "keeps its questions private" in resp.get_data(as_text=True)


def test_history_lists_attempts_with_scores_and_trend(app: Flask, quiz: QuizClient) -> None:
    assert "No attempts in this browser yet" in quiz.client.get("/history").get_data(as_text=True)
    first = quiz.start()
    quiz.submit()
    second = quiz.start()
    number = attempt_row(app, second).item_ids.index("sql-001") + 1
    quiz.answer(number, {"answer": "B"})
    quiz.submit()
    third = quiz.start()
    html = quiz.client.get("/history").get_data(as_text=True)
    assert html.count("<tr>") == 4  # header + 3 attempts
    assert "<polyline" in html and "Overall score and readiness across attempts" in html
    assert f"/attempt/{first}/report" in html and f"/attempt/{second}/report" in html
    assert f"/attempt/{third}/finish" in html and "In progress" in html
    assert re.search(r"<td>Quick check</td>\s*<td>0%</td>", html)
    assert re.search(r"<td>Quick check</td>\s*<td>12%</td>", html)  # 1 of 8 = 12.5 → 12


def test_retake_cooldown(extra_app: Callable[..., Flask]) -> None:
    cooled = extra_app(RETAKE_COOLDOWN_MINUTES=60)
    quiz = QuizClient(cooled.test_client())
    quiz.start()
    quiz.start()  # not submitted yet: a second start is allowed
    quiz.submit()
    page = quiz.client.get("/start").get_data(as_text=True)
    resp = quiz.client.post(
        "/start", data={"csrf_token": csrf_from(page), "profile": "junior-backend"}
    )
    assert resp.status_code == 400
    assert "You took this assessment recently; you can take it again after" in resp.get_data(
        as_text=True
    )
    # another mode is a different assessment
    resp = quiz.client.post(
        "/start", data={"csrf_token": csrf_from(page), "profile": "junior-backend", "mode": "full"}
    )
    assert resp.status_code == 302


def test_expired_attempt_is_closed_when_history_is_read(app: Flask, quiz: QuizClient) -> None:
    quiz.start()
    update_attempt(app, quiz.token, deadline_at=utcnow() - timedelta(minutes=1))
    html = quiz.client.get("/history").get_data(as_text=True)
    assert "In progress" not in html and f"/attempt/{quiz.token}/report" in html
    assert attempt_row(app, quiz.token).submitted_at is not None


def _practice_link(report_html: str) -> str:
    [href] = re.findall(r'<a class="button" href="([^"]+)">Practise your top gaps</a>', report_html)
    return href.replace("&amp;", "&")


def test_practise_your_top_gaps_starts_a_custom_quiz_on_those_requirements(
    app: Flask, quiz: QuizClient
) -> None:
    quiz.start()
    for number in range(1, 9):
        quiz.answer(number, {}, nav="dont_know")
    quiz.submit()
    report = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    data = json.loads(quiz.client.get(f"/attempt/{quiz.token}/report.json").get_data(as_text=True))
    gaps = data["gaps"][:5]
    assert gaps  # all wrong: every requirement falls short
    link = _practice_link(report)
    assert link.startswith("/start?") and "mode=custom" in link and "profile=junior-backend" in link
    assert re.findall(r"requirements=([\w-]+)", link) == gaps

    page = quiz.client.get(link).get_data(as_text=True)
    assert re.search(
        r'id="mode-custom" name="mode" value="custom"\s+aria-describedby="[^"]+" checked', page
    )
    assert re.search(r'id="profile-junior-backend"[^>]*checked', page, re.S)
    assert sorted(re.findall(r'id="req-([\w-]+)" value="[\w-]+" checked', page)) == sorted(gaps)
    length = max(5, min(60, 4 * len(gaps)))
    assert f'name="length" type="number" value="{length}"' in page

    fields = {"csrf_token": csrf_from(page), "profile": "junior-backend", "mode": "custom"}
    resp = quiz.client.post("/start", data={**fields, "requirements": gaps, "length": length})
    assert resp.status_code == 302
    attempt = attempt_row(app, resp.location.split("/")[2])
    tagged = [i.id for i in CONTENT.items.values() if set(i.requirements) & set(gaps)]
    assert attempt.mode == "custom"
    assert sorted(attempt.item_ids) == sorted(tagged[:length])  # every item on those gaps
    assert len(attempt.item_ids) == min(length, len(tagged))


def test_practice_start_rejects_requirements_outside_the_role(
    extra_app: Callable[..., Flask], tmp_path: Path
) -> None:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    profile = root / "profiles" / "junior-backend.yaml"
    profile.write_text(
        profile.read_text().replace("  soft-communication: {weight: nice, target: 50}\n", "")
    )
    client = extra_app(QUESTIONS_DIR=str(root)).test_client()
    page = client.get("/start?profile=junior-backend&mode=custom&requirements=soft-communication")
    assert "req-soft-communication" not in page.get_data(as_text=True)  # dropped from the link
    fields = {"csrf_token": csrf_from(page.get_data(as_text=True)), "profile": "junior-backend"}
    for requirements, message in [
        (["soft-communication"], "Not a requirement of the chosen role: soft-communication."),
        (["no-such-requirement"], "not a valid choice"),
    ]:
        resp = client.post(
            "/start", data={**fields, "mode": "custom", "requirements": requirements, "length": "5"}
        )
        assert resp.status_code == 400 and message in resp.get_data(as_text=True), requirements
