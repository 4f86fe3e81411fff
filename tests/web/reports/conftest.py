"""Fixtures of the report tests: ``take_and_submit`` (an attempt with three answers right,
submitted through the pages) and ``snapshots`` (the stored report snapshots, oldest first)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.bank import load_content
from quiz.extensions import db
from quiz.models import ReportSnapshot
from tests.support import FIXTURE_QUESTIONS, QuizClient

KEYS = {"sql-001": "B", "sql-004": "B", "api-003": "C"}


def _stem_of(item_id: str) -> str:
    return load_content(FIXTURE_QUESTIONS).items[item_id].stem.split("?")[0][:40]


def _take_and_submit(quiz: QuizClient) -> None:
    quiz.start()
    for number in range(1, 9):
        html = quiz.page(number)
        for item_id, key in KEYS.items():
            if f'name="answer" value="{key}"' in html and _stem_of(item_id) in html:
                quiz.answer(number, {"answer": key})
    assert quiz.submit().status_code == 302


@pytest.fixture
def take_and_submit() -> Callable[[QuizClient], None]:
    """``take_and_submit(quiz)``: start an attempt in ``quiz``'s browser, answer the three
    single-choice items correctly (sql-001, sql-004, api-003), leave the rest blank, submit."""
    return _take_and_submit


@pytest.fixture
def snapshots() -> Callable[[Flask], list[ReportSnapshot]]:
    """``snapshots(app) -> rows``: every report snapshot in ``app``'s database, oldest first,
    detached."""

    def read(app: Flask) -> list[ReportSnapshot]:
        with app.app_context():
            rows = list(db.session.scalars(sa.select(ReportSnapshot).order_by(ReportSnapshot.id)))
            for row in rows:
                db.session.expunge(row)
            return rows

    return read
