"""The quiz end to end through the API: start, read questions, answer, submit, report."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Attempt, ReportSnapshot, Response
from tests.actions import login, rows
from tests.api.helpers import Api, UserWithToken, error_of
from tests.support import QuizClient


def _answer_for(question: dict[str, object]) -> dict[str, object]:
    item = question["item"]
    assert isinstance(item, dict)
    assert "answer" not in item and "explanation" not in item  # never the key
    options = [o["id"] for o in item.get("options", [])]
    if item["type"] == "ordering":
        return {"fields": {f"position-{o}": [str(i)] for i, o in enumerate(options, 1)}}
    if item["type"] == "true_false":
        return {"fields": {"answer": ["true"]}}
    if item["type"] == "short_answer":
        return {"fields": {"answer": ["42"]}}
    if item["type"] == "multiple_select":
        return {"fields": {"answer": options[:2]}}
    return {"fields": {"answer": options[:1]}}


def test_take_a_quiz_through_the_api(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    uid, token = user_with_token()
    api = Api(client, token)
    started = api.post("/attempts", {"profile_id": "junior-backend", "mode": "quick"})
    assert started.status_code == 201, started.get_data(as_text=True)
    attempt = started.get_json()
    assert attempt["question_count"] == 8 and attempt["current_question"] == 1
    assert "Set-Cookie" not in started.headers
    path = f"/attempts/{attempt['token']}"
    for number in range(1, attempt["question_count"] + 1):
        question = api.get(f"{path}/questions/current").get_json()
        assert question["number"] == number
        saved = api.put(f"{path}/questions/{number}/answer", _answer_for(question))
        assert saved.status_code == 200, saved.get_data(as_text=True)
        assert saved.get_json() == {"saved": True, "answered": True}
    done = error_of(api.get(f"{path}/questions/current"))
    assert done["code"] == "all_answered"
    assert error_of(api.get(f"{path}/report"))["code"] == "not_submitted"
    submitted = api.post(f"{path}/submit")
    assert submitted.status_code == 200 and submitted.get_json()["submitted_at"]
    again = api.post(f"{path}/submit")
    assert again.status_code == 409 and error_of(again)["code"] == "attempt_closed"
    late = api.put(f"{path}/questions/1/answer", {"dont_know": True})
    assert late.status_code == 409
    report = api.get(f"{path}/report")
    assert report.status_code == 200
    body = report.get_json()
    [snapshot] = rows(app, ReportSnapshot)
    assert body["snapshot_id"] == snapshot.id and body["data"] == snapshot.data
    [row] = rows(app, Attempt)
    assert row.user_id == uid and row.submitted_at is not None
    assert len(rows(app, Response)) == attempt["question_count"]


def test_bad_answer_is_422_with_code_and_nothing_saved(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token()
    api = Api(client, token)
    attempt = api.post("/attempts", {"profile_id": "junior-backend"}).get_json()
    path = f"/attempts/{attempt['token']}/questions"
    numbers = range(1, attempt["question_count"] + 1)
    questions = [api.get(f"{path}/{n}").get_json() for n in numbers]
    chosen = [q for q in questions if q["item"]["type"] in {"single_choice", "multiple_select"}]
    assert chosen, "the fixture bank always draws a choice question"
    bad = api.put(f"{path}/{chosen[0]['number']}/answer", {"fields": {"answer": ["no-such"]}})
    assert bad.status_code == 422
    assert error_of(bad)["code"] == "invalid_answer"
    assert rows(app, Response) == []


def test_unknown_profile_and_bad_mode_are_422(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token()
    api = Api(client, token)
    unknown = api.post("/attempts", {"profile_id": "astronaut"})
    assert unknown.status_code == 422 and error_of(unknown)["code"] == "unknown_profile"
    mode = api.post("/attempts", {"profile_id": "junior-backend", "mode": "forever"})
    error = error_of(mode)
    assert mode.status_code == 422 and error["code"] == "validation_failed"
    assert error["details"][0]["loc"] == ["mode"]
    assert rows(app, Attempt) == []


def test_question_numbers_outside_the_attempt_are_404(
    client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token()
    api = Api(client, token)
    attempt = api.post("/attempts", {"profile_id": "junior-backend"}).get_json()
    for number in (0, 99):
        resp = api.get(f"/attempts/{attempt['token']}/questions/{number}")
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"


def test_an_adaptive_quick_check_continues_through_the_api(
    app: Flask, user_with_token: UserWithToken
) -> None:
    """An adaptive attempt started on the web page by an account: the API answers its current
    question only, and each answer adds the next chosen question."""
    app.config["ADAPTIVE_QUICK_CHECK"] = True
    uid, token = user_with_token()
    web = app.test_client()
    login(web, "api@example.org")
    QuizClient(web).start()
    [attempt] = rows(app, Attempt)
    assert attempt.adaptive and attempt.user_id == uid and len(attempt.item_ids) == 1
    api = Api(app.test_client(), token)
    path = f"/attempts/{attempt.token}"
    first = api.get(f"{path}/questions/current").get_json()
    assert first["number"] == 1 and first["total"] == 20
    assert api.put(f"{path}/questions/1/answer", {"dont_know": True}).status_code == 200
    [attempt] = rows(app, Attempt)
    assert len(attempt.item_ids) == 2
    assert api.get(f"{path}/questions/current").get_json()["number"] == 2
    final = api.put(f"{path}/questions/1/answer", _answer_for(first))
    assert final.status_code == 409 and error_of(final)["code"] == "answer_final"
    assert api.get(path).get_json()["question_count"] == 2
