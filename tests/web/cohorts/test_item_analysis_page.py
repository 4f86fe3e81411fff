"""The instructor's item analysis page of an assignment: hidden below the threshold, then the
figures of ``quiz.analysis`` for the class's credits, each explained, weak items flagged."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.analysis import analyse
from quiz.extensions import db
from quiz.models import Attempt, Response
from tests.actions import join, login, take
from tests.worlds.people import MakeClass, MakeUser


def _credits(app: Flask) -> list[tuple[str, str, float]]:
    """The credits straight from the database, unanswered items as 0."""
    with app.app_context():
        attempts = db.session.scalars(sa.select(Attempt).where(Attempt.submitted_at.is_not(None)))
        saved = {
            (r.attempt_id, r.item_id): r.credit for r in db.session.scalars(sa.select(Response))
        }
        return [(a.token, i, saved.get((a.id, i), 0.0)) for a in attempts for i in a.item_ids]


def test_item_analysis_page(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/assignments/{klass.assignment_id}/items"
    for n, choice in enumerate(["B", "A", "C"]):
        student = app.test_client()
        make_user(f"s{n}@example.org", f"S{n}")
        login(student, f"s{n}@example.org")
        join(student, klass.join_code)
        take(student, klass.assignment_id, choice)
        if n == 0:
            first = client.get(url).get_data(as_text=True)
            assert "Attempts analysed</dt><dd>1:" in first and "first impression" in first
    html = client.get(url).get_data(as_text=True)
    expected = analyse(_credits(app))
    assert expected.attempts == 3
    assert "Attempts analysed</dt><dd>3:" in html
    alpha = "—" if expected.alpha is None else f"{expected.alpha:.2f}"
    assert f"Cronbach's alpha</dt><dd>{alpha}:" in html
    for stats in expected.items:
        row = html.split(f'data-item="{stats.item}">')[1].split("</tr>")[0]
        assert f"<td>{round(stats.facility * 100)}%</td>" in row
        d = stats.discrimination_index
        assert f"<td>{'—' if d is None else f'{d:.0f}%'}</td>" in row
        # Three responses: too few to judge, so no item is flagged whatever its figures.
        assert f"Too few responses ({stats.n} of 10)" in row
        assert "flag-bad" not in row and 'data-testid="flag"' not in row
    assert "The correlation between this question and the rest of the test" in html
