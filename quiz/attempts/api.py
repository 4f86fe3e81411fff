"""Attempts: start one, read its questions (never the key), answer, submit, read the report.

The lifecycle is the web's own: the same draw, save and locking (``quiz.attempts.taking``), the
same parsers of ``quiz.bank.types`` through ``parse_answer``, the same end of an attempt with its
report snapshot and signals (``quiz.attempts.ending``). Only the token's owner sees an attempt.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from flask import current_app, g
from pydantic import BaseModel, Field

from quiz.api.errors import ApiError, not_found
from quiz.api.pagination import PageQuery, decode, page_of
from quiz.api.routes import bp
from quiz.api.spec import operation
from quiz.attempts import adaptive, ending, modes, taking
from quiz.attempts.snapshots import snapshot_for
from quiz.bank import AnswerError, parse_answer
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.models import Attempt

SCOPE = "attempts:write"
TAG = "attempts"
CLOSED = "This attempt was submitted, so its answers can no longer change."
FINAL = "In an adaptive attempt an answer is final once the next question is chosen."
Text = Annotated[str, Field(max_length=500)]


class StartIn(BaseModel):
    """Which role to be assessed against, and how thoroughly."""

    profile_id: Annotated[str, Field(min_length=1, max_length=64)]
    mode: Literal["quick", "full"] = "quick"


class AttemptOut(BaseModel):
    """An attempt and where it stands."""

    token: str = Field(description="The attempt's id in every other call.")
    profile_id: str
    mode: str
    bank_version: str
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    question_count: int
    answered_count: int
    current_question: int | None = Field(description="The first unanswered question.")


class AttemptPage(BaseModel):
    """A page of the caller's attempts, newest first."""

    items: list[AttemptOut]
    next_cursor: str | None


class QuestionOut(BaseModel):
    """Question `number` of `total` as the candidate sees it: no key, no explanation."""

    number: int
    total: int
    item: dict[str, Any] = Field(
        description="id, type, stem, text_format (html: the stem is sanitized HTML), code, "
        "options (shuffled)."
    )
    answer_fields: list[str] = Field(description="The names to send in `fields`.")
    area_title: str
    requirement_titles: list[str]
    saved_answer: dict[str, Any] | None
    flagged: bool
    deadline_at: str | None


class AnswerIn(BaseModel):
    """An answer, with the same fields as the web form (e.g. `answer`, `position-<id>`)."""

    fields: dict[Text, Annotated[list[Text], Field(max_length=20)]] = Field(
        default_factory=dict, max_length=20
    )
    dont_know: bool = Field(False, description='Answer "I don\'t know" instead.')
    flagged: bool | None = Field(None, description="Flag the question for review.")


class Saved(BaseModel):
    """What the save did."""

    saved: bool
    answered: bool


class ReportOut(BaseModel):
    """The stored report snapshot of a submitted attempt (see docs/report-schema.md)."""

    attempt_token: str
    snapshot_id: int
    reason: str
    schema_version: int
    bank_version: str
    created_at: datetime
    data: dict[str, Any]


def own_attempt(token: str) -> Attempt:
    """The caller's attempt with ``token``; 404 for anyone else's or none."""
    attempt = db.session.scalar(
        sa.select(Attempt).where(Attempt.token == token, Attempt.user_id == g.api_token.user_id)
    )
    if attempt is None:
        raise not_found("attempt")
    return attempt


def attempt_out(attempt: Attempt) -> AttemptOut:
    """The attempt as the API shows it."""
    saved = taking.responses_by_item(attempt)
    current = next((n for n, i in enumerate(attempt.item_ids, 1) if i not in saved), None)
    return AttemptOut(
        token=attempt.token,
        profile_id=attempt.profile_id,
        mode=attempt.mode,
        bank_version=attempt.bank_version,
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        submitted_at=attempt.submitted_at,
        question_count=len(attempt.item_ids),
        answered_count=len(saved),
        current_question=None if attempt.is_submitted else current,
    )


@bp.post("/attempts")
@operation(SCOPE, TAG, ok=AttemptOut, status=201, json=StartIn)
def start_attempt(json: StartIn) -> tuple[AttemptOut, int]:
    """Start an attempt on a role profile in quick or full mode."""
    content = current_content()
    profile = content.profiles.get(json.profile_id)
    if profile is None:
        raise ApiError(422, "unknown_profile", f"There is no role profile {json.profile_id!r}.")
    mode = modes.MODES[json.mode]
    length = modes.length_for(mode, current_app.config["QUIZ_LENGTH"], len(profile.requirements), 0)
    plan = taking.Plan(profile_id=profile.id, mode=mode, length=length)
    attempt = taking.start_attempt(plan, bind_browser=False)
    return attempt_out(attempt), 201


