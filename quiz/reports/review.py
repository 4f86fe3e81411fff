"""What a submitted attempt's owner reads beside the report: the item review (every question
with the answer given, the key and the credit) and the history of their attempts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quiz.attempts import ending
from quiz.attempts.snapshots import snapshot_for
from quiz.attempts.taking import attempt_content, responses_by_item
from quiz.bank import question_type
from quiz.extensions import db
from quiz.models import Attempt


@dataclass(frozen=True)
class ReviewRow:
    """One question as reviewed after submission."""

    number: int
    item: Any
    area_title: str
    your_answer: str
    correct_answer: str
    credit: float | None


def review_rows(attempt: Attempt) -> list[ReviewRow]:
    """Every item of the attempt with the answer given, the key and the credit earned."""
    content = attempt_content(attempt)
    saved = responses_by_item(attempt)
    rows = []
    for number, item_id in enumerate(attempt.item_ids, 1):
        item = content.items[item_id]
        qtype = question_type(item)
        response = saved.get(item_id)
        rows.append(
            ReviewRow(
                number=number,
                item=item,
                area_title=content.areas[content.item_area[item_id]].title,
                your_answer=qtype.describe(item, response.answer if response else None),
                correct_answer=qtype.key(item),
                credit=response.credit if response else None,
            )
        )
    return rows


@dataclass(frozen=True)
class HistoryRow:
    """One attempt in this browser's history."""

    attempt: Attempt
    profile_title: str
    data: dict[str, Any] | None  # the newest report, None while in progress


def history(tokens: list[str]) -> list[HistoryRow]:
    """Attempts with ``tokens``, oldest first, each with its newest report when submitted."""
    if not tokens:
        return []
    attempts = db.session.scalars(
        sa.select(Attempt).where(Attempt.token.in_(tokens)).order_by(Attempt.started_at)
    )
    rows = []
    for attempt in attempts:
        ending.close_if_due(attempt)
        content = attempt_content(attempt)
        profile = content.profiles.get(attempt.profile_id)
        title = profile.title if profile else attempt.profile_id
        data = snapshot_for(attempt).data if attempt.is_submitted else None
        rows.append(HistoryRow(attempt, title, data))
    return rows
