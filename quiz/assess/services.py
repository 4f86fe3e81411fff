"""Attempt lifecycle: start, present items, save answers, submit. Routes stay thin."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort, session
from sqlalchemy.exc import IntegrityError

from quiz.bank import Content, question_type
from quiz.bank.draw import draw_items
from quiz.bank.types import Answer
from quiz.content import content_for, current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.models.base import utcnow

_SESSION_KEY = "attempts"
_MAX_REMEMBERED = 50


class AttemptClosed(Exception):
    """The attempt was submitted; its answers can no longer change."""


@dataclass(frozen=True)
class Presented:
    """One item as the candidate sees it, at position ``number`` of ``total``."""

    number: int
    total: int
    item: Any
    area_title: str
    requirement_titles: list[str]
    view: dict[str, Any]
    answer: Answer | None


def start_attempt(
    profile_id: str, length: int, qualifications: dict[str, str] | None = None
) -> Attempt:
    """Create an attempt for ``profile_id`` on the current content and bind it to the session."""
    content = current_content()
    if profile_id not in content.profiles:
        abort(404)
    store_snapshot(content)
    seed = secrets.randbelow(2**31)
    attempt = Attempt(
        profile_id=profile_id,
        bank_version=content.version,
        seed=seed,
        item_ids=draw_items(content, profile_id, seed, length),
        qualifications=qualifications,
    )
    db.session.add(attempt)
    db.session.commit()
    remembered = [t for t in session.get(_SESSION_KEY, []) if t != attempt.token]
    session[_SESSION_KEY] = [attempt.token, *remembered][:_MAX_REMEMBERED]
    return attempt


def owned_attempt(token: str) -> Attempt:
    """The attempt with ``token`` if this browser session started it; 404 otherwise."""
    if token not in session.get(_SESSION_KEY, []):
        abort(404)
    attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
    if attempt is None:
        abort(404)
    return attempt


def attempt_content(attempt: Attempt) -> Content:
    """The content version the attempt was drawn from."""
    return content_for(attempt.bank_version)


def responses_by_item(attempt: Attempt) -> dict[str, Response]:
    """The attempt's saved responses keyed by item id."""
    return {r.item_id: r for r in attempt.responses}


def present(attempt: Attempt, number: int) -> Presented:
    """Item ``number`` (1-based) of the attempt, options shuffled stably for this attempt."""
    if not 1 <= number <= len(attempt.item_ids):
        abort(404)
    content = attempt_content(attempt)
    item = content.items[attempt.item_ids[number - 1]]
    rng = random.Random(f"{attempt.seed}:{item.id}")
    saved = responses_by_item(attempt).get(item.id)
    return Presented(
        number=number,
        total=len(attempt.item_ids),
        item=item,
        area_title=content.areas[content.item_area[item.id]].title,
        requirement_titles=[content.requirements[r].title for r in item.requirements],
        view=question_type(item).render(item, rng),
        answer=saved.answer if saved else None,
    )


def save_answer(attempt: Attempt, item: Any, answer: Answer | None, *, retry: bool = True) -> None:
    """Grade and store ``answer`` (None clears a saved answer). Refused once submitted."""
    if attempt.is_submitted:
        raise AttemptClosed
    existing = responses_by_item(attempt).get(item.id)
    if answer is None:
        if existing is not None:
            db.session.delete(existing)
            db.session.commit()
        return
    credit = question_type(item).grade(item, answer)
    if existing is None:
        db.session.add(Response(attempt=attempt, item_id=item.id, answer=answer, credit=credit))
    else:
        existing.answer, existing.credit, existing.answered_at = answer, credit, utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # the same item was saved concurrently from another tab
        db.session.rollback()
        if not retry:
            raise
        save_answer(attempt, item, answer, retry=False)


def submit(attempt: Attempt) -> bool:
    """Close the attempt; True when this call closed it (idempotent)."""
    if attempt.is_submitted:
        return False
    attempt.submitted_at = utcnow()
    db.session.commit()
    return True
