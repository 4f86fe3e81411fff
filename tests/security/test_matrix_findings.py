"""What the authorization matrix found beyond access rules, each fixed with its own test."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Position
from tests.actions import login, rows
from tests.support import csrf_from
from tests.worlds.hiring import MakeCompany


def test_saving_a_proposal_without_its_job_description_asks_to_paste_it_again(
    app: Flask, client: FlaskClient, make_company: MakeCompany
) -> None:
    company = make_company()
    login(client, company.email)
    new = f"/recruit/orgs/{company.org_id}/positions/new"
    token = csrf_from(client.get(new).get_data(as_text=True))
    save = f"/recruit/orgs/{company.org_id}/positions/from-jd/save"
    for data in ({"csrf_token": token}, {"csrf_token": token, "r-text": "", "r-title": "PHP"}):
        resp = client.post(save, data=data)  # the hidden text was lost or tampered with
        assert resp.status_code == 302 and resp.location == new
        page = client.get(new).get_data(as_text=True)
        assert "The job description did not come through; paste it again." in page
    assert rows(app, Position) == []
