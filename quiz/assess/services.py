"""Attempt lifecycle: start, present items, save answers, submit. Routes stay thin."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import abort, session
from sqlalchemy.exc import IntegrityError

from quiz.assess.modes import Mode
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
    flagged: bool
    deadline_at: str | None


@dataclass(frozen=True)
class Plan:
    """What the candidate chose on the start page."""

    profile_id: str
    mode: Mode
    length: int
    areas: tuple[str, ...] | None = None
    requirements: tuple[str, ...] = ()
    timed: bool = False
    extra_time: float = 1.0
    qualifications: dict[str, str] | None = None


def start_attempt(plan: Plan) -> Attempt:
    """Create an attempt on the current content and bind it to this browser session."""
    content = current_content()
    if plan.profile_id not in content.profiles:
        abort(404)
    store_snapshot(content)
    seed = secrets.randbelow(2**31)
    item_ids = draw_items(
        content, plan.profile_id, seed, plan.length, plan.areas, plan.requirements or None
    )
    started = utcnow()
    limit = len(item_ids) * plan.mode.seconds_per_item if plan.timed else None
    attempt = Attempt(
        profile_id=plan.profile_id,
        bank_version=content.version,
        seed=seed,
        item_ids=item_ids,
        qualifications=plan.qualifications,
        mode=plan.mode.id,
        started_at=started,
        time_limit_seconds=limit,
        extra_time=plan.extra_time,
        deadline_at=started + timedelta(seconds=limit * plan.extra_time) if limit else None,
        flagged=[],
    )
    db.session.add(attempt)
    db.session.commit()
    remember(attempt)
    return attempt


def remember(attempt: Attempt) -> None:
    """Bind ``attempt`` to this browser; the session cookie outlives the browser window."""
    session.permanent = True
    remembered = [t for t in session.get(_SESSION_KEY, []) if t != attempt.token]
    session[_SESSION_KEY] = [attempt.token, *remembered][:_MAX_REMEMBERED]


def remembered_tokens() -> list[str]:
    """Attempt tokens this browser started or resumed, newest first."""
    return list(session.get(_SESSION_KEY, []))


def retake_allowed_at(profile_id: str, mode: str, cooldown: timedelta) -> datetime | None:
    """When this browser may retake ``profile_id`` in ``mode``; None when it may now."""
    if cooldown <= timedelta(0):
        return None
    tokens = remembered_tokens()
    if not tokens:
        return None
    last = db.session.scalar(
        sa.select(sa.func.max(Attempt.submitted_at)).where(
            Attempt.token.in_(tokens), Attempt.profile_id == profile_id, Attempt.mode == mode
        )
    )
    if last is None:
        return None
    last = last.replace(tzinfo=UTC) if last.tzinfo is None else last
    allowed = last + cooldown
    return allowed if allowed > utcnow() else None


def resume(resume_token: str) -> Attempt:
    """The attempt whose secret resume token this is, bound to this browser; 404 otherwise."""
    attempt = db.session.scalar(sa.select(Attempt).where(Attempt.resume_token == resume_token))
    if attempt is None:
        abort(404)
    remember(attempt)
    return attempt


def enforce_deadline(attempt: Attempt) -> bool:
    """Submit an attempt whose time is up, with what was saved; True when this call did so."""
    if attempt.is_submitted or not attempt.is_expired(utcnow()):
        return False
    attempt.submitted_at = attempt.deadline_at
    db.session.commit()
    return True


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
        flagged=item.id in (attempt.flagged or []),
        deadline_at=attempt.deadline_at.isoformat() if attempt.deadline_at else None,
    )


DONT_KNOW: Answer = {"dont_know": True}


def save_self_ratings(attempt: Attempt, ratings: dict[str, int] | None) -> None:
    """Store the candidate's confidence (1–5) per area, used for calibration in the report."""
    attempt.self_ratings = ratings
    db.session.commit()


def set_flag(attempt: Attempt, item_id: str, flagged: bool) -> None:
    """Mark or unmark an item for review before submitting."""
    current = [i for i in (attempt.flagged or []) if i != item_id]
    attempt.flagged = [*current, item_id] if flagged else current
    db.session.commit()


def save_answer(attempt: Attempt, item: Any, answer: Answer | None, *, retry: bool = True) -> None:
    """Grade and store ``answer`` (None clears a saved answer). Refused once submitted or late."""
    enforce_deadline(attempt)
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
