"""Class views at scale: the dashboard and item analysis run the same number of queries for 3
students as for 30, item analysis counted in SQL gives exactly what the pure analysis gives
on the same credits (unanswered items and partial credit included), report summaries are
stored with every report, and the dashboard pages its student table."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.analysis import analyse
from quiz.cohorts import items
from quiz.cohorts.routes.results import PAGE_SIZE
from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Assignment, Attempt, ReportSnapshot, Response
from quiz.models.base import utcnow
from quiz.models.reports import report_summary
from tests.html import duplicate_ids, vnu_errors
from tests.support import counting
from tests.worlds.people import Clone, Klass, MakeClass

ClassOf = Callable[[int], tuple[int, str]]


def test_dashboard_and_item_analysis_queries_do_not_grow_from_3_to_30_students(
    app: Flask,
    client: FlaskClient,
    class_of: ClassOf,
    clone: Clone,
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 2
    assignment_id, token = class_of(3)
    urls = [f"/assignments/{assignment_id}", f"/assignments/{assignment_id}/items"]
    few = {}
    for url in urls:
        with counting(app) as stmts:
            assert client.get(url).status_code == 200
        few[url] = len(stmts)
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment is not None
        klass = Klass(0, 0, assignment.cohort_id, assignment_id, "")
    clone(klass, token, 27, "more")
    for url in urls:
        with counting(app) as stmts:
            html = client.get(url).get_data(as_text=True)
        assert len(stmts) == few[url], (url, stmts)
        if url.endswith("/items"):
            assert "Attempts analysed</dt><dd>30:" in html
        else:
            assert "0 not started, 0 in progress, 30 submitted" in html


def _add_attempts(app: Flask, assignment_id: int, credits: list[dict[str, float | None]]) -> None:
    """Submitted attempts of ``assignment_id``: each presents the dict's items, None unanswered."""
    with app.app_context():
        content = current_content()
        store_snapshot(content)
        for n, answers in enumerate(credits):
            attempt = Attempt(
                profile_id="junior-backend",
                bank_version=content.version,
                seed=n,
                item_ids=list(answers),
                flagged=[],
                submitted_at=utcnow(),
                assignment_id=assignment_id,
            )
            db.session.add(attempt)
            db.session.flush()
            for item, credit in answers.items():
                if credit is not None:
                    db.session.add(
                        Response(attempt_id=attempt.id, item_id=item, answer={}, credit=credit)
                    )
        db.session.commit()


def test_item_analysis_in_sql_equals_the_pure_analysis(app: Flask, make_class: MakeClass) -> None:
    klass = make_class()
    app.config["COHORT_MIN_SUBMITTED"] = 2
    rng = random.Random(15)
    pool = [f"i{n}" for n in range(6)]
    credits: list[dict[str, float | None]] = []
    for _ in range(40):
        shown = rng.sample(pool, rng.choice([4, 5, 6]))
        credits.append({i: rng.choice([None, 0.0, 0.25, 0.5, 1.0, 1.0]) for i in shown})
    _add_attempts(app, klass.assignment_id, credits)
    rows = [
        (str(n), item, credit or 0.0)
        for n, answers in enumerate(credits)
        for item, credit in answers.items()
    ]
    expected = analyse(rows)
    with app.app_context(), app.test_request_context():
        assignment = db.session.get(Assignment, klass.assignment_id)
        assert assignment is not None
        result = items.analyse_assignment(assignment)
    assert result.submitted == 40 and result.form is not None
    assert result.form == expected  # every figure, bit for bit (credits are binary fractions)
    assert result.form.alpha is not None and any(s.n < 40 for s in result.form.items)


def test_every_report_is_stored_with_its_summary(app: Flask, class_of: ClassOf) -> None:
    class_of(1)
    with app.app_context():
        snapshot = db.session.scalar(sa.select(ReportSnapshot))
        assert snapshot is not None and snapshot.summary is not None
        assert snapshot.summary == report_summary(snapshot.data)
        assert snapshot.summary["readiness"]["mean"] == snapshot.data["readiness"]["mean"]
        first = snapshot.data["requirements"][0]
        assert snapshot.summary["cells"][first["id"]] == first["mastery"]["mean"]


def test_dashboard_pages_its_students(
    client: FlaskClient, class_of: ClassOf, tmp_path: Path
) -> None:
    assignment_id, _token = class_of(PAGE_SIZE + 5)
    url = f"/assignments/{assignment_id}"
    first = client.get(url).get_data(as_text=True)
    table = first.split('data-testid="status-table"')[1].split("</table>")[0]
    assert table.count("<tr data-member=") == PAGE_SIZE
    assert f"Students 1–{PAGE_SIZE} of {PAGE_SIZE + 5}." in first and "Page 1 of 2." in first
    assert f"{PAGE_SIZE + 5} submitted" in first
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    table = second.split('data-testid="status-table"')[1].split("</table>")[0]
    assert table.count("<tr data-member=") == 5 and 'rel="prev"' in second
    names = re.findall(r'data-member="\d+">\s*<th scope="row"><a [^>]+>([^<]+)<', table)
    assert names == sorted(names) and len(names) == 5
    for n, html in enumerate((first, second)):
        (tmp_path / f"page{n}.html").write_text(html)
        assert duplicate_ids(html) == []
    assert vnu_errors([tmp_path / "page0.html", tmp_path / "page1.html"]) == []
    for bad in ("0", "x", "99"):
        resp = client.get(f"{url}?page={bad}")
        assert resp.status_code == 200
        assert ("Page 1 of 2." if bad != "99" else "Page 2 of 2.") in resp.get_data(as_text=True)
