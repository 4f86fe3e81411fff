"""Stored reports: downloads agree with the page, snapshots survive bank edits, re-scoring
is explicit, and share links are redacted, counted, revocable and expiring."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.extensions import db
from quiz.models import ReportSnapshot, ShareLink
from quiz.models.base import utcnow
from tests.actions import share_link
from tests.support import FIXTURE_QUESTIONS, QuizClient, csrf_from


def test_snapshot_is_stored_at_submission(
    app: Flask,
    quiz: QuizClient,
    take_and_submit: Callable[[QuizClient], None],
    snapshots: Callable[[Flask], list[ReportSnapshot]],
) -> None:
    take_and_submit(quiz)
    [snap] = snapshots(app)
    assert snap.reason == "submitted" and snap.schema_version == 2
    assert snap.data["overall"] == {"percent": 37.5, "answered": 3, "total": 8}


def test_json_and_csv_match_the_page(
    quiz: QuizClient, take_and_submit: Callable[[QuizClient], None]
) -> None:
    take_and_submit(quiz)
    page = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    resp = quiz.client.get(f"/attempt/{quiz.token}/report.json")
    assert resp.mimetype == "application/json"
    assert "attachment" in resp.headers["Content-Disposition"]
    data = json.loads(resp.get_data(as_text=True))
    assert data["schema_version"] == 2
    assert data["overall"]["percent"] == 37.5  # 3 of 8 right
    assert re.findall(r'data-testid="overall">(\d+)%', page) == ["38"]
    assert re.findall(r'data-testid="readiness">(\d+)%', page) == [
        str(round(data["readiness"]["mean"]))
    ]
    page_rows = re.findall(
        r'<tr class="row-(\w+)">\s*<th scope="row">([^<]+?)\s*</th>\s*<td>(\w+)</td>\s*'
        r"<td>(\d+)%</td>\s*<td[^>]*>(\d+)% <span class=\"muted\">\((\d+)–(\d+)\)",
        page,
    )
    json_rows = [
        (
            r["status"],
            r["title"],
            r["weight"].capitalize(),
            str(r["target"]),
            *(str(round(r["mastery"][k])) for k in ("mean", "low", "high")),
        )
        for r in data["requirements"]
    ]
    assert page_rows == json_rows and len(json_rows) == 4
    resp = quiz.client.get(f"/attempt/{quiz.token}/report.csv")
    assert resp.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert [r["requirement_id"] for r in table] == [r["id"] for r in data["requirements"]]
    for row, req in zip(table, data["requirements"], strict=True):
        assert float(row["mastery"]) == req["mastery"]["mean"]
        assert (row["status"], int(row["target"])) == (req["status"], req["target"])
        assert float(row["impact"]) == req["impact"]


def test_downloads_need_the_owner(
    app: Flask, quiz: QuizClient, take_and_submit: Callable[[QuizClient], None]
) -> None:
    take_and_submit(quiz)
    stranger = app.test_client()
    assert stranger.get(f"/attempt/{quiz.token}/report.json").status_code == 404
    assert stranger.get(f"/attempt/{quiz.token}/report.csv").status_code == 404


@pytest.fixture
def editable_content(tmp_path: Path) -> Path:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    return root


def test_report_unchanged_after_bank_edit_until_rescored(
    extra_app: Callable[..., Flask],
    editable_content: Path,
    take_and_submit: Callable[[QuizClient], None],
    snapshots: Callable[[Flask], list[ReportSnapshot]],
) -> None:
    before_app = extra_app(QUESTIONS_DIR=str(editable_content))
    quiz = QuizClient(before_app.test_client())
    take_and_submit(quiz)
    report_before = quiz.client.get(f"/attempt/{quiz.token}/report.json").get_data(as_text=True)
    review_before = quiz.client.get(f"/attempt/{quiz.token}/review").get_data(as_text=True)

    bank = editable_content / "banks" / "sql.yaml"
    bank.write_text(bank.read_text().replace("answer: B\n", "answer: A\n", 1))  # sql-001's key
    after_app = extra_app(QUESTIONS_DIR=str(editable_content))
    client = after_app.test_client()
    with quiz.client.session_transaction() as old, client.session_transaction() as new:
        new.update(old)
    assert client.get(f"/attempt/{quiz.token}/report.json").get_data(as_text=True) == report_before
    review_after = client.get(f"/attempt/{quiz.token}/review").get_data(as_text=True)
    assert review_after == review_before  # the attempt keeps its own bank version

    result = after_app.test_cli_runner().invoke(args=["reports", "rescore", "--", quiz.token])
    assert result.exit_code == 0, result.output
    assert "overall 25.0%" in result.output  # sql-001 now wrong: 2 of 8
    rescored = json.loads(client.get(f"/attempt/{quiz.token}/report.json").get_data(as_text=True))
    assert rescored["overall"]["percent"] == 25.0
    assert (
        rescored["attempt"]["bank_version"] != json.loads(report_before)["attempt"]["bank_version"]
    )
    assert [s.reason for s in snapshots(after_app)] == ["submitted", "rescored"]
    assert snapshots(after_app)[0].data == json.loads(report_before)


def test_rescore_needs_tokens_and_reports_unknown_ones(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reports", "rescore"]).exit_code == 2
    result = runner.invoke(args=["reports", "rescore", "nope"])
    assert result.exit_code == 1 and "no submitted attempt with token nope" in result.output


def create_link(quiz: QuizClient, expiry: str = "30") -> str:
    return share_link(quiz.client, quiz.token, expiry)


def test_share_link_is_redacted_and_counts_views(
    app: Flask, quiz: QuizClient, take_and_submit: Callable[[QuizClient], None]
) -> None:
    take_and_submit(quiz)
    path = create_link(quiz)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 32  # 192 random bits, URL-safe
    visitor = app.test_client()
    for _ in range(2):
        html = visitor.get(path).get_data(as_text=True)
        assert "Shared by the candidate" in html
        assert 'data-testid="readiness"' in html and "Top gaps" in html
        assert "/review" not in html and "Your answer" not in html and "report.json" not in html
        assert "Create share link" not in html
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link is not None and link.view_count == 2
        assert link.expires_at is not None
        assert timedelta(days=29) < link.expires_at - utcnow() <= timedelta(days=30)
    owner = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    assert re.search(r"<td>2</td>\s*<td>\s*<form", owner)  # view count shown to the owner


def test_revoked_and_expired_links_are_404(
    app: Flask, quiz: QuizClient, take_and_submit: Callable[[QuizClient], None]
) -> None:
    take_and_submit(quiz)
    path = create_link(quiz, "never")
    page = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    [revoke_url] = re.findall(r'action="(/attempt/[^"]+/revoke)"', page)
    stranger = app.test_client()
    stranger_page = stranger.get("/start").get_data(as_text=True)
    assert (
        stranger.post(revoke_url, data={"csrf_token": csrf_from(stranger_page)}).status_code == 404
    )
    quiz.client.post(revoke_url, data={"csrf_token": csrf_from(page)})
    resp = app.test_client().get(path)
    assert resp.status_code == 404
    assert "There is nothing at this address" in resp.get_data(as_text=True)

    path = create_link(quiz, "7")
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink).where(ShareLink.revoked_at.is_(None)))
        assert link is not None
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().get("/shared/not-a-real-token").status_code == 404


def test_share_form_rejects_unknown_expiry(
    app: Flask, quiz: QuizClient, take_and_submit: Callable[[QuizClient], None]
) -> None:
    take_and_submit(quiz)
    page = quiz.client.get(f"/attempt/{quiz.token}/report").get_data(as_text=True)
    resp = quiz.client.post(
        f"/attempt/{quiz.token}/shares",
        data={"csrf_token": csrf_from(page), "expiry": "forever"},
        follow_redirects=True,
    )
    assert "Choose how long the link should last." in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ShareLink)) == 0
