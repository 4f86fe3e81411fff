"""Positions and their pipeline through the API: the pipeline page's rows, scores only for
visible results, recruiters of the company only, the scope, and cursor pagination."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import CandidateDecision
from tests.api.helpers import Api, MakeToken, error_of
from tests.worlds.hiring import World
from tests.worlds.people import MakeUser


def _api(make_token: MakeToken, client: FlaskClient, user_id: int, *scopes: str) -> Api:
    return Api(client, make_token(user_id, scopes or ("positions:read",)))


def test_positions_list_and_detail(
    client: FlaskClient, pipeline_world: World, make_token: MakeToken
) -> None:
    api = _api(make_token, client, pipeline_world.recruiter_id)
    listed = api.get("/positions").get_json()
    assert [p["id"] for p in listed["items"]] == [pipeline_world.position_id]
    assert listed["items"][0]["organisation_name"] == "Acme" and listed["next_cursor"] is None
    one = api.get(f"/positions/{pipeline_world.position_id}").get_json()
    assert one["title"] == "Backend engineer" and one["profile_id"] == "junior-backend"
    assert [(r["id"], r["weight"], r["target"]) for r in one["requirements"]] == [
        ("sql-querying", "must", 60),
        ("api-rest-design", "must", 60),
        ("sql-integrity", "should", 50),
        ("soft-communication", "nice", 50),
    ]
    assert one["requirements"][1]["title"] == "Designing RESTful APIs"
    assert one["settings"]["mode"] == "quick" and one["settings"]["public_link"] is False


def test_pipeline_rows_match_the_page(
    app: Flask, client: FlaskClient, pipeline_world: World, make_token: MakeToken
) -> None:
    with app.app_context():
        db.session.add(
            CandidateDecision(invitation_id=pipeline_world.candidates["Ana"], decision="advance")
        )
        db.session.commit()
    api = _api(make_token, client, pipeline_world.recruiter_id)
    body = api.get(f"/positions/{pipeline_world.position_id}/pipeline").get_json()
    rows = {r["name"]: r for r in body["items"]}
    assert body["next_cursor"] is None and len(rows) == 8
    assert {n: r["status"] for n, r in rows.items()} == {
        "Ana": "submitted",
        "Ben": "submitted",
        "Cal": "withdrawn",
        "Dee": "invited",
        "Eve": "expired",
        "=HYPERLINK(1)": "invited",
        "Gus": "declined",
        "Fay": "started",
    }
    ana, ben, cal = rows["Ana"], rows["Ben"], rows["Cal"]
    assert ana["decision"] == "advance" and ben["decision"] is None
    assert ana["readiness"]["low"] <= ana["readiness"]["mean"] <= ana["readiness"]["high"]
    assert ana["readiness"]["mean"] > ben["readiness"]["mean"]
    assert ana["time_taken_seconds"] == 25 * 60 and ben["time_taken_seconds"] == 40 * 60
    assert ben["top_gaps"] == [
        "Designing RESTful APIs",
        "Data integrity and constraints",
        "Communicating technical ideas",
    ]
    assert ana["submitted_at"] is not None
    # Withdrawn: no scores at all, though the attempt and its snapshot still exist.
    assert cal["readiness"] is None and cal["top_gaps"] == []
    assert cal["time_taken_seconds"] is None and cal["submitted_at"] is None
    assert all(rows[n]["readiness"] is None for n in rows if n not in {"Ana", "Ben"})


def test_pipeline_is_paginated_in_invitation_order(
    client: FlaskClient, pipeline_world: World, make_token: MakeToken
) -> None:
    api = _api(make_token, client, pipeline_world.recruiter_id)
    seen: list[int] = []
    cursor = ""
    pages = 0
    while True:
        query = f"?limit=3&cursor={cursor}" if cursor else "?limit=3"
        body = api.get(f"/positions/{pipeline_world.position_id}/pipeline{query}").get_json()
        assert len(body["items"]) <= 3
        seen += [r["invitation_id"] for r in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3 and seen == sorted(pipeline_world.candidates.values())
    bad = api.get(f"/positions/{pipeline_world.position_id}/pipeline?cursor=nonsense")
    assert bad.status_code == 400 and error_of(bad)["code"] == "invalid_cursor"


def test_another_company_and_non_recruiters_get_404(
    client: FlaskClient, pipeline_world: World, make_user: MakeUser, make_token: MakeToken
) -> None:
    api = _api(make_token, client, pipeline_world.recruiter_id)
    for path in (
        f"/positions/{pipeline_world.other_position_id}",
        f"/positions/{pipeline_world.other_position_id}/pipeline",
    ):
        resp = api.get(path)
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", path
    outsider = _api(make_token, client, pipeline_world.outsider_id)
    assert [p["id"] for p in outsider.get("/positions").get_json()["items"]] == [
        pipeline_world.other_position_id
    ]
    assert outsider.get(f"/positions/{pipeline_world.position_id}/pipeline").status_code == 404
    nobody = _api(make_token, client, make_user("nobody@example.org"))
    assert nobody.get("/positions").get_json() == {"items": [], "next_cursor": None}
    assert nobody.get(f"/positions/{pipeline_world.position_id}").status_code == 404


def test_positions_need_their_scope(
    client: FlaskClient, pipeline_world: World, make_token: MakeToken
) -> None:
    api = _api(make_token, client, pipeline_world.recruiter_id, "profiles:read", "webhooks:write")
    for path in (
        "/positions",
        f"/positions/{pipeline_world.position_id}",
        f"/positions/{pipeline_world.position_id}/pipeline",
    ):
        resp = api.get(path)
        assert resp.status_code == 403, path
        error = error_of(resp)
        assert error["code"] == "insufficient_scope"
        assert error["details"] == {"required_scope": "positions:read"}
