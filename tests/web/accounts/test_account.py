"""The account page: change password, download all my data as one JSON file, delete the
account (its attempts, answers and reports go; cohort views show the student withdrawn)."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Attempt, CohortMember, ReportSnapshot, Response, ShareLink, User
from tests.actions import PASSWORD, login, post_form, rows, take
from tests.support import csrf_from
from tests.worlds.people import Klass, MakeUser


def test_export_holds_account_memberships_attempts_answers_and_reports(
    app: Flask, klass: Klass, student: FlaskClient, teacher: FlaskClient
) -> None:
    token = take(student, klass.assignment_id, "B")
    resp = student.get("/account/export.json")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == "attachment; filename=my-data.json"
    data = json.loads(resp.get_data(as_text=True))
    assert data["account"]["email"] == "sam@example.org"
    assert data["cohorts"][0]["cohort"] == "Spring cohort"
    [attempt] = data["attempts"]
    assert attempt["token"] == token and attempt["submitted_at"]
    saved = rows(app, Response)
    assert sorted(a["item"] for a in attempt["answers"]) == sorted(r.item_id for r in saved)
    assert attempt["reports"][0]["data"]["profile"]["id"] == "junior-backend"
    export = json.loads(teacher.get("/account/export.json").get_data(as_text=True))
    assert export["memberships"] == [
        {"organisation": "Code Camp", "kind": "bootcamp", "role": "owner"}
    ]
    assert export["attempts"] == []


def test_change_password_signs_out_other_devices(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("sam@example.org")
    login(client, "sam@example.org")
    other = app.test_client()
    login(other, "sam@example.org", remember=True)
    wrong = post_form(
        client,
        "/account/",
        "/account/password",
        {"pw-current": "wrong one!!", "pw-password": "n" * 12, "pw-confirm": "n" * 12},
    )
    assert wrong.status_code == 400 and "That is not your current password." in wrong.get_data(
        as_text=True
    )
    ok = post_form(
        client,
        "/account/",
        "/account/password",
        {"pw-current": PASSWORD, "pw-password": "n" * 12, "pw-confirm": "n" * 12},
    )
    assert ok.status_code == 302
    assert client.get("/account/").status_code == 200  # this device stays in
    assert other.get("/account/").status_code == 302  # the other one is out, remember me too
    assert login(app.test_client(), "sam@example.org", "n" * 12).status_code == 302


def test_delete_account_removes_its_data_and_shows_withdrawn(
    app: Flask, klass: Klass, student: FlaskClient, teacher: FlaskClient
) -> None:
    token = take(student, klass.assignment_id, "B")
    page = student.get(f"/attempt/{token}/report").get_data(as_text=True)
    student.post(f"/attempt/{token}/shares", data={"csrf_token": csrf_from(page), "expiry": "7"})
    assert rows(app, ShareLink) and rows(app, ReportSnapshot) and rows(app, Response)
    refused = post_form(
        student, "/account/", "/account/delete", {"del-password": PASSWORD, "del-confirm": "delete"}
    )
    assert refused.status_code == 400 and "Type DELETE in capitals" in refused.get_data(
        as_text=True
    )
    assert len(rows(app, User)) == 2
    done = post_form(
        student, "/account/", "/account/delete", {"del-password": PASSWORD, "del-confirm": "DELETE"}
    )
    assert done.status_code == 302 and done.location == "/"
    assert [u.email for u in rows(app, User)] == ["teacher@example.org"]
    assert rows(app, Attempt) == [] and rows(app, Response) == []
    assert rows(app, ReportSnapshot) == [] and rows(app, ShareLink) == []
    [member] = rows(app, CohortMember)
    assert member.user_id is None and member.email is None and member.withdrawn_at is not None
    assert student.get("/account/").status_code == 302
    board = teacher.get(f"/assignments/{klass.assignment_id}").get_data(as_text=True)
    row = board.split("Sam</th>")[1].split("</tr>")[0]
    assert ">Withdrawn<" in row and "%" not in row
    assert "No student has submitted yet." in board
    drill = teacher.get(f"/assignments/{klass.assignment_id}/students/{member.id}")
    assert "This student has withdrawn; no scores are kept." in drill.get_data(as_text=True)
