"""Class analytics at any size for staff: item analysis from the first submission, n beside
the figures, items with fewer than 10 responses marked instead of flagged, and the kind of
assignment (same questions or own draws) named."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Assignment
from tests.web.cohorts.conftest import ClassOf


def test_items_with_enough_responses_are_flagged_and_the_kind_is_named(
    app: Flask, client: FlaskClient, class_of: ClassOf
) -> None:
    assignment_id, _token = class_of(12)
    html = client.get(f"/assignments/{assignment_id}/items").get_data(as_text=True)
    assert "Attempts analysed</dt><dd>12:" in html and "first impression" not in html
    assert "Each student drew their own questions" in html
    assert 'data-testid="too-few"' not in html
    # Twelve copies of one attempt: each item is right (or wrong) for all, so each is flagged.
    assert html.count('data-testid="flag"') == html.count("data-item=") > 0
    assert "Very easy:" in html or "Very hard:" in html
    with app.app_context():
        db.session.execute(sa.update(Assignment).values(fixed_form=True))
        db.session.commit()
    html = client.get(f"/assignments/{assignment_id}/items").get_data(as_text=True)
    assert "Same questions for everyone: every student answered these questions" in html


def test_dashboard_shows_class_figures_for_one_student(
    client: FlaskClient, class_of: ClassOf
) -> None:
    assignment_id, _token = class_of(1)
    board = client.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert 'data-testid="weakest"' in board or "meets the target on every" in board
    assert "Readiness distribution (n = 1)" in board
    items = client.get(f"/assignments/{assignment_id}/items").get_data(as_text=True)
    assert 'data-testid="too-few"' in items and 'data-testid="flag"' not in items
