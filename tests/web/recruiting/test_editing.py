"""Editing a position: in place while nobody has started; afterwards a scoring change makes
a new version, new candidates take it, and the pipeline shows who took which."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import AuditEntry, Invitation, Position
from tests.actions import consent, post_form, rows
from tests.support import csrf_from
from tests.worlds.hiring import MakeInvitation

ROW = re.compile(r'name="e-requirements-(\d+)-id" type="hidden" value="([^"]+)"')


def _data(html: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf_from(html),
        "e-title": re.search(r'name="e-title"[^>]*value="([^"]*)"', html).group(1),  # type: ignore[union-attr]
        "e-mode": "quick",
        "e-invitation_days": "14",
    }
    for n, req in ROW.findall(html):
        target = re.search(rf'id="e-requirements-{n}-target"[^>]*value="(\d+)"', html)
        weight = re.search(
            rf'id="e-requirements-{n}-weight".*?<option selected value="(\w+)"', html, re.S
        )
        data[f"e-requirements-{n}-id"] = req
        data[f"e-requirements-{n}-weight"] = weight.group(1) if weight else "should"
        data[f"e-requirements-{n}-target"] = target.group(1) if target else "60"
    data.update(changes)
    return data


def _position(app: Flask) -> Position:
    (position,) = rows(app, Position)
    return position


def test_edit_in_place_while_nobody_started_then_versions(
    app: Flask,
    recruiter: FlaskClient,
    position_id: int,
    make_invitation: MakeInvitation,
) -> None:
    page = f"/recruit/positions/{position_id}/edit"
    html = recruiter.get(page).get_data(as_text=True)
    assert "Nobody has started yet" in html
    first_id = ROW.findall(html)[0][1]
    resp = recruiter.post(
        page,
        data=_data(
            html,
            **{"e-title": "Backend engineer (payments)", "e-requirements-0-target": "77"},
        ),
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    position = _position(app)
    assert position.title == "Backend engineer (payments)" and position.version == 1
    assert {r["id"]: r["target"] for r in position.requirements}[first_id] == 77

    early = make_invitation(position_id, "early@example.com")
    consent(app.test_client(), early)  # a candidate starts version 1
    html = recruiter.get(page).get_data(as_text=True)
    assert 'data-testid="version-note"' in html
    # A title alone is no new version; a weight is.
    recruiter.post(page, data=_data(html, **{"e-title": "Payments backend engineer"}))
    assert _position(app).version == 1
    html = recruiter.get(page).get_data(as_text=True)
    recruiter.post(page, data=_data(html, **{"e-requirements-0-weight": "nice"}))
    assert _position(app).version == 2
    late = make_invitation(position_id, "late@example.com")
    consent(app.test_client(), late)
    versions = sorted((i.email, i.position_version) for i in rows(app, Invitation))
    assert versions == [("early@example.com", 1), ("late@example.com", 2)]
    pipeline = recruiter.get(f"/recruit/positions/{position_id}/pipeline").get_data(as_text=True)
    assert "took version 1" in pipeline and "took version 2" in pipeline
    assert [e.action for e in rows(app, AuditEntry) if e.action.startswith("position")] == [
        "position.edited"
    ] * 3


def test_add_a_requirement_and_refuse_an_empty_list(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}/edit"
    html = recruiter.get(page).get_data(as_text=True)
    added = recruiter.post(page, data=_data(html, **{"e-add_title": "degree", "add": "1"}))
    body = added.get_data(as_text=True)
    assert added.status_code == 200 and ROW.findall(body)[-1][1] == "career-education"
    assert recruiter.post(page, data=_data(body)).status_code == 302
    assert "career-education" in {r["id"] for r in _position(app).requirements}
    html = recruiter.get(page).get_data(as_text=True)
    removed = {f"e-requirements-{n}-remove": "y" for n, _ in ROW.findall(html)}
    resp = recruiter.post(page, data=_data(html, **removed))
    assert resp.status_code == 400 and "Keep at least one requirement" in resp.get_data(
        as_text=True
    )


def test_every_change_to_a_position_writes_an_audit_line(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": "a@x.org", "paste-days": "3"}
    )
    post_form(recruiter, page, f"{page}/remind", {})
    post_form(recruiter, page, f"{page}/public-link", {"enable": "1"})
    post_form(recruiter, page, f"{page}/close", {})
    actions = [(e.action, e.subject) for e in rows(app, AuditEntry)]
    subject = f"position:{position_id}"
    assert actions == [
        ("invitations.sent", subject),
        ("invitations.reminded", subject),
        ("position.public_link", subject),
        ("position.closed", subject),
    ]
    assert all(e.actor_name == "Rita Recruiter" for e in rows(app, AuditEntry))


def test_a_title_typed_in_the_add_field_is_added_not_saved_past(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}/edit"
    html = recruiter.get(page).get_data(as_text=True)
    assert 'form="requirements-form"' in html.split('id="add-title"', 1)[1]
    before = _position(app).requirements
    # Enter in the add field submits the form with its default (Save) button.
    resp = recruiter.post(page, data=_data(html, **{"e-add_title": "degree"}))
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200 and ROW.findall(body)[-1][1] == "career-education"
    assert _position(app).requirements == before  # nothing saved yet
