"""Reminders: to students who have not started or not submitted, naming the bootcamp and the
instructor, the invited-only ones with the join link; one round per assignment every
``REMIND_HOURS`` hours; in the audit log."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Assignment, OrgAudit
from tests.actions import last_mail, link_in, login, mailbox, post_form, rows, start, take
from tests.worlds.people import Enrol, MakeClass


def test_reminders_reach_who_has_not_started_or_submitted(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    take(enrol(klass, "done@example.org"), klass.assignment_id)
    start(enrol(klass, "busy@example.org"), klass.assignment_id)
    enrol(klass, "idle@example.org")
    login(client, "teacher@example.org")
    roster = b"email,name\nnew@example.org,Newt\n"
    post_form(
        client,
        f"/cohorts/{klass.cohort_id}",
        f"/cohorts/{klass.cohort_id}/roster",
        {"roster": (io.BytesIO(roster), "r.csv")},
    )
    url = f"/assignments/{klass.assignment_id}/remind"
    page = client.get(url).get_data(as_text=True)
    not_started = page.split('data-testid="remind-not-started"')[1].split("</ul>")[0]
    assert "idle@example.org" in not_started and "new@example.org" in not_started
    assert "busy@" not in not_started and "done@" not in not_started
    before = len(mailbox(app))
    assert post_form(client, url, url, {"group": "not-submitted"}).status_code == 400
    assert len(mailbox(app)) == before  # no confirm: nothing sent
    resp = post_form(client, url, url, {"group": "not-submitted", "confirm": "yes"})
    assert resp.status_code == 302
    sent = mailbox(app)[before:]
    assert sorted(m["To"] for m in sent) == [
        "busy@example.org",
        "idle@example.org",
        "new@example.org",
    ]
    idle = last_mail(app, "idle@example.org")
    assert idle["Subject"] == "Reminder from Code Camp: Week 1 check"
    assert "Teacher, your instructor at Code Camp, reminds you" in idle.get_content()
    assert link_in(idle) == "/home"
    assert link_in(last_mail(app, "new@example.org")) == f"/join/{klass.join_code}"
    assert rows(app, Assignment)[0].reminded_at is not None
    [line] = [r for r in rows(app, OrgAudit) if r.action == "reminders-sent"]
    assert "3 student(s)" in line.detail
    # One round every few hours: the page says when the next may go, and a POST sends nothing.
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="remind-wait"' in page and "Send the reminders" not in page
    resp = post_form(client, f"/assignments/{klass.assignment_id}", url, {"confirm": "yes"})
    assert resp.status_code == 400 and len(mailbox(app)) == before + 3
