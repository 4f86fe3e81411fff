"""The instructor's view of a student's answers, with a feedback comment the student reads on
their report; opening the answers is logged as a report view; every save audited."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import AttemptFeedback, CohortMember, OrgAudit, ReportView
from tests.actions import login, post_form, rows, take
from tests.worlds.people import Enrol, MakeClass


def test_answers_and_feedback(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    token = take(student, klass.assignment_id)
    [member] = rows(app, CohortMember)
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/students/{member.id}/answers"
    page = client.get(url).get_data(as_text=True)
    assert page.count("<dt>Their answer</dt>") == 8 and "<dt>Correct answer</dt>" in page
    [view] = rows(app, ReportView)
    assert view.viewer_name == "Teacher" and "answers on Week 1 check" in view.context
    too_long = post_form(client, url, url, {"text": "x" * 4001})
    assert too_long.status_code == 400 and "under 4,000 characters" in too_long.get_data(
        as_text=True
    )
    assert rows(app, AttemptFeedback) == []
    resp = post_form(client, url, url, {"text": "Good SQL.\nRevisit constraints."})
    assert resp.status_code == 302
    report = student.get(f"/attempt/{token}/report").get_data(as_text=True)
    assert "Feedback from your instructor" in report
    assert "Good SQL.\nRevisit constraints." in report and "Teacher," in report
    post_form(client, url, url, {"text": "  "})
    assert rows(app, AttemptFeedback) == []
    assert "Feedback from your instructor" not in student.get(f"/attempt/{token}/report").get_data(
        as_text=True
    )
    actions = [r.action for r in rows(app, OrgAudit)]
    assert actions == ["feedback-saved", "feedback-removed"]
