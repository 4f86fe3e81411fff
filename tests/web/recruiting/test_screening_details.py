"""Smaller things on the screening pages: no decision is shown before one is made, and the
pipeline page is laid out wide enough for all its columns."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.actions import post_form


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
