"""The matrix's world is what the matrix assumes: the recruiter of the other company is a real
recruiter with a position of their own, and company X's position holds A's submitted result
and a pending invitation. Without this, a 404 in the matrix could mean "no such thing". And
an API token is no key to the pages, and stops working once revoked."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from quiz.extensions import db
from quiz.models import ApiToken, Invitation, User
from tests.security.world import (
    CANDIDATE_A,
    EMAILS,
    OTHER_RECRUITER,
    RECRUITER_X,
    MatrixWorld,
    client_of,
)


def test_each_recruiter_sees_their_own_company_only(app: Flask, matrix_world: MatrixWorld) -> None:
    world = matrix_world(OTHER_RECRUITER)
    hiring = world.hiring
    other, _ = client_of(app, world, OTHER_RECRUITER)
    own = other.get(f"/recruit/positions/{hiring.z_position_id}")
    assert own.status_code == 200 and "Data engineer at Hire Co" in own.get_data(as_text=True)
    assert other.get(f"/recruit/positions/{hiring.position_id}").status_code == 404
    recruiter, _ = client_of(app, world, RECRUITER_X)
    page = recruiter.get(f"/recruit/positions/{hiring.position_id}").get_data(as_text=True)
    assert "Backend engineer at Acme" in page
    assert page.count("<td>Submitted</td>") == 1 and page.count("<td>Invited</td>") == 1
    assert recruiter.get(f"/recruit/positions/{hiring.z_position_id}").status_code == 404
    with app.app_context():
        a_id = db.session.scalar(sa.select(User.id).where(User.email == EMAILS[CANDIDATE_A]))
        mine = db.session.get(Invitation, hiring.a_invitation_id)
        assert mine is not None and mine.user_id == a_id and mine.consented_at is not None
        assert mine.attempt is not None and mine.attempt.token == hiring.a_recruit_token
        assert mine.attempt.is_submitted


def test_an_api_token_signs_in_no_page_and_a_revoked_one_no_call(
    app: Flask, matrix_world: MatrixWorld
) -> None:
    world = matrix_world(CANDIDATE_A)
    secret = world.integrations.api_secrets[CANDIDATE_A]
    bearer = {"Authorization": f"Bearer {secret}"}
    stranger = app.test_client()
    resp = stranger.get("/account/", headers=bearer)
    assert resp.status_code == 302 and resp.location.startswith("/login")
    assert stranger.get(f"/attempt/{world.a_token}/report", headers=bearer).status_code == 404
    assert stranger.get(f"/api/v1/attempts/{world.a_token}", headers=bearer).status_code == 200
    a_client, csrf = client_of(app, world, CANDIDATE_A)
    with app.app_context():
        a_id = sa.select(User.id).where(User.email == EMAILS[CANDIDATE_A]).scalar_subquery()
        token_id = db.session.scalar(
            sa.select(ApiToken.id).where(ApiToken.name == "matrix", ApiToken.user_id == a_id)
        )
    resp = a_client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})
    assert resp.status_code == 302
    resp = stranger.get(f"/api/v1/attempts/{world.a_token}", headers=bearer)
    assert resp.status_code == 401 and resp.json is not None
    assert resp.json["error"]["code"] == "invalid_token"