@bp.get("/attempts")
@operation(SCOPE, TAG, ok=AttemptPage, query=PageQuery)
def list_attempts(query: PageQuery) -> AttemptPage:
    """List your attempts, newest first."""
    before = decode(query.cursor, int)
    where: list[sa.ColumnElement[bool]] = [Attempt.user_id == g.api_token.user_id]
    if before is not None:
        where.append(Attempt.id < before)
    rows = list(
        db.session.scalars(
            sa.select(Attempt).where(*where).order_by(Attempt.id.desc()).limit(query.limit + 1)
        )
    )
    shown, cursor = page_of(rows, query.limit, lambda a: a.id)
    return AttemptPage(items=[attempt_out(a) for a in shown], next_cursor=cursor)


@bp.get("/attempts/<token>")
@operation(SCOPE, TAG, ok=AttemptOut)
def get_attempt(token: str) -> AttemptOut:
    """An attempt: its counts, its deadline and its first unanswered question."""
    attempt = own_attempt(token)
    ending.close_if_due(attempt)
    return attempt_out(attempt)


def _open(attempt: Attempt) -> None:
    """409 unless the attempt still takes answers (submitting it when its time is up)."""
    if ending.close_if_due(attempt):
        raise ApiError(409, "time_up", "Time is up: the attempt was submitted.")
    if attempt.is_submitted:
        raise ApiError(409, "attempt_closed", CLOSED)


def _question(attempt: Attempt, number: int) -> QuestionOut:
    if not 1 <= number <= len(attempt.item_ids):
        raise not_found("question")
    shown = taking.present(attempt, number)
    options = [o["id"] for o in shown.view.get("options", [])]
    fields = [f"position-{o}" for o in options] if shown.view["type"] == "ordering" else ["answer"]
    return QuestionOut(
        number=shown.number,
        total=shown.total,
        item=shown.view,
        answer_fields=fields,
        area_title=shown.area_title,
        requirement_titles=shown.requirement_titles,
        saved_answer=shown.answer,
        flagged=shown.flagged,
        deadline_at=shown.deadline_at,
    )


@bp.get("/attempts/<token>/questions/current")
@operation(SCOPE, TAG, ok=QuestionOut, conflict=True)
def current_question(token: str) -> QuestionOut:
    """The first unanswered question; 409 once every question has an answer."""
    attempt = own_attempt(token)
    _open(attempt)
    number = attempt_out(attempt).current_question
    if number is None:
        raise ApiError(409, "all_answered", "Every question has an answer: submit the attempt.")
    return _question(attempt, number)


@bp.get("/attempts/<token>/questions/<int(max=2147483647):number>")
@operation(SCOPE, TAG, ok=QuestionOut, conflict=True)
def get_question(token: str, number: int) -> QuestionOut:
    """Question `number` (from 1), with the answer saved so far."""
    attempt = own_attempt(token)
    _open(attempt)
    return _question(attempt, number)


@bp.put("/attempts/<token>/questions/<int(max=2147483647):number>/answer")
@operation(SCOPE, TAG, ok=Saved, json=AnswerIn, conflict=True)
def answer_question(token: str, number: int, json: AnswerIn) -> Saved:
    """Save (or, with empty fields, clear) the answer to question `number`. In an adaptive
    attempt only the current question takes answers, and an answer chooses the next one."""
    attempt = own_attempt(token)
    _open(attempt)
    if not 1 <= number <= len(attempt.item_ids):
        raise not_found("question")
    if attempt.adaptive and number != adaptive.current_number(attempt):
        raise ApiError(409, "answer_final", FINAL)
    item = taking.item_at(attempt, number)
    try:
        answer = taking.DONT_KNOW if json.dont_know else parse_answer(item, json.fields)
    except AnswerError as exc:
        raise ApiError(422, "invalid_answer", str(exc)) from exc
    try:
        taking.save_answer(attempt, item, answer, flagged=json.flagged)
    except taking.AttemptClosed as exc:  # submitted meanwhile, or its time ran out
        ending.close_if_due(attempt)
        raise ApiError(409, "attempt_closed", CLOSED) from exc
    if attempt.adaptive and answer is not None:
        adaptive.advance(attempt, number, taking.attempt_content(attempt))
    return Saved(saved=True, answered=answer is not None)


@bp.post("/attempts/<token>/submit")
@operation(SCOPE, TAG, ok=AttemptOut, conflict=True)
def submit_attempt(token: str) -> AttemptOut:
    """Submit the attempt and store its report; 409 when it was already submitted."""
    attempt = own_attempt(token)
    _open(attempt)
    if not ending.submit(attempt):
        raise ApiError(409, "attempt_closed", CLOSED)
    return attempt_out(attempt)


@bp.get("/attempts/<token>/report")
@operation("reports:read", "reports", ok=ReportOut, conflict=True)
def get_report(token: str) -> ReportOut:
    """The report of a submitted attempt, as the stored JSON snapshot."""
    attempt = own_attempt(token)
    ending.close_if_due(attempt)
    if not attempt.is_submitted:
        raise ApiError(409, "not_submitted", "Submit the attempt first; then it has a report.")
    snapshot = snapshot_for(attempt)
    return ReportOut(
        attempt_token=attempt.token,
        snapshot_id=snapshot.id,
        reason=snapshot.reason,
        schema_version=snapshot.schema_version,
        bank_version=snapshot.bank_version,
        created_at=snapshot.created_at,
        data=snapshot.data,
    )
