"""A candidate's page in the pipeline (notes, decision, audit log, the report only when the
invitation allows it, answers only when the position says so) and the comparison page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quiz.extensions import db
from quiz.models import CandidateDecision, CandidateNote, Invitation, PipelineAudit, Position
from quiz.models.recruiting import hash_token
from tests.actions import login, rows
from tests.support import QuizClient, csrf_from
from tests.worlds.hiring import NOW, World


def _post(
    client: FlaskClient, invitation_id: int, action: str, data: dict[str, str]
) -> TestResponse:
    page = client.get(f"/recruit/candidates/{invitation_id}").get_data(as_text=True)
    return client.post(
        f"/recruit/candidates/{invitation_id}/{action}",
        data={"csrf_token": csrf_from(page), **data},
    )


def test_notes_and_decisions_are_audited(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    ana = pipeline_world.candidates["Ana"]
    login(client, "rec@example.com")
    resp = _post(client, ana, "notes", {"note-body": "  Strong SQL, ask about REST.  "})
    assert resp.status_code == 302
    for decision in ("hold", "advance", "advance"):
        assert _post(client, ana, "decision", {"decision-decision": decision}).status_code == 302
    notes = rows(app, CandidateNote, CandidateNote.invitation_id == ana)
    assert [(n.body, n.author_id, n.author_name) for n in notes] == [
        ("Strong SQL, ask about REST.", pipeline_world.recruiter_id, "Rita Recruiter")
    ]
    (decision,) = rows(app, CandidateDecision, CandidateDecision.invitation_id == ana)
    assert (decision.decision, decision.decided_by) == ("advance", pipeline_world.recruiter_id)
    audit = rows(app, PipelineAudit, PipelineAudit.invitation_id == ana)
    # Setting the same decision again records nothing.
    assert [(a.action, a.detail, a.actor_id, a.actor_name) for a in audit] == [
        (
            "note",
            "Added a note: Strong SQL, ask about REST.",
            pipeline_world.recruiter_id,
            "Rita Recruiter",
        ),
        ("decision", "Decision set to Hold", pipeline_world.recruiter_id, "Rita Recruiter"),
        (
            "decision",
            "Decision changed from Hold to Advance",
            pipeline_world.recruiter_id,
            "Rita Recruiter",
        ),
    ]
    assert all(a.created_at is not None for a in audit)
    html = client.get(f"/recruit/candidates/{ana}").get_data(as_text=True)
    assert "Strong SQL, ask about REST." in html
    assert html.count("<td>Rita Recruiter</td>") == 3
    assert "Decision changed from Hold to Advance" in html
    assert 'data-testid="decision">Advance</dd>' in html


def test_bad_note_or_decision_is_refused_with_a_message(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    ana = pipeline_world.candidates["Ana"]
    login(client, "rec@example.com")
    resp = _post(client, ana, "notes", {"note-body": "   "})
    assert resp.status_code == 400
    assert "Write the note before adding it." in resp.get_data(as_text=True)
    resp = _post(client, ana, "notes", {"note-body": "x" * 2001})
    assert "at most 2000 characters" in resp.get_data(as_text=True)
    resp = _post(client, ana, "decision", {"decision-decision": "hire"})
    assert resp.status_code == 400
    assert "Not a valid choice" in resp.get_data(as_text=True)
    # Without the CSRF token nothing is written either.
    resp = client.post(f"/recruit/candidates/{ana}/notes", data={"note-body": "sneaky"})
    assert resp.status_code == 400
    assert rows(app, CandidateNote) == [] and rows(app, PipelineAudit) == []
    assert rows(app, CandidateDecision) == []


def test_other_companies_cannot_read_or_write(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    ana = pipeline_world.candidates["Ana"]
    login(client, "rec@example.com")
    page = client.get(f"/recruit/candidates/{ana}").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    login(client, "out@example.com")
    assert client.get(f"/recruit/candidates/{ana}").status_code == 404
    theirs = client.get(f"/recruit/positions/{pipeline_world.other_position_id}/pipeline")
    token = csrf_from(theirs.get_data(as_text=True))
    for action, data in (
        ("notes", {"note-body": "x"}),
        ("decision", {"decision-decision": "reject"}),
    ):
        resp = client.post(
            f"/recruit/candidates/{ana}/{action}", data={"csrf_token": token, **data}
        )
        assert resp.status_code == 404
    assert client.get("/recruit/candidates/999999").status_code == 404
    assert rows(app, PipelineAudit) == [] and rows(app, CandidateDecision) == []


def test_report_only_when_the_invitation_allows(client: FlaskClient, pipeline_world: World) -> None:
    login(client, "rec@example.com")
    html = client.get(f"/recruit/candidates/{pipeline_world.candidates['Ana']}").get_data(
        as_text=True
    )
    assert "Shared with Acme for the position Backend engineer" in html
    assert "Gap report" in html and 'data-testid="readiness"' in html
    assert "Individual answers" not in html and "/review" not in html
    for name, reason in (("Cal", "withdrew"), ("Dee", "not consented"), ("Fay", "not consented")):
        html = client.get(f"/recruit/candidates/{pipeline_world.candidates[name]}").get_data(
            as_text=True
        )
        assert reason in html, name
        assert "Gap report" not in html and 'data-testid="readiness"' not in html, name


def test_answers_only_when_the_position_says_so(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    quiz = QuizClient(client)
    quiz.start()
    first = quiz.page(1)
    quiz.submit()
    with app.app_context():
        from quiz.models import Attempt

        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == quiz.token))
        assert attempt is not None and attempt.submitted_at is not None
        inv = Invitation(
            position_id=pipeline_world.position_id,
            name="Hal",
            token_hash=hash_token("hal"),
            expires_at=NOW,
            consented_at=NOW,
            attempt_id=attempt.id,
        )
        db.session.add(inv)
        db.session.commit()
        hal = inv.id
    login(client, "rec@example.com")
    html = client.get(f"/recruit/candidates/{hal}").get_data(as_text=True)
    assert "Gap report" in html and "Individual answers" not in html
    with app.app_context():
        position = db.session.get(Position, pipeline_world.position_id)
        assert position is not None
        position.answers_visible = True
        db.session.commit()
    # Turning answers on later does not widen what Hal consented to...
    html = client.get(f"/recruit/candidates/{hal}").get_data(as_text=True)
    assert "Individual answers" not in html
    with app.app_context():
        held = db.session.get(Invitation, hal)
        assert held is not None
        held.answers_consented = True  # ...until Hal agrees to it
        db.session.commit()
    html = client.get(f"/recruit/candidates/{hal}").get_data(as_text=True)
    assert "Individual answers" in html and "not answered" in html
    stem = first.split('class="stem">', 1)[1].split("<", 1)[0].strip()
    assert stem and stem in html


def _compare(client: FlaskClient, world: World, *names: str) -> tuple[int, str]:
    query = "&".join(f"candidate={world.candidates.get(n, n)}" for n in names)
    resp = client.get(f"/recruit/positions/{world.position_id}/compare?{query}")
    return resp.status_code, resp.get_data(as_text=True)


def _cell(html: str, requirement: str) -> str:
    return html.split(f'data-requirement="{requirement}"', 1)[1].split("</tr>", 1)[0]


def test_comparison_says_where_the_data_cannot_rank(
    client: FlaskClient, pipeline_world: World
) -> None:
    login(client, "rec@example.com")
    status, html = _compare(client, pipeline_world, "Ana", "Ben")
    assert status == 200
    sql = _cell(html, "sql-querying")
    assert '80% <span class="muted">(70–90%)</span>' in sql
    assert "The data cannot rank Ana and Ben on this requirement." in sql
    assert "is ahead of" not in sql
    rest = _cell(html, "api-rest-design")
    assert "Ana is ahead of Ben on this requirement (the intervals do not overlap)." in rest
    assert "Ana was not assessed on this requirement" in _cell(html, "soft-communication")
    # A withdrawn candidate is left out, named, with no scores.
    status, html = _compare(client, pipeline_world, "Ana", "Ben", "Cal")
    assert status == 200 and "Left out, with no result you may see:" in html
    assert "Cal (withdrawn)" in html and '<th scope="col">Cal</th>' not in html


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (("Ana",), "Choose 2 to 4 candidates to compare."),
        (("Ana", "Ana"), "Choose 2 to 4 candidates to compare."),
        (("Ana", "Ben", "Cal", "Dee", "Eve"), "Choose 2 to 4 candidates to compare."),
        (("Ana", "x"), "Choose candidates from the table."),
        (("Ana", "Cal"), "At least two of the chosen candidates need a result you may see"),
    ],
)
def test_comparison_refuses_a_bad_choice(
    client: FlaskClient, pipeline_world: World, names: tuple[str, ...], message: str
) -> None:
    login(client, "rec@example.com")
    status, html = _compare(client, pipeline_world, *names)
    assert status == 400 and message in html


def test_comparison_of_another_positions_candidate_is_404(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    with app.app_context():
        zed = db.session.scalar(sa.select(Invitation.id).where(Invitation.name == "Zed"))
    login(client, "rec@example.com")
    status, _ = _compare(client, pipeline_world, "Ana", str(zed))
    assert status == 404


def test_retention_purge_takes_notes_decisions_and_audit_along(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    from datetime import timedelta

    from quiz.recruiting.retention import purge

    ana = pipeline_world.candidates["Ana"]
    login(client, "rec@example.com")
    assert _post(client, ana, "notes", {"note-body": "Keep?"}).status_code == 302
    assert _post(client, ana, "decision", {"decision-decision": "hold"}).status_code == 302
    assert len(rows(app, PipelineAudit)) == 2
    with app.app_context():
        purge(NOW + timedelta(days=365))
        db.session.commit()
    assert rows(app, Invitation, Invitation.id == ana) == []
    assert rows(app, CandidateNote) == [] and rows(app, CandidateDecision) == []
    assert rows(app, PipelineAudit) == []
