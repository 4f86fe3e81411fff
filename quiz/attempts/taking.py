"""Taking a quiz: start an attempt, bind it to the browser, present its items, save answers.

How an attempt ends (submit, a deadline, deletion) is ``quiz.attempts.ending``'s alone.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import abort, session
from sqlalchemy.orm.attributes import set_committed_value

from quiz.attempts import adaptive
from quiz.attempts.modes import Mode
from quiz.bank import Content, question_type
from quiz.bank.draw import draw_items
from quiz.bank.types import Answer
from quiz.core import queue
from quiz.core.access import BROWSER_ATTEMPTS, RESUMED_ATTEMPTS, may_open_attempt
from quiz.core.access import current_user_id as _current_user_id
from quiz.core.content import content_for, current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.users import hash_token
from quiz.security.tokens import new_secret_token, tokens_match

_SESSION_KEY = BROWSER_ATTEMPTS
QUEUE = "attempts"  # the job queue of deadline closes
DEADLINE_GRACE_SECONDS = 30
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
    stack: tuple[str, ...] = ()  # requirement ids of the candidate's language and framework
    # Set by an assignment: these replace the self-practice defaults.
    time_limit_seconds: int | None = None
    close_at: datetime | None = None  # a hard deadline (due date when late work is refused)
    review_allowed: bool = True
    assignment_id: int | None = None
    content: Content | None = None  # an assignment's source (default: the current content)
    # Choose each item after the previous answer (``quiz.attempts.adaptive``), up to ``length``
    # items; the start page's quick check. Assignments, positions and the API keep fixed forms.
    adaptive: bool = False
    # An assignment's fixed form: these items for everyone, in an order shuffled per attempt.
    fixed_items: tuple[str, ...] | None = None


def _deadline(plan: Plan, started: datetime, limit: int | None) -> datetime | None:
    deadline = started + timedelta(seconds=limit * plan.extra_time) if limit else None
    if plan.close_at is not None:
        deadline = min(deadline, plan.close_at) if deadline else plan.close_at
    return deadline


def start_attempt(plan: Plan, *, bind_browser: bool = True) -> Attempt:
    """Create an attempt on the plan's content (else the current content) for the signed-in user
    (if any), and bind it to this browser session unless ``bind_browser`` is False (API calls
    have no browser); the content is stored as a snapshot the attempt pins by its version."""
    content = plan.content or current_content()
    if plan.profile_id not in content.profiles:
        abort(404)
    store_snapshot(content)
    seed = secrets.randbelow(2**31)
    if plan.adaptive:
        item_ids = [adaptive.first_item(content, plan.profile_id, seed, plan.stack)]
    elif plan.fixed_items is not None:
        item_ids = list(plan.fixed_items)
        random.Random(seed).shuffle(item_ids)
    else:
        item_ids = draw_items(
            content,
            plan.profile_id,
            seed,
            plan.length,
            plan.areas,
            plan.stack,
            plan.requirements or None,
        )
    started = utcnow()
    most = adaptive.RULES.max_length if plan.adaptive else len(item_ids)
    limit = most * plan.mode.seconds_per_item if plan.timed else None
    if plan.time_limit_seconds is not None:
        limit = plan.time_limit_seconds
    attempt = Attempt(
        profile_id=plan.profile_id,
        bank_version=content.version,
        seed=seed,
        item_ids=item_ids,
        qualifications={**(plan.qualifications or {}), "stack": list(plan.stack)}
        if plan.stack
        else plan.qualifications,
        mode=plan.mode.id,
        started_at=started,
        time_limit_seconds=limit,
        extra_time=plan.extra_time,
        deadline_at=_deadline(plan, started, limit),
        flagged=[],
        review_allowed=plan.review_allowed,
        user_id=_current_user_id(),
        assignment_id=plan.assignment_id,
        adaptive=plan.adaptive,
    )
    db.session.add(attempt)
    db.session.commit()
    if attempt.deadline_at is not None:
        _close_after_deadline(attempt)
    if bind_browser:
        remember(attempt)
    return attempt


def _close_after_deadline(attempt: Attempt) -> None:
    """Schedule ``ending.close_when_due`` for just after the deadline. The grace lets the
    candidate's own page close it first (and say that time is up); reads close it too, should
    the job be lost (a process stopping without Redis)."""
    assert attempt.deadline_at is not None
    wait = (attempt.deadline_at - utcnow()).total_seconds() + DEADLINE_GRACE_SECONDS
    queue.enqueue("quiz.attempts.ending.close_when_due", attempt.token, queue=QUEUE, delay=wait)


def stack_choices(content: Content) -> dict[str, list[tuple[str, str]]]:
    """Group id → (member id, title) of the any-of groups in any profile, in catalog order."""
    members: dict[str, set[str]] = {}
    for profile in content.profiles.values():
        for group_id, entry in profile.requirements.items():
            members.setdefault(group_id, set()).update(entry.any_of)
    return {
        group_id: [(r.id, r.title) for r in content.requirements.values() if r.id in ids]
        for group_id, ids in members.items()
        if ids
    }


def remember(attempt: Attempt, *, resumed: bool = False) -> None:
    """Bind ``attempt`` to this browser; the session cookie outlives the browser window.
    ``resumed``: it came from a resume link, so a log-in here claims it only when the person
    confirms it is theirs (a link can be planted)."""
    session.permanent = True
    remembered = [t for t in session.get(_SESSION_KEY, []) if t != attempt.token]
    session[_SESSION_KEY] = [attempt.token, *remembered][:_MAX_REMEMBERED]
    if resumed and attempt.user_id is None:
        others = [t for t in session.get(RESUMED_ATTEMPTS, []) if t != attempt.token]
        session[RESUMED_ATTEMPTS] = [attempt.token, *others][:_MAX_REMEMBERED]


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


def new_resume_link(attempt: Attempt) -> str:
    """A new secret token for ``attempt``'s resume link (the previous link stops working);
    only its SHA-256 is stored, so it is shown once, to the person who asked for it."""
    token = new_secret_token()
    attempt.resume_token_hash = hash_token(token)
    db.session.commit()
    return token


def resume(resume_token: str) -> Attempt:
    """The attempt whose secret resume token this is, bound to this browser; 404 otherwise."""
    attempt = db.session.scalar(
        sa.select(Attempt).where(Attempt.resume_token_hash == hash_token(resume_token))
    )
    if attempt is None:
        abort(404)
    remember(attempt, resumed=True)
    return attempt


def guard(where: Any) -> Any:
    """``UPDATE attempts`` that changes nothing but locks the open attempt matching ``where``."""
    return (
        sa.update(Attempt)
        .where(where, Attempt.submitted_at.is_(None))
        .values(submitted_at=None)
        .execution_options(synchronize_session=False)
    )


# Statements of the hot paths, built once: SQLAlchemy caches the compiled form of any statement,
# but one built anew per request must have its cache key computed anew (~85 µs per query).
# Values come in as bound parameters, named unlike any column (an UPDATE reserves those).
_BY_TOKEN = sa.select(Attempt).where(Attempt.token == sa.bindparam("token"))
_LOCK_BY_ID = guard(Attempt.id == sa.bindparam("attempt_id")).returning(Attempt.flagged)


def _open_guard(in_browser: bool, signed_in: bool) -> Any:
    """The guard of ``open_attempt`` returning the attempt, for one kind of visitor: the same
    rule as ``quiz.core.access.may_open_attempt`` (an account's attempt opens for that account
    only, an anonymous one for its browser), as a condition of the guard itself."""
    mine = Attempt.user_id == sa.bindparam("viewer_id") if signed_in else sa.false()
    if in_browser:
        mine = sa.or_(mine, Attempt.user_id.is_(None))
    return (
        guard(sa.and_(Attempt.token == sa.bindparam("attempt_token"), mine))
        .returning(Attempt)
        .execution_options(populate_existing=True)
    )


_OPEN_GUARD = {(b, u): _open_guard(b, u) for b in (True, False) for u in (True, False)}


def _lock_open(attempt: Attempt) -> bool:
    """Lock the attempt row for this transaction if it is still open; False once submitted.

    Every write to an open attempt starts with this guard, and submitting takes the same row
    lock (PostgreSQL) or database write lock (SQLite), so a save and a submit are serialised:
    a save either commits before the submission or sees it and is refused. The review flags
    come back with it (RETURNING), read under the lock so a concurrent flag is not lost.
    """
    row = db.session.execute(_LOCK_BY_ID, {"attempt_id": attempt.id}).first()
    if row is None:
        return False
    set_committed_value(attempt, "flagged", row.flagged)
    return True


def owned_attempt(token: str) -> Attempt:
    """The attempt with ``token`` if this browser started it or it is the signed-in user's own;
    404 otherwise."""
    attempt = db.session.scalar(_BY_TOKEN, {"token": token})
    if attempt is None or not may_open_attempt(attempt):
        abort(404)
    return attempt


def open_attempt(token: str) -> tuple[Attempt, bool]:
    """The attempt with ``token`` (404 unless the visitor may open it), and whether it is open.

    When open, the row was read by the guard ``UPDATE … RETURNING`` of ``_lock_open`` and stays
    locked until this transaction ends, so a save can follow with ``locked=True`` and no
    further statement. A submitted attempt is read normally and reported as not open.
    """
    in_browser = any(tokens_match(token, known) for known in session.get(_SESSION_KEY, []))
    uid = _current_user_id()
    if not in_browser and uid is None:
        abort(404)
    params: dict[str, Any] = {"attempt_token": token}
    if uid is not None:
        params["viewer_id"] = uid
    attempt = db.session.scalar(_OPEN_GUARD[in_browser, uid is not None], params)
    if attempt is not None:
        return attempt, True
    return owned_attempt(token), False


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
        total=adaptive.RULES.max_length if attempt.adaptive else len(attempt.item_ids),
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


def item_at(attempt: Attempt, number: int) -> Any:
    """Item ``number`` (1-based) of the attempt; 404 outside the attempt."""
    if not 1 <= number <= len(attempt.item_ids):
        abort(404)
    return attempt_content(attempt).items[attempt.item_ids[number - 1]]


def save_answer(
    attempt: Attempt,
    item: Any,
    answer: Answer | None,
    *,
    flagged: bool | None = None,
    locked: bool = False,
) -> None:
    """Grade and store ``answer`` (None clears it) and set the review flag, in one transaction.

    The transaction starts with the guard of ``_lock_open`` (skipped when ``locked``: the
    attempt came from ``open_attempt`` in this same transaction), so a save never lands after
    the submission. The response is written with one upsert keyed by (attempt, item), so two
    tabs saving the same item at once both succeed, the later one winning; the attempt row is
    written again only when the flag changes. Raises ``AttemptClosed`` once submitted or late
    (callers close a late attempt first, with ``quiz.attempts.ending.close_if_due``).
    """
    if attempt.is_submitted or attempt.is_expired(utcnow()) or not (locked or _lock_open(attempt)):
        db.session.rollback()
        raise AttemptClosed
    if answer is None:
        match = (Response.attempt_id == attempt.id) & (Response.item_id == item.id)
        db.session.execute(sa.delete(Response).where(match))
    else:
        _upsert(attempt, item, answer)
    if flagged is not None and (item.id in (attempt.flagged or [])) != flagged:
        current = [i for i in (attempt.flagged or []) if i != item.id]
        attempt.flagged = [*current, item.id] if flagged else current
    db.session.commit()


def _upsert(attempt: Attempt, item: Any, answer: Answer) -> None:
    """Insert the response, or update it when the attempt already has one for the item."""
    db.session.execute(
        _UPSERT,
        {
            "attempt_id": attempt.id,
            "item_id": item.id,
            "answer": answer,
            "credit": question_type(item).grade(item, answer),
            "answered_at": utcnow(),
        },
    )


# The same SQL on PostgreSQL and SQLite (3.24+). Written as text because SQLAlchemy does not
# cache the compiled form of its dialect-specific upsert constructs: they were compiled again
# on every save. Text with typed parameters is compiled once.
_UPSERT = sa.text(
    "INSERT INTO responses (attempt_id, item_id, answer, credit, answered_at) "
    "VALUES (:attempt_id, :item_id, :answer, :credit, :answered_at) "
    "ON CONFLICT (attempt_id, item_id) DO UPDATE SET answer = excluded.answer, "
    "credit = excluded.credit, answered_at = excluded.answered_at"
).bindparams(
    sa.bindparam("answer", type_=sa.JSON),
    sa.bindparam("answered_at", type_=UTCDateTime),
)
