"""Races on the real database with real threads: double submits, saves racing a submit, and
concurrent saves of one item (each thread is a browser tab sharing the candidate's session)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.bank import question_type
from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot, Response
from tests.security.answers import CONTENT, answer_form
from tests.support import QuizClient, attempt_row, csrf_from


def tabs(app: Flask, quiz: QuizClient, count: int) -> list[FlaskClient]:
    """``count`` more clients sharing ``quiz``'s browser session, like tabs of one browser."""
    cookie = quiz.client.get_cookie("session")
    assert cookie is not None
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        clients.append(client)
    return clients


def run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run ``jobs`` in threads released at the same instant; return results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = job()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def snapshots(app: Flask, token: str) -> list[ReportSnapshot]:
    with app.app_context():
        attempt_id = db.session.scalar(sa.select(Attempt.id).where(Attempt.token == token))
        return list(
            db.session.scalars(
                sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id == attempt_id)
            )
        )


def parsed(item_id: str, form: dict[str, Any]) -> dict[str, Any] | None:
    """The answer the server stores for ``form``."""
    item = CONTENT.items[item_id]
    multi = {k: v if isinstance(v, list) else [v] for k, v in form.items()}
    return question_type(item).parse(item, multi)


def stored(app: Flask, token: str) -> dict[str, dict[str, Any]]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Response.item_id, Response.answer).join(Attempt).where(Attempt.token == token)
        )
        return {item_id: answer for item_id, answer in rows}


def test_double_submit_gives_one_submission_and_one_snapshot(app: Flask, quiz: QuizClient) -> None:
    for _ in range(3):  # several rounds: the race must be won cleanly every time
        token = quiz.start()
        quiz.answer(1, {}, nav="dont_know")
        html = quiz.client.get(f"/attempt/{token}/finish").get_data(as_text=True)
        form = {"csrf_token": csrf_from(html)}
        clients = tabs(app, quiz, 4)
        results = run_together(
            [partial(c.post, f"/attempt/{token}/submit", data=form) for c in clients]
        )
        assert [r.status_code for r in results] == [302] * 4
        assert all(r.location.endswith(f"/attempt/{token}/report") for r in results)
        found = snapshots(app, token)
        assert [s.reason for s in found] == ["submitted"]
        assert attempt_row(app, token).submitted_at is not None
        # Every tab then shows the same report.
        pages = {c.get(f"/attempt/{token}/report").status_code for c in clients}
        assert pages == {200}
        assert len(snapshots(app, token)) == 1


def test_an_autosave_racing_a_submit_never_lands_after_it(app: Flask, quiz: QuizClient) -> None:
    token = quiz.start()
    item_ids = attempt_row(app, token).item_ids
    html = quiz.page(1)
    headers = {"X-CSRFToken": csrf_from(html), "Accept": "application/json"}
    saver, submitter = tabs(app, quiz, 2)
    outcomes: list[tuple[str, int, dict[str, Any]]] = []
    sent: list[dict[str, Any]] = []

    def save_everything() -> None:
        for round_ in range(3):
            for number, item_id in enumerate(item_ids, 1):
                form = answer_form(item_id, round_)
                sent.append(form)
                resp = saver.post(
                    f"/attempt/{token}/q/{number}/autosave", data=form, headers=headers
                )
                outcomes.append((item_id, resp.status_code, resp.get_json()))

    def submit() -> int:
        resp = submitter.post(f"/attempt/{token}/submit", data={"csrf_token": csrf_from(html)})
        return resp.status_code

    run_together([save_everything, submit])
    assert {status for _, status, _ in outcomes} <= {200, 409}
    closed = [i for i, (_, status, _) in enumerate(outcomes) if status == 409]
    if closed:  # once refused, every later save is refused too
        assert all(status == 409 for _, status, _ in outcomes[closed[0] :])
        assert all(body["error"]["code"] == "attempt_closed" for _, s, body in outcomes if s == 409)
    attempt = attempt_row(app, token)
    assert attempt.submitted_at is not None
    with app.app_context():
        latest = db.session.scalar(
            sa.select(sa.func.max(Response.answered_at)).where(Response.attempt_id == attempt.id)
        )
    assert latest is None or latest <= attempt.submitted_at
    # What is stored is exactly what was accepted: the last accepted answer of each item.
    accepted: dict[str, dict[str, Any]] = {}
    for (item_id, status, _), form in zip(outcomes, sent, strict=True):
        if status == 200:
            accepted[item_id] = parsed(item_id, form)
    assert stored(app, token) == accepted
    assert [s.reason for s in snapshots(app, token)] == ["submitted"]


def test_concurrent_saves_of_one_item_never_error_and_last_write_wins(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    item_ids = attempt_row(app, token).item_ids
    html = quiz.page(1)
    headers = {"X-CSRFToken": csrf_from(html), "Accept": "application/json"}
    clients = tabs(app, quiz, 4)
    for number, item_id in enumerate(item_ids[:4], 1):
        url = f"/attempt/{token}/q/{number}/autosave"
        forms = [answer_form(item_id, v) for v in range(4)]
        results = run_together(
            [
                partial(c.post, url, data=f, headers=headers)
                for c, f in zip(clients, forms, strict=True)
            ]
        )
        assert [r.status_code for r in results] == [200] * 4, [r.get_json() for r in results]
        # Exactly one row; its answer is one of those sent. A save after the burst wins.
        saved = stored(app, token)
        assert item_id in saved
        final = answer_form(item_id, 1)
        assert clients[0].post(url, data=final, headers=headers).status_code == 200
        with app.app_context():
            rows = db.session.scalars(
                sa.select(Response)
                .join(Attempt)
                .where(Attempt.token == token, Response.item_id == item_id)
            ).all()
            assert len(rows) == 1
            last = rows[0].answer
        assert last == parsed(item_id, final)
