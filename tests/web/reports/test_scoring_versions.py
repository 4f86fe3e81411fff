"""Report schema versions and the candidate's stack: an old snapshot renders as stored until
it is rescored; the start form's language choice steers the draw of an any-of group."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from quiz.bank import load_content
from quiz.extensions import db
from quiz.models import ReportSnapshot
from tests.support import FIXTURE_QUESTIONS, QuizClient, attempt_row, csrf_from


def _as_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as the flat-prior model stored it (alpha/beta, no prior, no shown_by)."""
    old = copy.deepcopy(data)
    old["schema_version"] = 1
    old["readiness"] = {"mean": 64.7, "low": 46.6, "high": 81.0, "assessed": 3, "total": 4}
    for row in old["requirements"]:
        row.pop("shown_by")
        if row["mastery"]:
            row["mastery"] = {
                "mean": 66.7,
                "low": 22.4,
                "high": 97.5,
                "items": 1,
                "alpha": 2.0,
                "beta": 1.0,
            }
    for area in old["areas"]:
        area["mastery"].pop("prior")
        area["mastery"].update(alpha=2.0, beta=1.0)
    return old


def test_old_snapshot_renders_unchanged_until_rescored(
    app: Flask,
    quiz: QuizClient,
    take_and_submit: Callable[[QuizClient], None],
    snapshots: Callable[[Flask], list[ReportSnapshot]],
) -> None:
    take_and_submit(quiz)
    with app.app_context():
        snap = db.session.scalar(sa.select(ReportSnapshot))
        assert snap is not None and snap.schema_version == 2
        old = _as_version_1(snap.data)
        snap.data, snap.schema_version = old, 1
        db.session.commit()

    page = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    assert re.findall(r'data-testid="readiness">(\d+)%', page) == ["65"]
    assert "report schema 1" in page and "lucky guess" not in page
    assert page.count("67% <span") >= 1  # the stored version-1 estimate, not a new one
    stored = json.loads(quiz.client.get(f"/attempt/{quiz.token}/report.json").get_data())
    assert stored == old

    result = app.test_cli_runner().invoke(args=["reports", "rescore", "--", quiz.token])
    assert result.exit_code == 0, result.output
    page = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    fresh = json.loads(quiz.client.get(f"/attempt/{quiz.token}/report.json").get_data())
    assert fresh["schema_version"] == 2 and fresh["readiness"]["mean"] != 64.7
    assert all("prior" in r["mastery"] for r in fresh["requirements"] if r["mastery"])
    assert "report schema 2" in page and "lucky guess" in page
    assert [(s.schema_version, s.reason) for s in snapshots(app)] == [
        (1, "submitted"),
        (2, "rescored"),
    ]
    assert snapshots(app)[0].data == old


SQL_LINES = (
    "  sql-querying: {weight: must, target: 60}\n  sql-integrity: {weight: should, target: 50}"
)
GROUP = (
    "  server-language:\n    title: Some SQL\n    any_of: [sql-querying, sql-integrity]\n"
    "    weight: must\n    target: 60"
)


def _grouped_app(extra_app: Callable[..., Flask], tmp_path: Path) -> tuple[Flask, Path]:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    profile = root / "profiles" / "junior-backend.yaml"
    profile.write_text(profile.read_text().replace(SQL_LINES, GROUP))
    return extra_app(QUESTIONS_DIR=str(root), QUIZ_LENGTH=3), root


def test_start_form_offers_the_stack_and_the_draw_follows_it(
    extra_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app, root = _grouped_app(extra_app, tmp_path)
    content = load_content(root)
    integrity = {i.id for i in content.items_for("sql-integrity")}
    querying = {i.id for i in content.items_for("sql-querying")}
    client = app.test_client()
    page = client.get("/start").get_data(as_text=True)
    assert '<option value="sql-integrity">' in page and "No preference: a mix" in page
    resp = client.post(
        "/start",
        data={
            "profile": "junior-backend",
            "language": "sql-integrity",
            "csrf_token": csrf_from(page),
        },
    )
    assert resp.status_code == 302
    attempt = attempt_row(app, resp.location.split("/")[2])
    assert set(attempt.item_ids) & integrity and not set(attempt.item_ids) & querying
    assert attempt.qualifications == {"stack": ["sql-integrity"]}


def test_an_unknown_stack_choice_is_a_form_error(
    extra_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app, _ = _grouped_app(extra_app, tmp_path)
    client = app.test_client()
    page = client.get("/start").get_data(as_text=True)
    resp = client.post(
        "/start",
        data={"profile": "junior-backend", "language": "cobol", "csrf_token": csrf_from(page)},
    )
    assert resp.status_code == 400
    assert "Not a valid choice" in resp.get_data(as_text=True)
