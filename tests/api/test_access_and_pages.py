"""The same access rules as the pages: another person's attempt and another organisation's
cohorts and assignments answer 404; lists are paginated with an opaque cursor."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.cohorts import roster
from quiz.extensions import db
from quiz.models import Organisation, User
from tests.actions import join, login, signup, take
from tests.api.helpers import Api, MakeToken, UserWithToken, error_of
from tests.worlds.people import MakeClass


def test_another_persons_attempt_is_404(
    client: FlaskClient, user_with_token: UserWithToken
) -> None:
    mine = Api(client, user_with_token("a@example.org")[1])
    theirs = Api(client, user_with_token("b@example.org")[1])
    token = mine.post("/attempts", {"profile_id": "junior-backend"}).get_json()["token"]
    for path in ("", "/questions/1", "/questions/current", "/report"):
        resp = theirs.get(f"/attempts/{token}{path}")
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", path
    assert theirs.post(f"/attempts/{token}/submit").status_code == 404
    assert mine.get(f"/attempts/{token}").status_code == 200


def test_other_organisations_cohorts_are_404(
    client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    ours = make_class("ours@example.org")
    theirs = make_class("theirs@example.org")
    api = Api(client, make_token(ours.instructor_id))
    listed = api.get("/cohorts").get_json()
    assert [c["id"] for c in listed["items"]] == [ours.cohort_id]
    assert api.get(f"/cohorts/{ours.cohort_id}").get_json()["join_code"] == ours.join_code
    for path in (
        f"/cohorts/{theirs.cohort_id}",
        f"/cohorts/{theirs.cohort_id}/assignments",
        f"/assignments/{theirs.assignment_id}",
        f"/assignments/{theirs.assignment_id}/results",
    ):
        resp = api.get(path)
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", path


def test_a_student_sees_no_cohorts(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    signup(client, app, "Sam", "sam@example.org")
    join(client, klass.join_code)
    with app.app_context():
        sam = db.session.scalar(sa.select(User.id).where(User.email == "sam@example.org"))
    api = Api(app.test_client(), make_token(int(sam)))
    assert api.get("/cohorts").get_json() == {"items": [], "next_cursor": None}
    assert api.get(f"/cohorts/{klass.cohort_id}").status_code == 404


def test_assignment_results_show_a_submitted_student(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    signup(client, app, "Sam", "sam@example.org")
    join(client, klass.join_code)
    take(client, klass.assignment_id)
    api = Api(app.test_client(), make_token(klass.instructor_id))
    assignments = api.get(f"/cohorts/{klass.cohort_id}/assignments").get_json()
    assert [a["id"] for a in assignments["items"]] == [klass.assignment_id]
    results = api.get(f"/assignments/{klass.assignment_id}/results").get_json()
    [row] = results["items"]
    assert row["name"] == "Sam" and row["submitted_at"] is not None
    assert 0 <= row["readiness"] <= 100 and results["submitted"] == 1


def test_cursor_pagination_walks_every_row_once(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    with app.app_context():
        org = db.session.get(Organisation, klass.org_id)
        made = [roster.create_cohort(org, f"Cohort {n}").id for n in range(4)]
    api = Api(client, make_token(klass.instructor_id))
    seen, cursor, pages = [], None, 0
    while True:
        query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(f"/cohorts{query}").get_json()
        assert len(page["items"]) <= 2
        seen += [c["id"] for c in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted([klass.cohort_id, *made]) and pages == 3


def test_attempts_and_profiles_paginate(
    client: FlaskClient, user_with_token: UserWithToken
) -> None:
    api = Api(client, user_with_token()[1])
    tokens = [
        api.post("/attempts", {"profile_id": "junior-backend"}).get_json()["token"]
        for _ in range(3)
    ]
    first = api.get("/attempts?limit=2").get_json()
    second = api.get(f"/attempts?limit=2&cursor={first['next_cursor']}").get_json()
    listed = [a["token"] for a in first["items"] + second["items"]]
    assert listed == tokens[::-1] and second["next_cursor"] is None
    profiles = api.get("/profiles?limit=1").get_json()
    assert len(profiles["items"]) == 1
    cursor = profiles["next_cursor"]
    rest = api.get(f"/profiles?limit=100&cursor={cursor}").get_json() if cursor else None
    ids = [p["id"] for p in profiles["items"] + (rest["items"] if rest else [])]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    one = api.get(f"/profiles/{ids[0]}").get_json()
    assert one["requirements"] and all(0 <= r["target"] <= 100 for r in one["requirements"])


def test_logged_in_pages_still_work_beside_the_api(
    client: FlaskClient, make_class: MakeClass
) -> None:
    klass = make_class()
    assert login(client, "teacher@example.org").status_code == 302
    assert client.get(f"/cohorts/{klass.cohort_id}").status_code in {200, 302}
