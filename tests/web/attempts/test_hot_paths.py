"""Hot paths stay cheap: statements per answer save, ETags and cached bodies on reports, and
every statement a page runs uses an index. Counted and inspected, never timed."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Response
from tests.actions import resume_link, share_link, take
from tests.support import QuizClient, attempt_row, csrf_from
from tests.worlds.people import Clone, Enrol, Klass


class Recorder:
    """Statements and commits seen on the app's engine."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []
        self.commits = 0


@contextmanager
def recording(app: Flask) -> Iterator[Recorder]:
    with app.app_context():
        engine = db.engine
    seen = Recorder()

    def on_execute(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.statements.append((statement, params))

    def on_commit(_conn: Any) -> None:
        seen.commits += 1

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    sa.event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
        sa.event.remove(engine, "commit", on_commit)


@contextmanager
def rendered(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def on_render(_app: Flask, template: Any, **_: Any) -> None:
        names.append(template.name)

    template_rendered.connect(on_render, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(on_render, app)


def _sql_kind(statement: str) -> str:
    return statement.lstrip().split(None, 1)[0].upper()


def test_answer_save_is_one_transaction_of_at_most_three_statements(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    attempt = attempt_row(app, token)
    number = attempt.item_ids.index("sql-001") + 1
    url = f"/attempt/{token}/q/{number}/autosave"
    headers = {"X-CSRFToken": csrf_from(quiz.page(number))}

    with recording(app) as first:
        resp = quiz.client.post(url, data={"answer": "B", "flag": "on"}, headers=headers)
    assert resp.get_json()["status"] == "saved"
    kinds = [_sql_kind(s) for s, _ in first.statements]
    # Read and lock the open attempt (the guard UPDATE … RETURNING, so no save can land after
    # a submission), upsert the response, write the changed flag; one commit.
    assert kinds == ["UPDATE", "INSERT", "UPDATE"], first.statements
    assert (
        "RETURNING" in first.statements[0][0] and "submitted_at IS NULL" in first.statements[0][0]
    )
    assert first.commits == 1

    with recording(app) as again:
        resp = quiz.client.post(url, data={"answer": "A", "flag": "on"}, headers=headers)
    assert resp.get_json()["status"] == "saved"
    assert [_sql_kind(s) for s, _ in again.statements] == ["UPDATE", "INSERT"]
    assert again.commits == 1

    with recording(app) as cleared:
        quiz.client.post(url, data={}, headers=headers)
    assert [_sql_kind(s) for s, _ in cleared.statements] == ["UPDATE", "DELETE", "UPDATE"]
    assert cleared.commits == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
    assert attempt_row(app, token).flagged == []


def test_answer_saved_twice_keeps_one_row_with_the_later_answer(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    number = attempt_row(app, token).item_ids.index("sql-001") + 1
    headers = {"X-CSRFToken": csrf_from(quiz.page(number))}
    url = f"/attempt/{token}/q/{number}/autosave"
    quiz.client.post(url, data={"answer": "A"}, headers=headers)
    quiz.client.post(url, data={"answer": "B"}, headers=headers)
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        assert [(r.item_id, r.answer, r.credit) for r in rows] == [
            ("sql-001", {"choice": "B"}, 1.0)
        ]


def submitted(quiz: QuizClient) -> str:
    token = quiz.start()
    quiz.answer(1, {"nav": "dont_know"}, nav="dont_know")
    resp = quiz.submit()
    assert resp.status_code == 302
    return token


def test_report_has_an_etag_and_answers_304_until_something_shown_changes(
    app: Flask, quiz: QuizClient
) -> None:
    token = submitted(quiz)
    url = f"/attempt/{token}/report"
    first = quiz.client.get(url)
    assert first.status_code == 200
    assert "Your gap report" in first.get_data(as_text=True)
    # The submit redirect flashed nothing, so the first view already carries an ETag.
    etag = first.headers["ETag"].strip('"')
    assert first.headers["Cache-Control"] == "private, no-cache"

    again = quiz.client.get(url, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.get_data() == b""

    secret = share_link(quiz.client, token).rsplit("/", 1)[1]
    changed = quiz.client.get(url, headers={"If-None-Match": f'"{etag}"'})
    assert changed.status_code == 200 and changed.headers["ETag"].strip('"') != etag
    html = changed.get_data(as_text=True)
    assert f"…/shared/{secret[:6]}…" in html and secret not in html  # shown once, then not
    revoke = re.search(r'action="(/attempt/[^"]+/shares/\d+/revoke)"', html)
    assert revoke is not None
    quiz.client.post(revoke.group(1), data={"csrf_token": csrf_from(html)})
    flashed = quiz.client.get(url, headers={"If-None-Match": f'"{etag}"'})
    assert flashed.status_code == 200 and "ETag" not in flashed.headers  # a message, once
    assert "Share link revoked" in flashed.get_data(as_text=True)


def test_report_body_is_rendered_once_per_snapshot(app: Flask, quiz: QuizClient) -> None:
    token = submitted(quiz)
    url = f"/attempt/{token}/report"
    with rendered(app) as names:
        first = quiz.client.get(url).get_data(as_text=True)
        second = quiz.client.get(url).get_data(as_text=True)
    assert names.count("reports/_body.html") == 1
    assert names.count("reports/report.html") == 2
    assert first.split('<section id="share"')[0] == second.split('<section id="share"')[0]


def test_shared_view_has_its_own_cached_body_without_review_links(
    app: Flask, quiz: QuizClient
) -> None:
    token = submitted(quiz)
    link = share_link(quiz.client, token)
    other: FlaskClient = app.test_client()
    with rendered(app) as names:
        views = [other.get(link) for _ in range(2)]
    assert [v.status_code for v in views] == [200, 200]
    assert names.count("reports/_body.html") == 1
    body = views[1].get_data(as_text=True)
    assert "Shared by the candidate" in body and "/review" not in body
    assert f"/attempt/{token}" not in body


PAGE_KINDS = {"SELECT", "UPDATE", "DELETE"}


def _plan(conn: sa.Connection, statement: str, params: Any) -> str:
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(f"EXPLAIN {statement}", params).all()
        return "\n".join(r[0] for r in rows)
    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
    return "\n".join(r[-1] for r in rows)


def _full_scans(plan: str, dialect: str) -> list[str]:
    lines = plan.splitlines()
    if dialect == "postgresql":
        return [line for line in lines if "Seq Scan" in line]
    # A table read whole; not a constant row or a subquery's rows (whose own reads of tables
    # are lines of the plan too).
    return [
        line
        for line in lines
        if line.startswith("SCAN")
        and "INDEX" not in line
        and not line.startswith(("SCAN CONSTANT ROW", "SCAN (subquery"))
    ]


def _scans_of(app: Flask, statements: list[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    """The statements whose plan reads a table whole, with the plan lines that do."""
    with app.app_context(), db.engine.connect() as conn:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            # Tables this small are read whole when allowed; forbid that to see the indexes.
            conn.exec_driver_sql("SET enable_seqscan = off")
        return [
            (statement, found)
            for statement, params in statements
            if (found := _full_scans(_plan(conn, statement, params), dialect))
        ]


def test_every_statement_a_page_runs_uses_an_index(app: Flask, quiz: QuizClient) -> None:
    with recording(app) as seen:
        token = quiz.start()
        quiz.client.get(f"/attempt/{token}/about")
        quiz.answer(1, {"nav": "dont_know"}, nav="dont_know")
        html = quiz.page(2)
        quiz.client.post(
            f"/attempt/{token}/q/2/autosave", data={"flag": "on", "csrf_token": csrf_from(html)}
        )
        quiz.client.get(resume_link(quiz.client, token))
        quiz.submit()
        app.test_client().get(share_link(quiz.client, token))
        for path in ("review", "report.json", "report.csv"):
            quiz.client.get(f"/attempt/{token}/{path}")
        quiz.client.get("/history")
    statements = [(s, p) for s, p in seen.statements if _sql_kind(s) in PAGE_KINDS]
    assert len(statements) > 20
    assert _scans_of(app, statements) == []


@pytest.mark.parametrize("name", ["DB_POOL_SIZE", "DB_MAX_OVERFLOW"])
def test_pool_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from quiz.config import engine_options
    from quiz.config import json_loads as loads

    monkeypatch.setenv(name, "7")
    options = engine_options("postgresql+psycopg://db/quiz")
    assert options[name.removeprefix("DB_").lower()] == 7
    assert options["pool_pre_ping"] is True and options["pool_recycle"] == 1800
    assert engine_options("sqlite:///x.db") == {"pool_pre_ping": True, "json_deserializer": loads}
    monkeypatch.setenv(name, "many")
    with pytest.raises(RuntimeError, match=f"{name} must be a whole number"):
        engine_options("postgresql+psycopg://db/quiz")


def test_json_columns_decode_to_the_same_values_as_the_json_module(app: Flask) -> None:
    from quiz.config import json_loads

    text = '{"mean": 0.1, "low": 1e-7, "cells": {"r": null, "s": [1, 2.5, "x\\u00e9"]}}'
    assert json_loads(text) == json.loads(text) and json_loads(text.encode()) == json.loads(text)
    assert math.isnan(json_loads('{"x": NaN}')["x"])  # json writes NaN; orjson refuses it
    with app.app_context():  # the engine uses it for every JSON column
        assert db.engine.dialect._json_deserializer is json_loads


def test_every_statement_of_the_class_pages_uses_an_index(
    app: Flask,
    klass: Klass,
    teacher: FlaskClient,
    enrol: Enrol,
    clone: Clone,
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 2
    student = enrol(klass, "ann@example.org")
    with recording(app) as seen:
        token = take(student, klass.assignment_id, "B")  # counted into the item counts
        clone(klass, token, 2, "copy")  # written behind the counts: recounted on view
        base = f"/assignments/{klass.assignment_id}"
        for path in ("", "?page=2&sort=readiness", "/items", "/items", "/dashboard.csv"):
            assert teacher.get(base + path).status_code == 200, path
        for path in (f"/cohorts/{klass.cohort_id}", f"/cohorts/{klass.cohort_id}/progress"):
            assert teacher.get(path).status_code == 200, path
    statements = [(s, p) for s, p in seen.statements if _sql_kind(s) in PAGE_KINDS]
    assert any("assignment_item_counts" in s for s, _p in statements)
    assert _scans_of(app, statements) == []
