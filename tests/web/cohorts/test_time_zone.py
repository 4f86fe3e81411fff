"""The organisation's time zone: dates entered and shown in it, the zone named on every date,
stored in UTC; an unknown zone refused."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Assignment, Organisation, OrgAudit
from tests.actions import login, post_form, rows
from tests.worlds.people import Enrol, MakeClass


def test_dates_are_entered_and_shown_in_the_organisation_zone(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    login(client, "teacher@example.org")
    org = f"/orgs/{klass.org_id}"
    resp = post_form(client, org, f"{org}/time-zone", {"time_zone": "Mars/Olympus"})
    assert resp.status_code == 400 and "Choose a time zone from the list." in resp.get_data(
        as_text=True
    )
    assert rows(app, Organisation)[0].time_zone == "UTC"
    post_form(client, org, f"{org}/time-zone", {"time_zone": "Europe/Paris"})
    assert rows(app, Organisation)[0].time_zone == "Europe/Paris"
    assert "in Europe/Paris" in client.get(org).get_data(as_text=True)
    url = f"/assignments/{klass.assignment_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Due (Europe/Paris)" in page and "Opens (Europe/Paris)" in page
    form = {
        "title": "Week 1 check",
        "profile": "junior-backend",
        "mode": "quick",
        "source": "ours",
        "attempt_limit": "1",
        "due_at": "2031-01-15T10:00",
    }
    assert post_form(client, url, url, form).status_code == 302
    [assignment] = rows(app, Assignment)
    assert assignment.due_at == datetime(2031, 1, 15, 9, 0, tzinfo=UTC)  # CET is UTC+1
    assert 'value="2031-01-15T10:00"' in client.get(url).get_data(as_text=True)
    shown = "2031-01-15 10:00 Europe/Paris"
    assert shown in client.get(f"/assignments/{klass.assignment_id}").get_data(as_text=True)
    assert shown in client.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    assert shown in student.get("/home").get_data(as_text=True)
    assert "time-zone-set" in [r.action for r in rows(app, OrgAudit)]
