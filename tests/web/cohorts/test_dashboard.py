"""The class dashboard: statuses, the heatmap against each report, CSV, aggregates behind the
percentile threshold, progress over time, and a query count that does not grow with the class."""

from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot
from quiz.models.base import utcnow
from tests.actions import login, post_form, start, take
from tests.support import counting
from tests.worlds.people import Clone, Enrol, MakeClass


def _report(app: Flask, token: str) -> dict:  # type: ignore[type-arg]
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None
        snap = db.session.scalar(
            sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id == attempt.id)
        )
        assert snap is not None
        return dict(snap.data)


def test_dashboard_statuses_heatmap_and_csv(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    ann = enrol(klass, "ann@example.org")
    token = take(ann, klass.assignment_id, "B")
    bob = enrol(klass, "bob@example.org")
    start(bob, klass.assignment_id)
    enrol(klass, "cid@example.org")
    dee = enrol(klass, "dee@example.org")
    take(dee, klass.assignment_id, "A")
    post_form(
        dee,
        "/account/",
        "/account/delete",
        {"del-password": "correct horse battery", "del-confirm": "DELETE"},
    )

    login(client, "teacher@example.org")
    resp = client.get(f"/assignments/{klass.assignment_id}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    status_of = dict(
        re.findall(
            r">(\w+)</a></th>\s*<td><span class=\"state[^\"]*\" data-testid=\"status\">([^<]+)<",
            html,
        )
    )
    assert status_of == {"Ann": "Submitted", "Bob": "In progress", "Cid": "Not started"}
    assert "Dee</th>" in html and ">Withdrawn<" in html
    assert "1 not started, 1 in progress, 1 submitted, 0 late, 1 withdrawn." in html

    data = _report(app, token)
    readiness = data["readiness"]
    low, high = round(readiness["low"]), round(readiness["high"])
    assert f'{round(readiness["mean"])}% <span class="muted">({low}–{high})' in html
    heat = html.split('data-testid="heatmap"')[1].split("</table>")[0]
    assert heat.count("<tr data-member") == 1  # only Ann submitted and is still here
    header = heat.split("<tbody>")[0]
    for req in data["requirements"]:
        m = req["mastery"]
        if m is None:  # assessed for nobody: no column
            assert f'class="heat-req">{req["title"]} <span' not in header, req["id"]
            continue
        assert f'class="heat-req">{req["title"]} <span' in header, req["id"]
        cell = rf'data-req="{req["id"]}">{round(m["mean"])}<span class="visually-hidden">, '
        assert re.search(cell, heat), req["id"]
    assert 'scope="colgroup"' in header

    body = client.get(f"/assignments/{klass.assignment_id}/dashboard.csv").get_data(as_text=True)
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(body))}
    assert table["Ann"]["status"] == "submitted"
    assert float(table["Ann"]["readiness"]) == readiness["mean"]
    assert float(table["Ann"]["overall"]) == data["overall"]["percent"]
    assert table["Dee"]["status"] == "withdrawn" and table["Dee"]["readiness"] == ""
    assert table["Dee"]["email"] == ""
    assert table["Cid"]["status"] == "not started"


def test_dashboard_sorts_by_each_column(
    client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    take(enrol(klass, "zed@example.org"), klass.assignment_id, "B")
    enrol(klass, "amy@example.org")
    login(client, "teacher@example.org")
    by_name = client.get(f"/assignments/{klass.assignment_id}?sort=name").get_data(as_text=True)
    assert by_name.index(">Amy<") < by_name.index(">Zed<")
    by_score = client.get(f"/assignments/{klass.assignment_id}?sort=readiness&desc=1").get_data(
        as_text=True
    )
    assert by_score.index(">Zed<") < by_score.index(">Amy<")
    assert 'aria-sort="descending"' in by_score


def test_students_percentile_waits_for_the_threshold_staff_figures_do_not(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 2
    klass = make_class()
    ann = enrol(klass, "ann@example.org")
    ann_token = take(ann, klass.assignment_id, "B")
    report = ann.get(f"/attempt/{ann_token}/report").get_data(as_text=True)
    assert "appears once at least 2 students have submitted (1 so far)" in report
    login(client, "teacher@example.org")
    board = client.get(f"/assignments/{klass.assignment_id}").get_data(as_text=True)
    assert 'data-testid="aggregates-hidden"' not in board
    assert "n = 1." in board and "Readiness distribution (n = 1)" in board
    dist = board.split('data-testid="distribution"')[1].split("</table>")[0]
    assert sum(int(n) for n in re.findall(r"<td>(\d+)</td>", dist)) == 1

    take(enrol(klass, "bob@example.org"), klass.assignment_id, "Z")
    report = ann.get(f"/attempt/{ann_token}/report").get_data(as_text=True)
    ann_r = _report(app, ann_token)["readiness"]["mean"]
    assert "th percentile</strong>" in report and "of the 2 students who submitted" in report
    board = client.get(f"/assignments/{klass.assignment_id}").get_data(as_text=True)
    assert 'data-testid="aggregates-hidden"' not in board
    dist = board.split('data-testid="distribution"')[1].split("</table>")[0]
    assert sum(int(n) for n in re.findall(r"<td>(\d+)</td>", dist)) == 2
    assert ann_r >= 0


def test_dashboard_queries_do_not_grow_with_the_class(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol, clone: Clone
) -> None:
    klass = make_class()
    token = take(enrol(klass, "ann@example.org"), klass.assignment_id, "B")
    login(client, "teacher@example.org")
    clone(klass, token, 2, "few")
    urls = [
        f"/assignments/{klass.assignment_id}",
        f"/assignments/{klass.assignment_id}/dashboard.csv",
        f"/cohorts/{klass.cohort_id}/progress",
    ]
    small = {}
    for url in urls:
        with counting(app) as stmts:
            assert client.get(url).status_code == 200
        small[url] = len(stmts)
    clone(klass, token, 12, "many")
    for url in urls:
        with counting(app) as stmts:
            resp = client.get(url)
        assert resp.status_code == 200 and "many 11" in resp.get_data(as_text=True)
        assert len(stmts) == small[url], (url, stmts)


def test_progress_over_time(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    ann = enrol(klass, "ann@example.org")
    first = take(ann, klass.assignment_id, "B")
    with app.app_context(), app.test_request_context():
        from quiz.cohorts import assignments
        from quiz.models import Assignment, Cohort

        cohort = db.session.get(Cohort, klass.cohort_id)
        week1 = db.session.get(Assignment, klass.assignment_id)
        assert cohort is not None and week1 is not None
        settings = {
            c: getattr(week1, c)
            for c in (
                "profile_id",
                "mode",
                "areas",
                "length",
                "due_at",
                "attempt_limit",
                "time_limit_minutes",
                "review_allowed",
                "late_allowed",
            )
        }
        second_id = assignments.create_assignment(
            cohort, assignments.Settings(title="Week 2", opens_at=utcnow(), **settings)
        ).id
    second = take(ann, second_id, "A")
    login(client, "teacher@example.org")
    html = client.get(f"/cohorts/{klass.cohort_id}/progress").get_data(as_text=True)
    r1 = round(_report(app, first)["readiness"]["mean"])
    r2 = round(_report(app, second)["readiness"]["mean"])
    row = html.split("Ann</th>")[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]+)</td>", row)[:2] == [f"{r1}%", f"{r2}%"]
    d = r2 - r1
    assert f"{'+' if d > 0 else ''}{d} points" in row
