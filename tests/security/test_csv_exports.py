"""CSV formula injection (the probe's finding on the class dashboard CSV): a person who signs
up as ``=HYPERLINK("http://x","y")`` must reach no spreadsheet as a formula. Every CSV route
of the app is listed here (the test fails on a new one), filled with hostile text, and no cell
of any of them starts a formula."""

from __future__ import annotations

import csv
import io

from flask import Flask

from tests.actions import join, login, take
from tests.support import QuizClient
from tests.worlds.hiring import World
from tests.worlds.people import MakeClass, MakeUser

HOSTILE = '=HYPERLINK("http://x","y")'
CSV_ROUTES = {
    "/assignments/<int:assignment_id>/dashboard.csv",
    "/recruit/positions/<int:position_id>/pipeline.csv",
    "/attempt/<token>/report.csv",
}


def _cells(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body)))


def _starts_a_formula(cell: str) -> bool:
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    try:
        float(cell)  # a negative number is a number, not a formula
    except ValueError:
        return True
    return False


def test_every_csv_route_is_covered(app: Flask) -> None:
    found = {r.rule for r in app.url_map.iter_rules() if r.rule.endswith(".csv")}
    assert found == CSV_ROUTES


def test_no_csv_cell_starts_a_formula(
    app: Flask,
    make_class: MakeClass,
    make_user: MakeUser,
    pipeline_world: World,
    quiz: QuizClient,
) -> None:
    klass = make_class()
    make_user("evil@example.org", HOSTILE)
    student = app.test_client()
    login(student, "evil@example.org")
    join(student, klass.join_code)
    token = take(student, klass.assignment_id, "B")
    teacher = app.test_client()
    login(teacher, "teacher@example.org")
    recruiter = app.test_client()
    login(recruiter, "rec@example.com")
    bodies = {
        "dashboard": teacher.get(f"/assignments/{klass.assignment_id}/dashboard.csv"),
        "pipeline": recruiter.get(f"/recruit/positions/{pipeline_world.position_id}/pipeline.csv"),
        "report": student.get(f"/attempt/{token}/report.csv"),
    }
    for name, resp in bodies.items():
        assert resp.status_code == 200, name
        assert resp.mimetype == "text/csv" and resp.headers["Cache-Control"] == "no-store"
        rows = _cells(resp.get_data(as_text=True))
        assert len(rows) >= 2, name
        assert [c for row in rows for c in row if _starts_a_formula(c)] == [], name
    dashboard = _cells(bodies["dashboard"].get_data(as_text=True))
    assert [row[0] for row in dashboard if HOSTILE in row[0]] == ["'" + HOSTILE]
    pipeline = _cells(bodies["pipeline"].get_data(as_text=True))
    assert "'=HYPERLINK(1)" in [row[0] for row in pipeline]
