"""Smaller things on the screening pages: no decision is shown before one is made, and the
pipeline page is laid out wide enough for all its columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import AttemptEvent, Invitation, Position
from tests.actions import post_form
from tests.worlds.hiring import ANA, BEN, REQUIREMENTS


def test_the_decision_control_says_no_decision_until_one_is_made(
    recruiter: FlaskClient, position_id: int, make_candidate: Callable[..., int]
) -> None:
    ivy = make_candidate(position_id, "Ivy")
    page = f"/recruit/candidates/{ivy}"
    html = recruiter.get(page).get_data(as_text=True)
    assert '<option selected value="">No decision yet</option>' in html
    resp = post_form(recruiter, page, f"{page}/decision", {"decision-decision": ""})
    assert resp.status_code == 400 and "Choose a decision to save." in resp.get_data(as_text=True)
    post_form(recruiter, page, f"{page}/decision", {"decision-decision": "advance"})
    html = recruiter.get(page).get_data(as_text=True)
    assert '<option selected value="advance">Advance</option>' in html


def test_the_pipeline_uses_the_wide_layout(recruiter: FlaskClient, position_id: int) -> None:
    html = recruiter.get(f"/recruit/positions/{position_id}/pipeline").get_data(as_text=True)
    assert '<main id="main" tabindex="-1" class="wide">' in html


def test_the_comparison_opens_with_a_summary_and_folds_the_rest(
    app: Flask, recruiter: FlaskClient, position_id: int, make_candidate: Callable[..., int]
) -> None:
    with app.app_context():
        store_snapshot(current_content())
        position = db.session.get(Position, position_id)
        assert position is not None
        position.requirements = REQUIREMENTS
        db.session.commit()
    ana = make_candidate(position_id, "Ana", levels=ANA)
    ben = make_candidate(position_id, "Ben", levels=BEN)
    html = recruiter.get(
        f"/recruit/positions/{position_id}/compare?candidate={ana}&candidate={ben}"
    ).get_data(as_text=True)
    summary = html.split('data-testid="compare-summary"', 1)[1].split("</section>", 1)[0]
    assert "<strong>Ana</strong>: readiness" in summary and "<strong>Ben</strong>" in summary
    ranked = summary.split('data-testid="ranked"', 1)[1]
    assert "Designing RESTful APIs: Ana is ahead of Ben" in ranked
    assert "Writing SQL queries" not in ranked  # overlapping intervals: not ranked
    assert "2 of 4 requirements cannot rank them" in summary  # SQL; Ana not assessed on soft
    folded = html.split("<details", 1)[1].split("</details>", 1)[0]
    assert 'data-testid="comparison"' in folded


def _timed(app: Flask, invitation_id: int, seconds: float) -> None:
    """Give the candidate's attempt six items viewed ``seconds`` apart, ending at submission."""
    with app.app_context():
        inv = db.session.get(Invitation, invitation_id)
        assert inv is not None and inv.attempt is not None
        attempt = inv.attempt
        attempt.item_ids = [f"item-{n}" for n in range(6)]
        end = attempt.submitted_at
        assert end is not None
        for n, item in enumerate(attempt.item_ids):
            at = end - timedelta(seconds=seconds * (6 - n))
            db.session.add(AttemptEvent(attempt_id=attempt.id, kind="view", item_id=item, at=at))
        db.session.commit()


def test_integrity_uses_the_positions_time_norms_once_enough_took_it(
    app: Flask, recruiter: FlaskClient, position_id: int, make_candidate: Callable[..., int]
) -> None:
    with app.app_context():
        store_snapshot(current_content())
    quick = make_candidate(position_id, "Quinn", levels=ANA)
    _timed(app, quick, 0.8)
    page = recruiter.get(f"/recruit/candidates/{quick}").get_data(as_text=True)
    note = page.split('data-testid="integrity-norm">', 1)[1].split("</p>", 1)[0]
    assert "once 5 have a timed attempt (0 so far)" in note
    for n, seconds in enumerate((20, 22, 18, 25, 19)):
        _timed(app, make_candidate(position_id, f"Peer{n}", levels=BEN), seconds)
    page = recruiter.get(f"/recruit/candidates/{quick}").get_data(as_text=True)
    note = page.split('data-testid="integrity-norm">', 1)[1].split("</p>", 1)[0]
    assert "typical 20.0 s per item (n = 5)" in note
    assert "unusually fast beside them" in note
